"""Citizen-facing: start or resume the first application, its steps, review and submit, status page."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.oidc.trust import TrustLevel, has_level, trust_level_required
from openjobcenter.applications import steps
from openjobcenter.applications.flows import flow_for
from openjobcenter.applications.forms import LegalForm, ProofUploadForm
from openjobcenter.applications.models import (
    SUBSTANTIAL_TOPICS,
    Application,
    Attachment,
    DocumentRequest,
    Kind,
    Status,
    Topic,
)
from openjobcenter.applications.services.attachments import attach
from openjobcenter.applications.services.drafts import (
    NoApprovalPeriod,
    NotADraft,
    latest_period,
    save_step,
    set_current_step,
    start_continuation,
    start_draft,
)
from openjobcenter.applications.services.figures import typical_days
from openjobcenter.applications.services.processing import open_requests, upload_for_request
from openjobcenter.applications.services.receipt import filename, render_receipt
from openjobcenter.applications.services.reminders import continuation_due
from openjobcenter.applications.services.submission import AlreadySubmitted, NotReady, submit
from openjobcenter.applications.status import live_version, next_steps
from openjobcenter.core.services.pdf import PdfUnavailable
from openjobcenter.core.views.errors import pdf_unavailable

APPLY = "applications.apply"
DECIDED_STATES = (Status.DECIDED, Status.DECISION_SENT)


def _mine(request: HttpRequest, pk: int) -> Application:
    application = (
        Application.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined]
        .filter(pk=pk, applicant=request.user)  # type: ignore[misc]
        .select_related("jobcenter")
        .first()
    )
    if application is None:
        raise Http404
    return application


def _draft(request: HttpRequest, pk: int) -> Application | None:
    application = _mine(request, pk)
    return application if application.status == Status.DRAFT else None


def _to_status(application: Application) -> HttpResponse:
    return redirect("applications:status", jobcenter=application.jobcenter.slug, pk=application.pk)


def _to_step(application: Application, slug: str) -> HttpResponse:
    return redirect("applications:step", jobcenter=application.jobcenter.slug, pk=application.pk, step=slug)


def _first_slug(application: Application) -> str:
    return flow_for(application).slugs(application.data)[0]


def _resume(draft: Application) -> HttpResponse:
    """Back to where the person left the draft: a step, or the review page."""
    if draft.current_step == "review":
        return redirect("applications:review", jobcenter=draft.jobcenter.slug, pk=draft.pk)
    if flow_for(draft).get(draft.current_step) is None:
        return _to_step(draft, _first_slug(draft))
    return _to_step(draft, draft.current_step)


@require_GET
@permission_required(APPLY)
def start(request: HttpRequest) -> HttpResponse:
    applications = list(Application.objects.for_tenant(request.jobcenter).filter(applicant=request.user))  # type: ignore[attr-defined,misc]
    drafts = {(a.kind, a.topic): a for a in applications if a.status == Status.DRAFT}
    draft = drafts.get((Kind.FIRST, ""))
    current = steps.BY_SLUG.get(draft.current_step) if draft else None
    period = latest_period(request.user, request.jobcenter)  # type: ignore[arg-type,attr-defined]
    context = {
        "draft": draft,
        "current": current,
        "current_number": steps.SLUGS.index(current.slug) + 1 if current else None,
        "total": len(steps.STEPS) + 1,
        "submitted": [a for a in applications if a.status != Status.DRAFT],
        "other_drafts": [a for a in drafts.values() if a.kind != Kind.FIRST],
        "steps": steps.STEPS,
        "period": period,
        "continuation_due": period is not None and continuation_due(period, applications),
        "continuation_draft": drafts.get((Kind.CONTINUATION, "")),
        "topics": Topic.choices,
    }
    return render(request, "applications/citizen/start.html", context)


@require_POST
@permission_required(APPLY)
def begin(request: HttpRequest) -> HttpResponse:
    """Start or resume a draft: the first application, a continuation (``kind``) or a change (``topic``)."""
    user, jobcenter = request.user, request.jobcenter  # type: ignore[attr-defined]
    kind = request.POST.get("kind", Kind.FIRST)
    if kind == Kind.CONTINUATION:
        try:
            draft = start_continuation(user, jobcenter)  # type: ignore[arg-type]
        except NoApprovalPeriod:
            messages.error(request, _("Für einen Weiterbewilligungsantrag brauchen Sie einen bewilligten Antrag."))
            return redirect("applications:start", jobcenter=jobcenter.slug)
    elif kind == Kind.CHANGE:
        topic = request.POST.get("topic", "")
        if topic not in Topic.values:
            raise Http404
        draft = start_draft(user, jobcenter, kind=Kind.CHANGE, topic=topic)  # type: ignore[arg-type]
    else:
        draft = start_draft(user, jobcenter)  # type: ignore[arg-type]
    return _resume(draft)


@require_GET
@permission_required(APPLY)
def change_topics(request: HttpRequest) -> HttpResponse:
    """Choose what to tell the Jobcenter (Veränderungsmitteilung)."""
    context = {
        "topics": Topic.choices,
        "substantial": SUBSTANTIAL_TOPICS if not has_level(request, TrustLevel.SUBSTANTIAL) else frozenset(),
    }
    return render(request, "applications/citizen/change_topics.html", context)


def _raw(request: HttpRequest) -> dict[str, str]:
    return {key: str(value) for key, value in request.POST.items() if key not in {"csrfmiddlewaretoken", "action"}}


def _proof_rows(application: Application, slug: str | None = None) -> list[dict[str, Any]]:
    flow = flow_for(application)
    attachments = Attachment.objects.for_tenant(application.jobcenter).filter(application=application)
    handed_in: dict[str, list[Attachment]] = {}
    for attachment in attachments:
        handed_in.setdefault(attachment.proof, []).append(attachment)
    return [
        {"proof": proof, "files": handed_in.get(proof.key, [])}
        for proof in flow.proofs(application.data)
        if slug is None or proof.step == slug
    ]


def _step_context(application: Application, page: steps.Page, **extra: Any) -> dict[str, Any]:
    slug = page.step.slug
    flow = flow_for(application)
    asked = flow.steps(application.data)
    number = flow.number(slug, application.data)
    return {
        "application": application,
        "page": page,
        "step": page.step,
        "steps": asked,
        "number": number,
        "total": len(asked) + 1,
        "percent": round(100 * number / (len(asked) + 1)),
        "previous": flow.previous_slug(slug, application.data),
        "prefilled": application.kind == Kind.CONTINUATION and slug != "changes",
        "proofs": _proof_rows(application, slug),
        "upload_form": extra.pop("upload_form", None) or ProofUploadForm(),
        "saved_at": (application.data.get(slug) or {}).get("saved_at"),
        **extra,
    }


@require_http_methods(["GET", "POST"])
@permission_required(APPLY)
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    application = _mine(request, pk)
    if application.status != Status.DRAFT:
        return _to_status(application)
    flow = flow_for(application)
    current = flow.get(step)
    if current is None:
        raise Http404
    if request.method == "GET":
        raw = steps.raw_of(application.data, step)
        page = flow.build(current, application.data, raw or None)
        if raw:
            page.is_valid()
            page.quiet()
        set_current_step(application, step)
        return render(request, "applications/citizen/step.html", _step_context(application, page))
    raw = _raw(request)
    if step == "household":
        if request.POST.get("action") == "add_person":
            raw["member_count"] = str(steps.member_count(raw) + 1)
        raw = steps.compact_household(raw)
    page = flow.build(current, application.data, raw)
    valid = page.is_valid()
    problems = steps.household_problems(steps.cleaned(page)) if valid and step == "household" else []
    clean = flow.cleaned(page) if valid and not problems else None
    try:
        application = save_step(application, step, raw, clean=clean)
    except NotADraft:
        return _to_status(application)
    action = request.POST.get("action", "next")
    if action == "add_person":
        return redirect(reverse("applications:step", kwargs={"jobcenter": application.jobcenter.slug, "pk": pk,
                                                              "step": step}) + f"#m{steps.member_count(raw)}")  # fmt: skip
    if action == "back" and (previous := flow.previous_slug(step, application.data)):
        return _to_step(application, previous)
    if clean is None:
        page = flow.build(current, application.data, raw)
        page.is_valid()
        context = _step_context(application, page, problems=problems, has_errors=True)
        return render(request, "applications/citizen/step.html", context, status=400)
    # A continuation asks again only the sections that changed: after one of them, the next changed one.
    following = flow.next_slug(step, application.data) if step in flow.slugs(application.data) else None
    if following is None:
        return redirect("applications:review", jobcenter=application.jobcenter.slug, pk=pk)
    return _to_step(application, following)


@require_POST
@permission_required(APPLY)
def autosave(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """htmx: save what was typed so far (also when invalid); answers a short status line."""
    application = _draft(request, pk)
    flow = flow_for(application) if application is not None else None
    current = flow.get(step) if flow is not None else None
    if application is None or flow is None or current is None:
        return HttpResponse(status=409)
    raw = _raw(request)
    if step == "household":
        raw.setdefault("member_count", str(steps.member_count(raw)))
    page = flow.build(current, application.data, raw)
    clean = flow.cleaned(page) if page.is_valid() else None
    if step == "household" and clean is not None and steps.household_problems(clean):
        clean = None
    save_step(application, step, raw, clean=clean)
    return render(request, "applications/citizen/_saved.html", {"saved_at": timezone.now()})


@require_POST
@permission_required(APPLY)
def upload_proof(request: HttpRequest, pk: int, proof: str) -> HttpResponse:
    application = _mine(request, pk)
    flow = flow_for(application)
    item = next((p for p in flow.proofs(application.data) if p.key == proof), None)
    if item is None:
        raise Http404
    back = request.POST.get("back", "")
    form = ProofUploadForm(request.POST, request.FILES)
    if form.is_valid():
        attach(application=application, actor=request.user, clean=form.cleaned_data["file"], title=str(item.title),  # type: ignore[arg-type]
               category=item.category, proof=item.key, request=request)  # fmt: skip
        messages.success(request, _("Vielen Dank. „%(title)s“ ist hochgeladen.") % {"title": item.title})
    else:
        messages.error(
            request,
            _("„%(title)s“: %(error)s") % {"title": item.title, "error": " ".join(str(e) for e in form.errors["file"])},
        )
    if back == "review" or application.status != Status.DRAFT:
        return redirect("applications:review", jobcenter=application.jobcenter.slug, pk=pk)
    return _to_step(application, item.step if flow.get(item.step) else _first_slug(application))


@require_http_methods(["GET", "POST"])
@permission_required(APPLY)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Check and send; a change of bank details or address is sent only at level "substanziell".

    Below that level the citizen is asked to step up when sending; the confirmed form is kept and
    sent once they have.
    """
    application = _mine(request, pk)
    if application.kind == Kind.CHANGE and application.topic in SUBSTANTIAL_TOPICS:
        guarded = trust_level_required(TrustLevel.SUBSTANTIAL, action=Topic(application.topic).label)(_review)
        return guarded(request, pk)
    return _review(request, pk)


