"""Citizen-facing: the history of my file, "download all my data", and asking for a correction."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.models import User
from openjobcenter.casefile.forms import CorrectionForm
from openjobcenter.casefile.models import CorrectionRequest, Document
from openjobcenter.casefile.services.access import case_of_client
from openjobcenter.casefile.services.corrections import ask_for_correction, corrections_of
from openjobcenter.casefile.services.export import build_archive, person_documents
from openjobcenter.casefile.views.common import timeline_context
from openjobcenter.core.models import Jobcenter

CITIZEN = "casefile.upload_own_document"


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@require_GET
@permission_required(CITIZEN)
def my_timeline(request: HttpRequest) -> HttpResponse:
    case = case_of_client(_user(request), _jobcenter(request))
    context = {"case": case, **(timeline_context(request, case, for_citizen=True) if case is not None else {})}
    return render(request, "casefile/citizen/timeline.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required("core.use_citizen_area")
def my_export(request: HttpRequest) -> HttpResponse:
    jobcenter, user = _jobcenter(request), _user(request)
    if request.method == "POST":
        archive = build_archive(user, jobcenter, request=request)
        name = f"meine-daten-{jobcenter.slug}-{timezone.localdate():%Y-%m-%d}.zip"
        response = FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response  # type: ignore[return-value]  # streamed: the archive may be large
    context = {"document_count": len(person_documents(user, jobcenter))}
    return render(request, "casefile/citizen/export.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(CITIZEN)
def my_correction(request: HttpRequest) -> HttpResponse:
    jobcenter, user = _jobcenter(request), _user(request)
    case = case_of_client(user, jobcenter)
    documents = list(Document.objects.for_tenant(jobcenter).filter(case=case).order_by("-created_at")) if case else []
    choices = [(d.pk, f"{d.title} ({d.get_category_display()}, {d.created_at:%d.%m.%Y})") for d in documents]
    form = CorrectionForm(request.POST or None, documents=choices)
    if case is not None and request.method == "POST" and form.is_valid():
        document = next((d for d in documents if d.pk == form.cleaned_data["document"]), None)
        ask_for_correction(citizen=user, case=case, text=form.cleaned_data["text"], document=document, request=request)
        messages.success(request, _("Ihr Antrag auf Berichtigung ist eingegangen. Ihr Team antwortet Ihnen hier."))
        return redirect("casefile:my_correction", jobcenter=jobcenter.slug)
    context = {
        "case": case,
        "form": form,
        "corrections": corrections_of(user, case) if case is not None else [],
    }
    return render(request, "casefile/citizen/correction.html", context, status=400 if request.method == "POST" else 200)


@require_GET
@permission_required(CITIZEN)
def my_correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter, user = _jobcenter(request), _user(request)
    correction = (
        CorrectionRequest.objects.for_tenant(jobcenter).filter(pk=pk, person=user).select_related("document").first()
    )
    if correction is None:
        raise Http404
    return render(request, "casefile/citizen/correction_detail.html", {"correction": correction})
