"""API for the signed-in citizen: the draft (GET/PUT per step), submission (idempotent by key), status.

Mounted at ``/api/v1/{jobcenter}/applications``. A PUT stores what was sent for one step exactly
as the form would (also when invalid: the answer says which fields are wrong, nothing is lost).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router, Schema
from ninja import Status as Answer
from ninja.files import UploadedFile

from openjobcenter.accounts.oidc.trust import TrustLevel, has_level
from openjobcenter.applications import steps
from openjobcenter.applications.flows import Flow, flow_for, flow_of
from openjobcenter.applications.forms import ProofUploadForm
from openjobcenter.applications.models import SUBSTANTIAL_TOPICS, Application, Kind, Status, Topic
from openjobcenter.applications.services.attachments import attach
from openjobcenter.applications.services.drafts import (
    NoApprovalPeriod,
    current_draft,
    save_step,
    start_continuation,
    start_draft,
)
from openjobcenter.applications.services.processing import open_requests
from openjobcenter.applications.services.submission import AlreadySubmitted, NotReady, submit
from openjobcenter.applications.status import next_steps
from openjobcenter.core.api import ApiError, api_auth, current_user, errors, member_tenant, require_permission

router = Router(tags=["Anträge"])
JobcenterSlug = Annotated[str, Path(description="The Jobcenter's slug, e.g. demo.")]
APPLY = "applications.apply"


KindName = Literal["first", "continuation", "change"]
TopicName = Literal["", "job", "housing", "household", "bank", "health", "absence", "sick_note"]


class KindIn(Schema):
    kind: KindName = "first"
    topic: TopicName = ""


class StepOut(Schema):
    slug: str
    title: str
    complete: bool
    answers: dict[str, str]


class DraftOut(Schema):
    id: int
    kind: str
    topic: str
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
    kind: KindName = "first"
    topic: TopicName = ""


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class RequestOut(Schema):
    title: str
    due_date: dt.date
    fulfilled: bool


class StatusOut(Schema):
    id: int
    kind: str
    topic: str
    title: str
    reference: str
    status: str
    status_label: str
    decision: str
    decision_note: str
    approval_periods: list[PeriodOut]
    submitted_at: dt.datetime | None
    next_steps: str
    open_requests: list[RequestOut]
    missing_proofs: list[str]


def _draft_out(application: Application) -> DraftOut:
    flow = flow_for(application)
    incomplete = {step.slug for step in flow.incomplete(application.data)}
    return DraftOut(
        id=application.pk,
        kind=application.kind,
        topic=application.topic,
        current_step=application.current_step,
        steps=[
            StepOut(
                slug=s.slug,
                title=str(s.title),
                complete=s.slug not in incomplete,
                answers=steps.raw_of(application.data, s.slug),
            )
            for s in flow.steps(application.data)
        ],
        incomplete=sorted(incomplete),
    )


def _citizen(request: HttpRequest, jobcenter: str) -> Any:
    tenant = member_tenant(request, jobcenter)
    require_permission(request, APPLY)
    return tenant, current_user(request)


def _flow(which: KindIn) -> Flow:
    if which.kind == Kind.CHANGE and which.topic not in Topic.values:
        raise ApiError(422, "topic_required", _("Bitte nennen Sie das Thema der Veränderungsmitteilung."),
                       fields={"topic": [str(_("Bitte wählen Sie ein Thema."))]})  # fmt: skip
    return flow_of(which.kind, which.topic if which.kind == Kind.CHANGE else "")


def _start(user: Any, tenant: Any, which: KindIn) -> Application:
    _flow(which)
    if which.kind == Kind.CONTINUATION:
        try:
            return start_continuation(user, tenant)
        except NoApprovalPeriod:
            raise ApiError(409, "no_approval_period", _("Für einen Weiterbewilligungsantrag brauchen Sie einen "
                                                        "bewilligten Antrag.")) from None  # fmt: skip
    topic = which.topic if which.kind == Kind.CHANGE else ""
    return start_draft(user, tenant, kind=which.kind, topic=topic)


@router.get("/draft", auth=api_auth, response={200: DraftOut, **errors(401, 403, 404, 409, 422)})
def get_draft(request: HttpRequest, jobcenter: JobcenterSlug, which: Query[KindIn]) -> DraftOut:
    """The signed-in person's draft of this kind (made when there is none).

    ``kind=first`` (default), ``kind=continuation`` (pre-filled from the last approved application;
    409 ``no_approval_period`` without one) or ``kind=change&topic=…`` (a change notification)."""
    tenant, user = _citizen(request, jobcenter)
    return _draft_out(_start(user, tenant, which))


@router.put("/draft/{step}", auth=api_auth, response={200: StepSaved, **errors(401, 403, 404, 409, 422)})
def put_step(
    request: HttpRequest, jobcenter: JobcenterSlug, step: str, payload: StepIn, which: Query[KindIn]
) -> StepSaved:
    """Save one step's answers (form field names as keys, e.g. ``iban``, ``m0-birth_date``, ``p1-net``).

    Steps of a continuation: ``changes`` (``applicant``, ``household``, … each ``yes``/``no``) and the
    sections of the first application; of a change notification: ``change``."""
    tenant, user = _citizen(request, jobcenter)
    flow = _flow(which)
    current = flow.get(step)
    if current is None:
        raise ApiError(404, "unknown_step", _("Diesen Schritt gibt es nicht."))
    draft = _start(user, tenant, which)
    raw = dict(payload.answers)
    if step == "household":
        raw = steps.compact_household(raw)
    page = flow.build(current, draft.data, raw)
    valid = page.is_valid()
    clean = flow.cleaned(page) if valid else None
    problems = steps.household_problems(clean) if step == "household" and clean is not None else []
    save_step(draft, step, raw, clean=None if problems else clean)
    found: dict[str, list[str]] = {}
    for _heading, form in page.forms:
        for name, messages in form.errors.items():
            found[form.add_prefix(name) if name != "__all__" else "__all__"] = [str(m) for m in messages]
    if problems:
        found["__all__"] = problems
    return StepSaved(slug=step, complete=valid and not problems, errors=found)


class ProofOut(Schema):
    key: str
    title: str
    uploaded: bool


@router.post("/draft/proofs/{proof}", auth=api_auth, response={201: ProofOut, **errors(401, 403, 404, 413, 422)})
def upload_proof(
    request: HttpRequest, jobcenter: JobcenterSlug, proof: str, which: Query[KindIn], file: File[UploadedFile]
) -> Answer[ProofOut]:
    """Hand in a proof of the draft (multipart field ``file``; PDF or photo), e.g. ``sick-note`` of a sick note.

    The same checks as in the portal: type from the content, size limit, malware scan, encrypted at rest."""
    tenant, user = _citizen(request, jobcenter)
    draft = _start(user, tenant, which)
    item = next((p for p in flow_for(draft).proofs(draft.data) if p.key == proof), None)
    if item is None:
        raise ApiError(404, "unknown_proof", _("Diesen Nachweis braucht der Entwurf nicht."))
    form = ProofUploadForm({}, MultiValueDict({"file": [file]}))
    if not form.is_valid():
        codes = {error.code for error in form.errors.as_data().get("file", [])}
        status = 413 if "too_large" in codes else 422
        messages = [str(message) for message in form.errors.get("file", [])]
        raise ApiError(status, "upload_refused", " ".join(messages), fields={"file": messages})
    attach(application=draft, actor=user, clean=form.cleaned_data["file"], title=str(item.title),
           category=item.category, proof=item.key, request=request)  # fmt: skip
    return Answer(201, ProofOut(key=item.key, title=str(item.title), uploaded=True))


@router.post("/submit", auth=api_auth, response={200: StatusOut, **errors(401, 403, 404, 409, 422)})
def submit_draft(request: HttpRequest, jobcenter: JobcenterSlug, payload: SubmitIn) -> StatusOut:
    """Submit the draft. Send the same ``key`` again after a timeout: you get the same application."""
    tenant, user = _citizen(request, jobcenter)
    earlier = Application.objects.for_tenant(tenant).filter(applicant=user, submission_key=payload.key).first()
    if earlier is not None:
        return _status_out(earlier)
    topic = payload.topic if payload.kind == Kind.CHANGE else ""
    draft = current_draft(user, tenant, kind=payload.kind, topic=topic)
    if draft is None:
        raise ApiError(404, "no_draft", _("Es gibt keinen Entwurf zum Absenden."))
    if draft.topic in SUBSTANTIAL_TOPICS and not has_level(request, TrustLevel.SUBSTANTIAL):
        raise ApiError(
            403,
            "trust_level_required",
            _(
                "Für diese Mitteilung brauchen Sie das Vertrauensniveau „substanziell“. Melden Sie sich im "
                "Portal mit BundID oder mit Ihrem zweiten Faktor an und senden Sie sie dort ab."
            ),
        )
    try:
        return _status_out(submit(draft, actor=user, key=payload.key, request=request))
    except NotReady as error:
        fields = {s.slug: [str(_("Dieser Teil ist unvollständig."))] for s in error.steps}
        raise ApiError(422, "incomplete", _("Der Antrag ist noch nicht vollständig."), fields=fields) from None
    except AlreadySubmitted:
        raise ApiError(409, "already_submitted", _("Dieser Antrag ist bereits eingegangen.")) from None


def _status_out(application: Application) -> StatusOut:
    return StatusOut(
        id=application.pk, kind=application.kind, topic=application.topic, title=application.title,
        reference=application.reference, status=application.status,
        status_label=str(application.get_status_display()), decision=application.decision,
        decision_note=application.decision_note,
        approval_periods=[PeriodOut(start=p.start, end=p.end) for p in application.periods.all()],
        submitted_at=application.submitted_at, next_steps=str(next_steps(application)),
        open_requests=[RequestOut(title=r.title, due_date=r.due_date, fulfilled=False) for r in open_requests(application)],
        missing_proofs=[str(p.title) for p in flow_for(application).proofs(application.data)
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
