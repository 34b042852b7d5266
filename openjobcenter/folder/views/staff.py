"""Staff-facing: the folder of a person of a case, read-only, for the case's team and only with the
person's consent. Without consent a page says so (403); another team or Jobcenter gets nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.models import User
from openjobcenter.casefile.models import Case, HouseholdRole
from openjobcenter.folder.forms import CommentForm
from openjobcenter.folder.models import Certificate, Comment, CoverLetter, Folder
from openjobcenter.folder.services import advisor, folders
from openjobcenter.folder.services.advisor import FolderAccess
from openjobcenter.folder.views.common import certificate_response, cv_pdf_response, letter_pdf_response

VIEW = advisor.VIEW_PERM


def _case(request: HttpRequest, pk: int) -> Case:
    case = Case.objects.for_tenant(request.jobcenter).select_related("team", "jobcenter").filter(pk=pk).first()  # type: ignore[attr-defined]
    if case is None:
        raise Http404
    return case


def _person(request: HttpRequest, case: Case) -> User:
    memberships = list(case.memberships.select_related("person"))
    wanted = request.GET.get("person", "") or request.POST.get("person", "")
    if wanted:
        found = next((m.person for m in memberships if str(m.person_id) == wanted), None)
        if found is None:
            raise Http404
        return found
    if not memberships:
        raise Http404
    head = next((m for m in memberships if m.role == HouseholdRole.HEAD), memberships[0])
    return head.person


def _guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Case, person and folder; the view runs only with consent, else the "no consent" page."""

    @permission_required(VIEW)
    @wraps(view)
    def wrapper(request: HttpRequest, case: int, **kwargs: Any) -> HttpResponse:
        found = _case(request, case)
        person = _person(request, found)
        folder = folders.folder_of(person, found.jobcenter)
        access = advisor.advisor_access(request.user, found, person, folder)  # type: ignore[arg-type]
        if access == FolderAccess.NONE:
            raise PermissionDenied
        if access == FolderAccess.NO_CONSENT or folder is None:
            context = {"case": found, "person": person, "folder": folder}
            return render(request, "folder/staff/no_consent.html", context, status=403)
        return view(request, found, person, folder, **kwargs)

    return wrapper


def _folder_url(case: Case, person: User) -> str:
    url = reverse("folder:staff_folder", kwargs={"jobcenter": case.jobcenter.slug, "case": case.pk})
    return f"{url}?person={person.pk}"


@require_GET
@_guarded
def staff_folder(request: HttpRequest, case: Case, person: User, folder: Folder) -> HttpResponse:
    advisor.log_folder_read(request.user, folder, target=folder, request=request)  # type: ignore[arg-type]
    jobcenter = folder.jobcenter
    context = {
        "case": case,
        "person": person,
        "folder": folder,
        "sections": folders.entries_by_section(folder),
        "certificates": Certificate.objects.for_tenant(jobcenter).filter(folder=folder),
        "letters": CoverLetter.objects.for_tenant(jobcenter).filter(folder=folder),
        "comments": Comment.objects.for_tenant(jobcenter)
        .filter(folder=folder, parent__isnull=True)
        .select_related("author")
        .prefetch_related("answers"),
        "comment_form": CommentForm(),
        "folder_url": _folder_url(case, person),
    }
    return render(request, "folder/staff/folder.html", context)


@require_POST
@_guarded
def staff_comment(request: HttpRequest, case: Case, person: User, folder: Folder) -> HttpResponse:
    form = CommentForm(request.POST)
    if form.is_valid():
        advisor.add_staff_comment(actor=request.user, folder=folder, text=form.cleaned_data["text"], request=request)  # type: ignore[arg-type]
        messages.success(request, _("Ihr Kommentar ist gespeichert. Die Kundin oder der Kunde sieht ihn."))
    else:
        messages.error(request, _("Bitte schreiben Sie einen Kommentar (höchstens 2000 Zeichen)."))
    return redirect(_folder_url(case, person) + "#kommentare")


@require_GET
@_guarded
def staff_cv_pdf(request: HttpRequest, case: Case, person: User, folder: Folder) -> HttpResponse:
    advisor.log_folder_read(request.user, folder, target=folder, request=request)  # type: ignore[arg-type]
    return cv_pdf_response(request, folder)


@require_GET
@_guarded
def staff_certificate(request: HttpRequest, case: Case, person: User, folder: Folder, pk: int) -> HttpResponse:
    certificate = Certificate.objects.for_tenant(folder.jobcenter).filter(folder=folder, pk=pk).first()
    if certificate is None:
        raise Http404
    advisor.log_folder_read(request.user, folder, target=certificate, request=request)  # type: ignore[arg-type]
    return certificate_response(certificate)


@require_GET
@_guarded
def staff_letter_pdf(request: HttpRequest, case: Case, person: User, folder: Folder, pk: int) -> HttpResponse:
    letter = CoverLetter.objects.for_tenant(folder.jobcenter).filter(folder=folder, pk=pk).first()
    if letter is None:
        raise Http404
    advisor.log_folder_read(request.user, folder, target=letter, request=request)  # type: ignore[arg-type]
    return letter_pdf_response(request, letter)
