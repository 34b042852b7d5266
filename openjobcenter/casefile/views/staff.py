"""Staff-facing: case search, the case page (documents, versions, notes), uploads, break the glass."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.models import User
from openjobcenter.casefile.forms import (
    AnswerForm,
    HoldForm,
    LiftHoldForm,
    NoteForm,
    ReasonForm,
    SearchForm,
    StaffUploadForm,
    VersionForm,
)
from openjobcenter.casefile.models import Case, CorrectionRequest, Document, LegalHold
from openjobcenter.casefile.services.access import (
    PURPOSE_CASE_WORK,
    Access,
    CaseAccessDenied,
    ReasonRequired,
    open_case,
    search_cases,
    staff_access,
    text_hits,
)
from openjobcenter.casefile.services.corrections import open_corrections, resolve_correction
from openjobcenter.casefile.services.documents import VersionConflict, read_document, upload_document
from openjobcenter.casefile.services.notes import add_note, visible_notes
from openjobcenter.casefile.services.retention import SET_HOLD, HoldRefused, active_holds, lift_hold, set_hold
from openjobcenter.casefile.views.common import attachment, timeline_context
from openjobcenter.casefile.views.reasons import remember_reason, session_reason

VIEW_CASE = "casefile.view_case"
# A stated reason opens one case for this long, in this session only.


def _case(request: HttpRequest, pk: int) -> Case:
    case = Case.objects.for_tenant(request.jobcenter).select_related("team", "jobcenter").filter(pk=pk).first()  # type: ignore[attr-defined]
    if case is None:
        raise Http404
    return case


def _session_reason(request: HttpRequest, case: Case) -> str | None:
    return session_reason(request, case.pk)


def _remember_reason(request: HttpRequest, case: Case, reason: str) -> None:
    remember_reason(request, case.pk, reason)


def _authorise(request: HttpRequest, case: Case) -> str | None:
    """Before any work on a case (and before a file is read): the team, or a reason given in this session."""
    access = staff_access(request.user, case)  # type: ignore[arg-type]
    reason = _session_reason(request, case)
    if access == Access.NONE or (access == Access.REASON_NEEDED and reason is None):
        raise PermissionDenied
    return reason


def _members(case: Case) -> list[tuple[int, str]]:
    return [(m.person_id, str(m.person)) for m in case.memberships.select_related("person")]


@require_GET
@permission_required(VIEW_CASE)
def search(request: HttpRequest) -> HttpResponse:
    if request.user.jobcenter_id != request.jobcenter.pk:  # type: ignore[attr-defined,union-attr]
        raise PermissionDenied  # platform admins (hosting) do no case work
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    own, others = search_cases(request.user, request.jobcenter, query)  # type: ignore[arg-type,attr-defined]
    own_list = list(own[:50])
    hits = text_hits(request.user, request.jobcenter, query, own_list)  # type: ignore[arg-type,attr-defined]
    context: dict[str, Any] = {
        "form": form,
        "query": query,
        "own": [(case, hits.get(case.pk, [])) for case in own_list],
        "others": [(case, []) for case in others[:10]],
    }
    return render(request, "casefile/staff/search.html", context)


@require_GET
@permission_required(VIEW_CASE)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _case_page(request, case)


def _case_page(request: HttpRequest, case: Case, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    reason = _session_reason(request, case)
    try:
        access = open_case(user, case, PURPOSE_CASE_WORK, reason, request=request)  # type: ignore[arg-type]
    except CaseAccessDenied:
        raise PermissionDenied from None
    except ReasonRequired:
        return render(request, "casefile/staff/reason.html", {"case": case, "form": ReasonForm()}, status=403)
    documents = (
        Document.objects.for_tenant(case.jobcenter)
        .filter(case=case)
        .select_related("person", "uploaded_by", "previous")
        .order_by("-created_at", "-pk")
    )
    current = [d for d in documents if not any(other.previous_id == d.pk for other in documents)]
    history = {d.pk: _history(d, documents) for d in current}
    context = {
        "case": case,
        "access": access,
        "reason": reason,
        "members": case.memberships.select_related("person"),
        "documents": [(d, history[d.pk]) for d in current],
        "notes": visible_notes(user, case),  # type: ignore[arg-type]
        "upload_form": forms.get("upload_form") or StaffUploadForm(members=_members(case)),
        "note_form": forms.get("note_form") or NoteForm(),
        "may_note": user.has_perm("casefile.add_note"),
        "holds": active_holds(case).select_related("document", "set_by"),
        "may_hold": user.has_perm(SET_HOLD),
        "hold_form": forms.get("hold_form") or HoldForm(),
        "lift_form": LiftHoldForm(),
        "corrections": open_corrections(case),
        **timeline_context(request, case, for_citizen=False),
    }
    return render(request, "casefile/staff/case.html", context, status=status)


def _history(document: Document, documents: Any) -> list[Document]:
    by_pk = {d.pk: d for d in documents}
    older = []
    cursor = by_pk.get(document.previous_id) if document.previous_id else None
    while cursor is not None:
        older.append(cursor)
        cursor = by_pk.get(cursor.previous_id) if cursor.previous_id else None
    return older


@require_POST
@permission_required(VIEW_CASE)
def give_reason(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if staff_access(request.user, case) == Access.NONE:  # type: ignore[arg-type]
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return render(request, "casefile/staff/reason.html", {"case": case, "form": form}, status=400)
    _remember_reason(request, case, form.cleaned_data["reason"])
    return redirect("casefile:case", jobcenter=case.jobcenter.slug, pk=case.pk)


@require_POST
@permission_required(VIEW_CASE)
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    reason = _authorise(request, case)
    form = StaffUploadForm(request.POST, request.FILES, members=_members(case))
    if not form.is_valid():
        return _case_page(request, case, status=400, upload_form=form)
    data = form.cleaned_data
    person = case.memberships.filter(person_id=data["person"]).first() if data["person"] else None
    try:
        document = upload_document(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            clean=data["file"],
            category=data["category"],
            title=data["title"],
            person=person.person if person else None,
            reason=reason,
            request=request,
        )
    except (CaseAccessDenied, ReasonRequired):
        raise PermissionDenied from None
    messages.success(request, _("„%(title)s“ wurde in die Akte aufgenommen.") % {"title": document.title})
    return redirect("casefile:case", jobcenter=case.jobcenter.slug, pk=case.pk)


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_CASE)
def new_version(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    case = _case(request, pk)
    previous = Document.objects.for_tenant(case.jobcenter).filter(case=case, pk=doc).first()
    if previous is None:
        raise Http404
    reason = _authorise(request, case)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload_document(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                clean=form.cleaned_data["file"],
                category=previous.category,
                title=previous.title,
                previous=previous,
                reason=reason,
                request=request,
            )
        except VersionConflict:
            messages.error(request, _("Von diesem Dokument gibt es inzwischen eine neuere Version."))
        else:
            messages.success(
                request, _("Die neue Version von „%(title)s“ ist gespeichert.") % {"title": previous.title}
            )
        return redirect("casefile:case", jobcenter=case.jobcenter.slug, pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "casefile/staff/version.html", {"case": case, "document": previous, "form": form}, status=status
    )


@require_GET
@permission_required(VIEW_CASE)
def download(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    case = _case(request, pk)
    document = Document.objects.for_tenant(case.jobcenter).filter(case=case, pk=doc).select_related("case").first()
    if document is None:
        raise Http404
    try:
        content = read_document(request.user, document, reason=_session_reason(request, case), request=request)  # type: ignore[arg-type]
    except CaseAccessDenied:
        raise PermissionDenied from None
    except ReasonRequired:
        return redirect("casefile:case", jobcenter=case.jobcenter.slug, pk=case.pk)
    return attachment(document, content)


@require_POST
@permission_required("casefile.add_note")
def note(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    reason = _authorise(request, case)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, status=400, note_form=form)
    try:
        add_note(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            text=form.cleaned_data["text"],
            visibility=form.cleaned_data["visibility"],
            reason=reason,
            request=request,
        )
    except (CaseAccessDenied, ReasonRequired):
        raise PermissionDenied from None
    messages.success(request, _("Die Notiz ist gespeichert."))
    return redirect("casefile:case", jobcenter=case.jobcenter.slug, pk=case.pk)


# --- Legal holds and correction requests ------------------------------------------------------


def _back_to_case(case: Case, anchor: str = "") -> HttpResponse:
    return redirect(reverse("casefile:case", kwargs={"jobcenter": case.jobcenter.slug, "pk": case.pk}) + anchor)


@require_POST
@permission_required(SET_HOLD)
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the case, or one of its documents (``document`` in the form), under a legal hold."""
    case = _case(request, pk)
    reason = _authorise(request, case)
    document = None
    if request.POST.get("document"):
        document = Document.objects.for_tenant(case.jobcenter).filter(case=case, pk=request.POST["document"]).first()
        if document is None:
            raise Http404
    form = HoldForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, status=400, hold_form=form)
    try:
        set_hold(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            document=document,
            reason=form.cleaned_data["reason"],
            access_reason=reason,
            request=request,
        )
    except HoldRefused:
        raise PermissionDenied from None
    messages.success(request, _("Die Löschsperre ist gesetzt."))
    return _back_to_case(case, "#loeschsperren")


