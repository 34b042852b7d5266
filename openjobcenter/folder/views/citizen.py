"""Citizen-facing: "Meine Bewerbungsmappe" – CV builder, certificates, cover letters, share links,
the advisor's consent and comments. Everything is the signed-in person's own folder; another
person's entry, letter, certificate or share is simply not found (404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.folder.forms import AnswerForm, CertificateForm, EntryForm, LetterForm, PersonalForm, ShareForm
from openjobcenter.folder.models import (
    Certificate,
    Comment,
    ConsentChange,
    CoverLetter,
    CvEntry,
    Folder,
    Section,
    Share,
    ShareAccess,
)
from openjobcenter.folder.services import advisor, certificates, folders, sharing
from openjobcenter.folder.views.common import certificate_response, cv_pdf_response, letter_pdf_response

MANAGE = "folder.manage_own_folder"
TOKEN_SESSION_KEY = "folder_new_share_token"


def _folder(request: HttpRequest) -> Folder:
    return folders.folder_for(request.user, request.jobcenter)  # type: ignore[arg-type,attr-defined]


def _go(request: HttpRequest, name: str, anchor: str = "", **kwargs: Any) -> HttpResponse:
    url = reverse(f"folder:{name}", kwargs={"jobcenter": request.jobcenter.slug, **kwargs})  # type: ignore[attr-defined]
    return redirect(f"{url}#{anchor}" if anchor else url)


def _own[M: (CvEntry, Certificate, CoverLetter, Share, Comment)](model: type[M], folder: Folder, pk: int) -> M:
    found = model.objects.for_tenant(folder.jobcenter).filter(folder=folder, pk=pk).first()
    if found is None:
        raise Http404
    return found


# --- Overview ------------------------------------------------------------------------------------


@require_GET
@permission_required(MANAGE)
def home(request: HttpRequest) -> HttpResponse:
    folder = _folder(request)
    jobcenter = folder.jobcenter
    comments = (
        Comment.objects.for_tenant(jobcenter)
        .filter(folder=folder, parent__isnull=True)
        .select_related("author")
        .prefetch_related("answers")
    )
    context = {
        "folder": folder,
        "entry_count": CvEntry.objects.for_tenant(jobcenter).filter(folder=folder).count(),
        "certificate_count": Certificate.objects.for_tenant(jobcenter).filter(folder=folder).count(),
        "letter_count": CoverLetter.objects.for_tenant(jobcenter).filter(folder=folder).count(),
        "active_shares": [s for s in Share.objects.for_tenant(jobcenter).filter(folder=folder) if s.is_active],
        "consent_changes": ConsentChange.objects.for_tenant(jobcenter).filter(folder=folder)[:5],
        "comments": comments,
        "answer_form": AnswerForm(),
    }
    return render(request, "folder/citizen/home.html", context)


@require_POST
@permission_required(MANAGE)
def consent(request: HttpRequest) -> HttpResponse:
    given = request.POST.get("given") == "1"
    if folders.set_consent(actor=request.user, folder=_folder(request), given=given, request=request):  # type: ignore[arg-type]
        messages.success(
            request,
            _("Ihre Beraterin oder Ihr Berater kann Ihre Mappe jetzt sehen und kommentieren.")
            if given
            else _("Sie haben die Einwilligung widerrufen. Das Jobcenter sieht Ihre Mappe nicht mehr."),
        )
    return _go(request, "home", "beratung")


@require_POST
@permission_required(MANAGE)
def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own(Comment, _folder(request), pk)
    form = AnswerForm(request.POST)
    if form.is_valid() and comment.from_staff:
        advisor.answer_comment(actor=request.user, comment=comment, text=form.cleaned_data["text"], request=request)  # type: ignore[arg-type]
        messages.success(request, _("Ihre Antwort ist gespeichert."))
    else:
        messages.error(request, _("Bitte schreiben Sie eine Antwort (höchstens 2000 Zeichen)."))
    return _go(request, "home", "kommentare")


@require_POST
@permission_required(MANAGE)
def comment_done(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own(Comment, _folder(request), pk)
    advisor.mark_done(actor=request.user, comment=comment, done=request.POST.get("done") == "1", request=request)  # type: ignore[arg-type]
    return _go(request, "home", "kommentare")


# --- CV ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def cv(request: HttpRequest) -> HttpResponse:
    folder = _folder(request)
    form = PersonalForm(request.POST or None, instance=folder)
    if request.method == "POST":
        if form.is_valid():
            folders.save_personal(actor=request.user, folder=folder, data=form.cleaned_data, request=request)  # type: ignore[arg-type]
            messages.success(request, _("Ihre Angaben sind gespeichert."))
            return _go(request, "cv")
        folder.refresh_from_db()
    context = {
        "folder": folder,
        "form": form,
        "sections": [(section, folders.entries_by_section(folder)[section.value]) for section in Section],
    }
    return render(request, "folder/citizen/cv.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def entry_new(request: HttpRequest, section: str) -> HttpResponse:
    if section not in Section.values:
        raise Http404
    folder = _folder(request)
    form = EntryForm(request.POST or None, section=section)
    if request.method == "POST" and form.is_valid():
        folders.add_entry(actor=request.user, folder=folder, section=section, data=form.cleaned_data, request=request)  # type: ignore[arg-type]
        messages.success(request, _("Der Eintrag ist gespeichert."))
        return _go(request, "cv", f"abschnitt-{section}")
    context = {"form": form, "section": Section(section), "entry": None}
    return render(request, "folder/citizen/entry.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own(CvEntry, _folder(request), pk)
    initial = {name: getattr(entry, name) for name in folders.ENTRY_FIELDS}
    form = EntryForm(request.POST or None, initial=initial, section=entry.section)
    if request.method == "POST" and form.is_valid():
        folders.update_entry(actor=request.user, entry=entry, data=form.cleaned_data, request=request)  # type: ignore[arg-type]
        messages.success(request, _("Der Eintrag ist gespeichert."))
        return _go(request, "cv", f"abschnitt-{entry.section}")
    context = {"form": form, "section": Section(entry.section), "entry": entry}
    return render(request, "folder/citizen/entry.html", context, status=400 if form.errors else 200)


@require_POST
@permission_required(MANAGE)
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own(CvEntry, _folder(request), pk)
    folders.delete_entry(actor=request.user, entry=entry, request=request)  # type: ignore[arg-type]
    messages.success(request, _("Der Eintrag „%(title)s“ ist entfernt.") % {"title": entry.title})
    return _go(request, "cv", f"abschnitt-{entry.section}")


@require_POST
@permission_required(MANAGE)
def entry_move(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own(CvEntry, _folder(request), pk)
    folders.move_entry(actor=request.user, entry=entry, up=request.POST.get("direction") == "up", request=request)  # type: ignore[arg-type]
    return _go(request, "cv", f"eintrag-{entry.pk}")


@require_GET
@permission_required(MANAGE)
def cv_pdf(request: HttpRequest) -> HttpResponse:
    return cv_pdf_response(request, _folder(request))


# --- Certificates --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def certificate_list(request: HttpRequest) -> HttpResponse:
    folder = _folder(request)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        certificates.upload_certificate(
            actor=request.user, folder=folder, clean=data["file"], title=data["title"], issued_on=data["issued_on"],  # type: ignore[arg-type]
            request=request,
        )  # fmt: skip
        messages.success(request, _("Der Nachweis ist hochgeladen."))
        return _go(request, "certificates")
    context = {
        "form": form,
        "certificates": Certificate.objects.for_tenant(folder.jobcenter).filter(folder=folder),
    }
    return render(request, "folder/citizen/certificates.html", context, status=400 if form.errors else 200)


@require_GET
@permission_required(MANAGE)
def certificate_file(request: HttpRequest, pk: int) -> HttpResponse:
    return certificate_response(_own(Certificate, _folder(request), pk))


@require_POST
@permission_required(MANAGE)
def certificate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _own(Certificate, _folder(request), pk)
    certificates.delete_certificate(actor=request.user, certificate=certificate, request=request)  # type: ignore[arg-type]
    messages.success(request, _("Der Nachweis „%(title)s“ ist gelöscht.") % {"title": certificate.title})
    return _go(request, "certificates")


# --- Cover letters -------------------------------------------------------------------------------


@require_GET
@permission_required(MANAGE)
def letter_list(request: HttpRequest) -> HttpResponse:
    folder = _folder(request)
    letters = CoverLetter.objects.for_tenant(folder.jobcenter).filter(folder=folder)
    return render(request, "folder/citizen/letters.html", {"letters": letters})


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def letter_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    folder = _folder(request)
    letter = _own(CoverLetter, folder, pk) if pk is not None else None
    form = LetterForm(request.POST or None, instance=letter)
    if request.method == "POST" and form.is_valid():
        folders.save_letter(actor=request.user, folder=folder, data=form.cleaned_data, letter=letter, request=request)  # type: ignore[arg-type]
        messages.success(request, _("Das Anschreiben ist gespeichert."))
        return _go(request, "letters")
    return render(
        request, "folder/citizen/letter.html", {"form": form, "letter": letter}, status=400 if form.errors else 200
    )


@require_POST
@permission_required(MANAGE)
def letter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _own(CoverLetter, _folder(request), pk)
    folders.delete_letter(actor=request.user, letter=letter, request=request)  # type: ignore[arg-type]
    messages.success(request, _("Das Anschreiben „%(title)s“ ist gelöscht.") % {"title": letter.title})
    return _go(request, "letters")


@require_GET
@permission_required(MANAGE)
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return letter_pdf_response(request, _own(CoverLetter, _folder(request), pk))


# --- Sharing -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def share_list(request: HttpRequest) -> HttpResponse:
    folder = _folder(request)
    form = ShareForm(request.POST or None, folder=folder)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        share, token = sharing.create_share(
            actor=request.user, folder=folder, recipient=data["recipient"], days=data["days"],  # type: ignore[arg-type]
            include_cv=data["include_cv"], certificates=data["certificates"], cover_letter=data["cover_letter"],
            request=request,
        )  # fmt: skip
        # Shown once on the next page; only the hash is stored.
        request.session[TOKEN_SESSION_KEY] = {"share": share.pk, "token": token}
        return _go(request, "share", pk=share.pk)
    shares = Share.objects.for_tenant(folder.jobcenter).filter(folder=folder)
    context = {"form": form, "shares": shares, "has_documents": True}
    return render(request, "folder/citizen/shares.html", context, status=400 if form.errors else 200)


@require_GET
@permission_required(MANAGE)
def share_detail(request: HttpRequest, pk: int) -> HttpResponse:
    share = _own(Share, _folder(request), pk)
    fresh = request.session.get(TOKEN_SESSION_KEY)
    link = ""
    if isinstance(fresh, dict) and fresh.get("share") == share.pk:
        del request.session[TOKEN_SESSION_KEY]
        link = request.build_absolute_uri(
            reverse("folder:shared", kwargs={"jobcenter": share.jobcenter.slug, "token": fresh["token"]})
        )
    context = {
        "share": share,
        "link": link,
        "certificates": list(share.certificates.all()),
        "accesses": ShareAccess.objects.for_tenant(share.jobcenter).filter(share=share)[:500],
    }
    return render(request, "folder/citizen/share.html", context)


@require_POST
@permission_required(MANAGE)
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    share = _own(Share, _folder(request), pk)
    if sharing.revoke_share(actor=request.user, share=share, request=request):  # type: ignore[arg-type]
        messages.success(request, _("Der Link ist zurückgezogen. Niemand kann die Mappe darüber mehr öffnen."))
    return _go(request, "share", pk=share.pk)