def _review(request: HttpRequest, pk: int) -> HttpResponse:
    application = _mine(request, pk)
    if application.status != Status.DRAFT:
        return _to_status(application)
    flow = flow_for(application)
    form = LegalForm(request.POST or None, initial={"submission_key": uuid.uuid4()})
    incomplete = flow.incomplete(application.data)
    if request.method == "POST" and form.is_valid() and not incomplete:
        try:
            key = form.cleaned_data["submission_key"]
            submitted = submit(application, actor=request.user, key=key, request=request)  # type: ignore[arg-type]
        except AlreadySubmitted as error:
            return _to_status(error.application)
        except NotReady as error:
            incomplete = error.steps
        else:
            messages.success(request, _("„%(title)s“ ist eingegangen. Vielen Dank.") % {"title": submitted.title})
            return _to_status(submitted)
    set_current_step(application, "review")
    proofs = _proof_rows(application)
    asked = flow.steps(application.data)
    context = {
        "application": application,
        "sections": flow.summary(application.data),
        "incomplete": incomplete,
        "proofs": proofs,
        "uploads_missing": [
            row["proof"]
            for row in proofs
            if not row["files"] and row["proof"] in flow.required_uploads(application.data)
        ],
        "form": form,
        "upload_form": ProofUploadForm(),
        "number": len(asked) + 1,
        "total": len(asked) + 1,
        "percent": 100,
        "steps": asked,
    }
    return render(request, "applications/citizen/review.html", context, status=400 if request.method == "POST" else 200)


