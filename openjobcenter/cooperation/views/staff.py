"""Staff-facing: the plan of a person of a case, the edit form (steps as a formset), publishing,
versions with their changes, the PDF, breaches. Access follows the case file: the responsible team,
or anyone else of the Jobcenter with a stated reason ("break the glass"); other Jobcenters: 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.models import User
from openjobcenter.casefile.forms import ReasonForm
from openjobcenter.casefile.models import Case, HouseholdRole
from openjobcenter.casefile.services.access import Access, staff_access
from openjobcenter.casefile.views.reasons import remember_reason, session_reason
from openjobcenter.cooperation.forms import AnswerForm, BreachForm, PlanForm, StepFormSet
from openjobcenter.cooperation.models import Acknowledgement, Breach, Comment, Plan, Status, Version
from openjobcenter.cooperation.rules import BREACH_RULES, breach_rule, review_date
from openjobcenter.cooperation.services.access import log_plan_read
from openjobcenter.cooperation.services.breaches import save_breach
from openjobcenter.cooperation.services.compare import compare
from openjobcenter.cooperation.services.plans import (
    PlanError,
    answer_comment,
    current_version,
    draft_of,
    plan_for,
    publish,
    save_draft,
)
from openjobcenter.cooperation.views.common import pdf_response

VIEW = "cooperation.view_plan"
EDIT = "cooperation.edit_plan"


class NeedsReason(Exception):
    """Another team's member has not stated a reason in this session: show the reason page."""


def _case(request: HttpRequest, pk: int) -> Case:
    case = Case.objects.for_tenant(request.jobcenter).select_related("team", "jobcenter").filter(pk=pk).first()  # type: ignore[attr-defined]
    if case is None:
        raise Http404
    return case


def _person(request: HttpRequest, case: Case) -> User:
    memberships = list(case.memberships.select_related("person"))
    wanted = request.GET.get("person", "")
    if wanted:
        found = next((m.person for m in memberships if str(m.person_id) == wanted), None)
        if found is None:
            raise Http404
        return found
    if not memberships:
        raise Http404
    head = next((m for m in memberships if m.role == HouseholdRole.HEAD), memberships[0])
    return head.person


def _authorise(request: HttpRequest, case: Case) -> str | None:
    access = staff_access(request.user, case)  # type: ignore[arg-type]
    if access == Access.NONE:
        raise PermissionDenied
    reason = session_reason(request, case.pk)
    if access == Access.REASON_NEEDED and reason is None:
        raise NeedsReason
    return reason


def _reason_page(request: HttpRequest, case: Case, form: ReasonForm | None = None, status: int = 403) -> HttpResponse:
    return render(request, "cooperation/staff/reason.html", {"case": case, "form": form or ReasonForm()}, status=status)


def _plan_url(case: Case, person: User, name: str = "cooperation:staff_plan") -> str:
    return reverse(name, kwargs={"jobcenter": case.jobcenter.slug, "case": case.pk}) + f"?person={person.pk}"


