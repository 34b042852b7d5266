"""Citizen-facing: "Meine Unterlagen" – the household's documents and the upload form."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.casefile.forms import UploadForm
from openjobcenter.casefile.models import Document
from openjobcenter.casefile.services.access import CaseAccessDenied, case_of_client
from openjobcenter.casefile.services.documents import read_document, upload_document
from openjobcenter.casefile.views.common import attachment


@require_http_methods(["GET", "POST"])
@permission_required("casefile.upload_own_document")
def my_documents(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    case = case_of_client(request.user, jobcenter)  # type: ignore[arg-type]
    form = UploadForm(request.POST or None, request.FILES or None)
    if case is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = upload_document(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            clean=data["file"],
            category=data["category"],
            title=data["title"],
            request=request,
        )
        messages.success(request, _("Vielen Dank. „%(title)s“ ist jetzt in Ihrer Akte.") % {"title": document.title})
        return redirect("casefile:my_documents", jobcenter=jobcenter.slug)
    documents = (
        Document.objects.for_tenant(jobcenter).filter(case=case).select_related("person").order_by("-created_at")
        if case is not None
        else Document.objects.for_tenant(jobcenter).none()
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "casefile/citizen/documents.html", {"case": case, "form": form, "documents": documents}, status=status
    )


@require_GET
@permission_required("casefile.upload_own_document")
def download(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    case = case_of_client(request.user, jobcenter)  # type: ignore[arg-type]
    document = Document.objects.for_tenant(jobcenter).filter(case=case, pk=pk).select_related("case").first()
    if case is None or document is None:
        raise Http404
    try:
        content = read_document(request.user, document, request=request)  # type: ignore[arg-type]
    except CaseAccessDenied:
        raise Http404 from None
    return attachment(document, content)
