"""Applying with the folder ("Mit Mappe bewerben"): the citizen shares the folder with the employer
of a vacancy; the employer's people (signed in, role employer, or the employer service acting for the
company) open it from the vacancy's candidates page. Every access is logged like a share link's."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import permission_required, tenant_login_required
from openjobcenter.folder.forms import ShareForm
from openjobcenter.folder.models import AccessKind, Certificate, Share
from openjobcenter.folder.services import folders, sharing
from openjobcenter.folder.views.citizen import MANAGE, TOKEN_SESSION_KEY, _folder
from openjobcenter.folder.views.common import certificate_response, cv_pdf_response, downloads, letter_pdf_response
from openjobcenter.jobs.views.common import may_manage, visible_vacancy


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def apply(request: HttpRequest, vacancy: int) -> HttpResponse:
    job = visible_vacancy(request, vacancy)
    if not job.is_published:
        raise Http404
    folder = _folder(request)
    form = ShareForm(request.POST or None, folder=folder, initial={"recipient": job.employer.name, "days": 30})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        share, token = sharing.create_share(
            actor=request.user, folder=folder, recipient=data["recipient"], days=data["days"],  # type: ignore[arg-type]
            include_cv=data["include_cv"], certificates=data["certificates"], cover_letter=data["cover_letter"],
            request=request, vacancy=job,
        )  # fmt: skip
        request.session[TOKEN_SESSION_KEY] = {"share": share.pk, "token": token}
        messages.success(
            request,
            _("Ihre Bewerbung ist verschickt: %(employer)s sieht Ihre Mappe bei der Stelle „%(title)s“.")
            % {"employer": job.employer.name, "title": job.title},
        )
        return redirect("folder:share", jobcenter=folder.jobcenter.slug, pk=share.pk)
    context = {"form": form, "vacancy": job, "folder": folder}
    return render(request, "folder/citizen/apply.html", context, status=400 if form.errors else 200)


def _application(request: HttpRequest, pk: int) -> Share:
    share = (
        Share.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined]
        .select_related("folder", "folder__owner", "employer", "vacancy", "cover_letter")
        .filter(pk=pk, employer__isnull=False)
        .first()
    )
    if share is None or share.employer is None or not may_manage(request, share.employer) or not share.is_active:
        raise Http404
    return share


@require_GET
@tenant_login_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    share = _application(request, pk)
    sharing.record_access(share, AccessKind.PAGE, request)
    folder = share.folder
    context = {
        "share": share,
        "folder": folder,
        "sections": folders.entries_by_section(folder) if share.include_cv else {},
        **downloads(share, "application", {"pk": share.pk}, "certificate"),
    }
    response = render(request, "folder/employer/application.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@tenant_login_required
def application_cv(request: HttpRequest, pk: int) -> HttpResponse:
    share = _application(request, pk)
    if not share.include_cv:
        raise Http404
    sharing.record_access(share, AccessKind.CV, request)
    return cv_pdf_response(request, share.folder)


@require_GET
@tenant_login_required
def application_letter(request: HttpRequest, pk: int) -> HttpResponse:
    share = _application(request, pk)
    if share.cover_letter is None:
        raise Http404
    sharing.record_access(share, AccessKind.LETTER, request, item=share.cover_letter.title)
    return letter_pdf_response(request, share.cover_letter)


@require_GET
@tenant_login_required
def application_certificate(request: HttpRequest, pk: int, certificate: int) -> HttpResponse:
    share = _application(request, pk)
    found: Certificate | None = share.certificates.filter(pk=certificate).first()
    if found is None:
        raise Http404
    sharing.record_access(share, AccessKind.CERTIFICATE, request, item=found.title)
    return certificate_response(found)