@require_POST
@permission_required(SET_HOLD)
def lift(request: HttpRequest, pk: int, hold_id: int) -> HttpResponse:
    case = _case(request, pk)
    reason = _authorise(request, case)
    held = LegalHold.objects.for_tenant(case.jobcenter).filter(case=case, pk=hold_id).select_related("case").first()
    if held is None:
        raise Http404
    form = LiftHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte begründen Sie die Aufhebung in mindestens 10 Zeichen."))
        return _back_to_case(case, "#loeschsperren")
    try:
        actor = cast(User, request.user)
        lift_hold(actor=actor, hold=held, reason=form.cleaned_data["reason"], access_reason=reason, request=request)
    except HoldRefused:
        raise PermissionDenied from None
    messages.success(request, _("Die Löschsperre ist aufgehoben."))
    return _back_to_case(case, "#loeschsperren")


@require_POST
@permission_required(VIEW_CASE)
def resolve(request: HttpRequest, pk: int, correction_id: int) -> HttpResponse:
    case = _case(request, pk)
    reason = _authorise(request, case)
    correction = (
        CorrectionRequest.objects.for_tenant(case.jobcenter)
        .filter(case=case, pk=correction_id)
        .select_related("case", "person")
        .first()
    )
    if correction is None:
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte schreiben Sie eine Antwort (höchstens 3000 Zeichen)."))
        return _back_to_case(case, "#berichtigung")
    try:
        done = resolve_correction(
            actor=cast(User, request.user),
            correction=correction,
            answer=form.cleaned_data["answer"],
            reason=reason,
            request=request,
        )
    except (CaseAccessDenied, ReasonRequired):
        raise PermissionDenied from None
    if done:
        messages.success(request, _("Ihre Antwort ist gespeichert; die Kundin oder der Kunde sieht sie im Portal."))
    else:
        messages.info(request, _("Dieser Antrag wurde inzwischen schon beantwortet."))
    return _back_to_case(case, "#berichtigung")