def _guarded(view: Any) -> Any:
    """Resolve case and person, authorise (reason page when needed); the view gets (request, case, person, reason)."""

    def wrapper(request: HttpRequest, case: int, **kwargs: Any) -> HttpResponse:
        found = _case(request, case)
        person = _person(request, found)
        try:
            reason = _authorise(request, found)
        except NeedsReason:
            if request.method == "POST":
                raise PermissionDenied from None
            return _reason_page(request, found)
        return view(request, found, person, reason, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_POST
@permission_required(VIEW)
def staff_reason(request: HttpRequest, case: int) -> HttpResponse:
    found = _case(request, case)
    if staff_access(request.user, found) == Access.NONE:  # type: ignore[arg-type]
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _reason_page(request, found, form, status=400)
    remember_reason(request, found.pk, form.cleaned_data["reason"])
    return redirect(reverse("cooperation:staff_plan", kwargs={"jobcenter": found.jobcenter.slug, "case": found.pk}))


@require_GET
@permission_required(VIEW)
@_guarded
def staff_plan(request: HttpRequest, case: Case, person: User, reason: str | None) -> HttpResponse:
    plan = plan_for(case, person)
    current = current_version(plan)
    draft = draft_of(plan)
    versions = (
        list(Version.objects.for_tenant(case.jobcenter).filter(plan=plan).select_related("published_by"))
        if plan
        else []
    )
    acks = {
        a.version_id: a
        for a in Acknowledgement.objects.for_tenant(case.jobcenter).filter(version__plan=plan).select_related("person")
    } if plan else {}  # fmt: skip
    comments = (
        Comment.objects.for_tenant(case.jobcenter).filter(version__plan=plan).select_related("author", "version").order_by("-created_at")
        if plan else []
    )  # fmt: skip
    breaches = Breach.objects.for_tenant(case.jobcenter).filter(plan=plan) if plan else []
    log_plan_read(request.user, case, target=plan or case, reason=reason, request=request)  # type: ignore[arg-type]
    context = {
        "case": case, "person": person, "reason": reason, "plan": plan, "current": current, "draft": draft,
        "steps": list(current.steps.all()) if current else [],
        "versions": [(v, acks.get(v.pk)) for v in versions], "acknowledgement": acks.get(current.pk) if current else None,
        "comments": comments, "breaches": [(b, breach_rule(b.kind, b.occurred_on)) for b in breaches],
        "members": case.memberships.select_related("person"), "may_edit": request.user.has_perm(EDIT),
        "person_query": f"?person={person.pk}", "answer_form": AnswerForm(),
    }  # fmt: skip
    return render(request, "cooperation/staff/plan.html", context)


def _initial(plan: Plan | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    source = draft_of(plan) or current_version(plan)
    if source is None:
        return {"review_date": review_date(timezone.localdate())}, []
    review = source.review_date if source.is_draft else review_date(timezone.localdate())
    plan_initial = {"goals": source.goals, "support": source.support, "review_date": review}
    steps = [
        {"key": s.key, "text": s.text, "owner": s.owner, "due_date": s.due_date, "done": s.done}
        for s in source.steps.all()
    ]
    return plan_initial, steps


@require_http_methods(["GET", "POST"])
@permission_required(EDIT)
@_guarded
def staff_edit(request: HttpRequest, case: Case, person: User, reason: str | None) -> HttpResponse:
    plan = plan_for(case, person)
    if request.method == "POST":
        form = PlanForm(request.POST)
        formset = StepFormSet(request.POST, prefix="steps")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                steps = formset.steps()  # type: ignore[attr-defined]
                save_draft(
                    actor=request.user, case=case, person=person, goals=data["goals"], support=data["support"],  # type: ignore[arg-type]
                    review_date=data["review_date"], steps=steps, request=request,
                )  # fmt: skip
            except PlanError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Der Entwurf ist gespeichert."))
                if "add_step" in request.POST:
                    return redirect(_plan_url(case, person, "cooperation:staff_edit") + "#schritte")
                return redirect(_plan_url(case, person))
        status = 400
    else:
        plan_initial, steps_initial = _initial(plan)
        form = PlanForm(initial=plan_initial)
        formset = StepFormSet(initial=steps_initial, prefix="steps")
        status = 200
        log_plan_read(request.user, case, target=plan or case, reason=reason, request=request)  # type: ignore[arg-type]
    context = {
        "case": case, "person": person, "reason": reason, "form": form, "formset": formset,
        "draft": draft_of(plan), "current": current_version(plan), "person_query": f"?person={person.pk}",
    }  # fmt: skip
    return render(request, "cooperation/staff/edit.html", context, status=status)


@require_POST
@permission_required(EDIT)
@_guarded
def staff_publish(request: HttpRequest, case: Case, person: User, reason: str | None) -> HttpResponse:
    draft = draft_of(plan_for(case, person))
    if draft is None:
        messages.error(request, _("Es gibt keinen Entwurf, der veröffentlicht werden kann."))
    else:
        try:
            version = publish(actor=request.user, draft=draft, request=request)  # type: ignore[arg-type]
        except PlanError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Version %(number)d ist veröffentlicht. Die Kundin oder der Kunde wird benachrichtigt.")
                % {"number": version.number},
            )
    return redirect(_plan_url(case, person))


@require_POST
@permission_required(EDIT)
@_guarded
def staff_answer(request: HttpRequest, case: Case, person: User, reason: str | None) -> HttpResponse:
    """Answer the citizen's comments on the version in force; the citizen sees it under her plan."""
    current = current_version(plan_for(case, person))
    form = AnswerForm(request.POST)
    if current is None:
        messages.error(request, _("Es gibt noch keine veröffentlichte Version, zu der Sie antworten können."))
    elif not form.is_valid():
        messages.error(request, _("Bitte schreiben Sie eine Antwort."))
    else:
        try:
            answer_comment(
                actor=request.user,  # type: ignore[arg-type]
                version=current,
                text=form.cleaned_data["text"],
                reason=reason,
                request=request,
            )
        except PlanError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Ihre Antwort ist gespeichert. Die Kundin oder der Kunde wird benachrichtigt."))
    return redirect(_plan_url(case, person) + "#kommentare")


def _version(case: Case, person: User, number: int) -> Version:
    version = (
        Version.objects.for_tenant(case.jobcenter)
        .filter(plan__case=case, plan__person=person, number=number)
        .select_related("plan", "published_by", "created_by")
        .first()
    )
    if version is None:
        raise Http404
    return version


@require_GET
@permission_required(VIEW)
@_guarded
def staff_version(request: HttpRequest, case: Case, person: User, reason: str | None, version: int) -> HttpResponse:
    shown = _version(case, person, version)
    previous = Version.objects.for_tenant(case.jobcenter).filter(plan=shown.plan, number__lt=shown.number).first()
    log_plan_read(request.user, case, target=shown, reason=reason, request=request)  # type: ignore[arg-type]
    context = {
        "case": case, "person": person, "reason": reason, "version": shown, "steps": list(shown.steps.all()),
        "previous": previous, "changes": compare(previous, shown) if previous else None,
        "person_query": f"?person={person.pk}",
    }  # fmt: skip
    return render(request, "cooperation/staff/version.html", context)


@require_GET
@permission_required(VIEW)
@_guarded
def staff_pdf(request: HttpRequest, case: Case, person: User, reason: str | None, version: int) -> HttpResponse:
    shown = _version(case, person, version)
    if shown.status != Status.PUBLISHED:
        raise Http404
    log_plan_read(request.user, case, target=shown, reason=reason, request=request, pdf=True)  # type: ignore[arg-type]
    return pdf_response(request, shown)


@require_http_methods(["GET", "POST"])
@permission_required(VIEW)
@_guarded
def staff_breach(
    request: HttpRequest, case: Case, person: User, reason: str | None, breach: int | None = None
) -> HttpResponse:
    plan = plan_for(case, person)
    if plan is None:
        raise Http404
    record = None
    if breach is not None:
        record = Breach.objects.for_tenant(case.jobcenter).filter(plan=plan, pk=breach).first()
        if record is None:
            raise Http404
    form = BreachForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        save_breach(actor=request.user, plan=plan, data=form.cleaned_data, breach=record, request=request)  # type: ignore[arg-type]
        messages.success(request, _("Die Pflichtverletzung ist gespeichert. Über Rechtsfolgen entscheiden Sie."))
        return redirect(_plan_url(case, person) + "#pflichtverletzungen")
    if request.method == "GET":
        log_plan_read(request.user, case, target=record or plan, reason=reason, request=request)  # type: ignore[arg-type]
    context = {
        "case": case, "person": person, "reason": reason, "form": form, "breach": record,
        "rule": breach_rule(record.kind, record.occurred_on) if record else None, "rules": BREACH_RULES,
        "person_query": f"?person={person.pk}",
    }  # fmt: skip
    return render(request, "cooperation/staff/breach.html", context, status=400 if request.method == "POST" else 200)