def _status_context(application: Application) -> dict[str, Any]:
    rows = _proof_rows(application)
    return {
        "application": application,
        "events": list(application.events.select_related(None).order_by("at", "pk")),
        "requests": list(open_requests(application)),
        "done_requests": list(
            DocumentRequest.objects.for_tenant(application.jobcenter).filter(
                application=application, fulfilled_at__isnull=False
            )
        ),
        "missing": [row["proof"] for row in rows if not row["files"]],
        "next_steps": next_steps(application),
        # From this Jobcenter's real history; None while too few applications were decided.
        "typical_days": None if application.status in DECIDED_STATES else typical_days(application.jobcenter),
        "version": live_version(application),
        "upload_form": ProofUploadForm(),
    }


@require_GET
@permission_required(APPLY)
def status(request: HttpRequest, pk: int) -> HttpResponse:
    application = _mine(request, pk)
    if application.status == Status.DRAFT:
        return _resume(application)
    return render(request, "applications/citizen/status.html", _status_context(application))


@require_GET
@permission_required(APPLY)
def status_live(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx polling: 204 while nothing changed, else the new status block."""
    application = _mine(request, pk)
    if application.status == Status.DRAFT:
        raise Http404
    if request.GET.get("v") == live_version(application):
        return HttpResponse(status=204)
    return render(request, "applications/citizen/_status_live.html", _status_context(application))


@require_POST
@permission_required(APPLY)
def upload_requested(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    application = _mine(request, pk)
    item = open_requests(application).filter(pk=request_id).first()
    if item is None:
        raise Http404
    form = ProofUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload_for_request(item, actor=request.user, clean=form.cleaned_data["file"], request=request)  # type: ignore[arg-type]
        messages.success(request, _("Vielen Dank. „%(title)s“ ist eingegangen.") % {"title": item.title})
        return _to_status(application)
    context = {**_status_context(application), "upload_form": form, "failed_request": item.pk}
    return render(request, "applications/citizen/status.html", context, status=400)


@require_GET
@permission_required(APPLY)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    application = _mine(request, pk)
    if application.status == Status.DRAFT:
        raise Http404
    try:
        content = render_receipt(application)
    except PdfUnavailable:
        return pdf_unavailable(request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename(application))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
