"""API for the signed-in citizen: the draft (GET/PUT per step), submission (idempotent by key), status.

Mounted at ``/api/v1/{jobcenter}/applications``. A PUT stores what was sent for one step exactly
as the form would (also when invalid: the answer says which fields are wrong, nothing is lost).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema

from openjobcenter.applications import steps
from openjobcenter.applications.models import Application, Status
from openjobcenter.applications.proofs import required_proofs
from openjobcenter.applications.services.drafts import current_draft, save_step, start_draft
from openjobcenter.applications.services.processing import open_requests
from openjobcenter.applications.services.submission import AlreadySubmitted, NotReady, submit
from openjobcenter.applications.status import next_steps
from openjobcenter.core.api import ApiError, api_auth, current_user, errors, member_tenant, require_permission

router = Router(tags=["Anträge"])
JobcenterSlug = Annotated[str, Path(description="The Jobcenter's slug, e.g. demo.")]
APPLY = "applications.apply"


class StepOut(Schema):
    slug: str
    title: str
    complete: bool
    answers: dict[str, str]


class DraftOut(Schema):
    id: int
    current_step: str
    steps: list[StepOut]
    incomplete: list[str]


class StepIn(Schema):
    answers: dict[str, str]


class StepSaved(Schema):
    slug: str
    complete: bool
    errors: dict[str, list[str]]


class SubmitIn(Schema):
    key: uuid.UUID


class RequestOut(Schema):
    title: str
    due_date: dt.date
    fulfilled: bool


class StatusOut(Schema):
    id: int
    reference: str
    status: str
    status_label: str
    decision: str
    submitted_at: dt.datetime | None
    next_steps: str
    open_requests: list[RequestOut]
    missing_proofs: list[str]


def _draft_out(application: Application) -> DraftOut:
    incomplete = {step.slug for step in steps.incomplete_steps(application.data)}
    return DraftOut(
        id=application.pk,
        current_step=application.current_step,
        steps=[
            StepOut(
                slug=s.slug,
                title=str(s.title),
                complete=s.slug not in incomplete,
                answers=steps.raw_of(application.data, s.slug),
            )
            for s in steps.STEPS
        ],
        incomplete=sorted(incomplete),
    )


def _citizen(request: HttpRequest, jobcenter: str) -> Any:
    tenant = member_tenant(request, jobcenter)
    require_permission(request, APPLY)
    return tenant, current_user(request)


@router.get("/draft", auth=api_auth, response={200: DraftOut, **errors(401, 403, 404)})
def get_draft(request: HttpRequest, jobcenter: JobcenterSlug) -> DraftOut:
    """The signed-in person's draft of a first application (made when there is none)."""
    tenant, user = _citizen(request, jobcenter)
    return _draft_out(start_draft(user, tenant))


@router.put("/draft/{step}", auth=api_auth, response={200: StepSaved, **errors(401, 403, 404, 409)})
def put_step(request: HttpRequest, jobcenter: JobcenterSlug, step: str, payload: StepIn) -> StepSaved:
    """Save one step's answers (form field names as keys, e.g. ``iban``, ``m0-birth_date``, ``p1-net``)."""
    tenant, user = _citizen(request, jobcenter)
    current = steps.BY_SLUG.get(step)
    if current is None:
        raise ApiError(404, "unknown_step", _("Diesen Schritt gibt es nicht."))
    draft = current_draft(user, tenant) or start_draft(user, tenant)
    raw = dict(payload.answers)
    if step == "household":
        raw = steps.compact_household(raw)
    page = steps.build(current, draft.data, raw)
    valid = page.is_valid()
    clean = steps.cleaned(page) if valid else None
    problems = steps.household_problems(clean) if step == "household" and clean is not None else []
    save_step(draft, step, raw, clean=None if problems else clean)
    found: dict[str, list[str]] = {}
    for _heading, form in page.forms:
        for name, messages in form.errors.items():
            found[form.add_prefix(name) if name != "__all__" else "__all__"] = [str(m) for m in messages]
    if problems:
        found["__all__"] = problems
    return StepSaved(slug=step, complete=valid and not problems, errors=found)


@router.post("/submit", auth=api_auth, response={200: StatusOut, **errors(401, 403, 404, 409, 422)})
def submit_draft(request: HttpRequest, jobcenter: JobcenterSlug, payload: SubmitIn) -> StatusOut:
    """Submit the draft. Send the same ``key`` again after a timeout: you get the same application."""
    tenant, user = _citizen(request, jobcenter)
    earlier = Application.objects.for_tenant(tenant).filter(applicant=user, submission_key=payload.key).first()
    if earlier is not None:
        return _status_out(earlier)
    draft = current_draft(user, tenant)
    if draft is None:
        raise ApiError(404, "no_draft", _("Es gibt keinen Entwurf zum Absenden."))
    try:
        return _status_out(submit(draft, actor=user, key=payload.key, request=request))
    except NotReady as error:
        fields = {s.slug: [str(_("Dieser Teil ist unvollständig."))] for s in error.steps}
        raise ApiError(422, "incomplete", _("Der Antrag ist noch nicht vollständig."), fields=fields) from None
    except AlreadySubmitted:
        raise ApiError(409, "already_submitted", _("Dieser Antrag ist bereits eingegangen.")) from None


def _status_out(application: Application) -> StatusOut:
    return StatusOut(
        id=application.pk, reference=application.reference, status=application.status,
        status_label=str(application.get_status_display()), decision=application.decision,
        submitted_at=application.submitted_at, next_steps=str(next_steps(application)),
        open_requests=[RequestOut(title=r.title, due_date=r.due_date, fulfilled=False) for r in open_requests(application)],
        missing_proofs=[str(p.title) for p in required_proofs(application.data)
                        if not application.attachments.filter(proof=p.key).exists()],
    )  # fmt: skip


@router.get("/{application_id}/status", auth=api_auth, response={200: StatusOut, **errors(401, 403, 404)})
def get_status(request: HttpRequest, jobcenter: JobcenterSlug, application_id: int) -> StatusOut:
    """The processing status of one of the signed-in person's submitted applications."""
    tenant, user = _citizen(request, jobcenter)
    application = (
        Application.objects.for_tenant(tenant).filter(pk=application_id, applicant=user)
        .exclude(status=Status.DRAFT).first()
    )  # fmt: skip
    if application is None:
        raise ApiError(404, "not_found", _("Diese Adresse gibt es nicht."))
    return _status_out(application)
