"""Every change to a thread: start, reply, hand over, close, reopen, mark read.

Each function validates, writes in one transaction, logs the change (never the message text) and
queues the notices, which go out only when the transaction commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import ROLE_PERMISSIONS
from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import Case, Category
from openjobcenter.casefile.services.access import CaseAccessDenied, is_member
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.casefile.services.uploads import CleanFile
from openjobcenter.messaging.models import Message, Side, Status, Thread, Topic
from openjobcenter.messaging.services import notices
from openjobcenter.messaging.services.access import ANSWER, USE_OWN, authorise_staff_for_case, side_of

if TYPE_CHECKING:
    from django.db.models import QuerySet

MAX_BODY = 5000
MAX_SUBJECT = 150
# Attachments are filed in the case under the category that fits the topic.
TOPIC_CATEGORY = {Topic.BENEFITS: Category.APPLICATION}
TEAM = "team"


class MessagingRefused(Exception):
    """Refused with a message for the person (lazy, translated when shown)."""

    message = _("Das ist nicht möglich.")


class NoCase(MessagingRefused):
    message = _(
        "Für Ihren Haushalt ist bei uns noch keine Akte angelegt. Deshalb können Sie noch keine Nachricht schreiben."
    )


class NoResponsibleTeam(MessagingRefused):
    message = _(
        "Für Ihre Akte ist gerade kein Team zuständig. Bitte rufen Sie uns an oder vereinbaren Sie einen Termin."
    )


class NotYourAdvisor(MessagingRefused):
    message = _(
        "Sie können nur Ihrem zuständigen Team oder Ihrer Ansprechperson schreiben. "
        "Bitte wählen Sie eine Empfängerin oder einen Empfänger aus der Liste."
    )


class NotAColleague(MessagingRefused):
    message = _(
        "Sie können den Verlauf nur an Kolleginnen und Kollegen Ihres Jobcenters übergeben, die Nachrichten beantworten."
    )


class EmptyMessage(MessagingRefused):
    message = _("Bitte schreiben Sie eine Nachricht.")


def _roles_with(perm: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]


def answering_staff(case: Case) -> QuerySet[User]:
    """Active staff of the case's responsible team who answer messages."""
    if case.team_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            jobcenter_id=case.jobcenter_id,
            team_id=case.team_id,
            is_active=True,
            role_assignments__role__in=_roles_with(ANSWER),
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def colleagues(jobcenter_id: int, *, exclude: User | None = None) -> QuerySet[User]:
    """Who a thread can be handed to: active staff of the same Jobcenter who answer messages."""
    found = User.objects.filter(
        jobcenter_id=jobcenter_id, is_active=True, role_assignments__role__in=_roles_with(ANSWER)
    ).distinct()
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.select_related("team").order_by("last_name", "first_name")


def advisors_of(citizen: User, case: Case) -> list[User]:
    """The citizen's contact persons: staff of the responsible team who answered them before."""
    if case.team_id is None:
        return []
    known = (
        Thread.objects.for_tenant(case.jobcenter_id)
        .filter(case=case, citizen=citizen, assignee__isnull=False)
        .values("assignee_id")
    )
    return list(answering_staff(case).filter(pk__in=known))


def resolve_recipient(citizen: User, case: Case, recipient: str) -> User | None:
    """``"team"`` or the id of one of the citizen's contact persons; anything else is refused."""
    if case.team_id is None:
        raise NoResponsibleTeam
    if recipient in ("", TEAM):
        return None
    for advisor in advisors_of(citizen, case):
        if str(advisor.pk) == recipient:
            return advisor
    raise NotYourAdvisor


def _clean_text(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise EmptyMessage
    return body[:MAX_BODY]


def start_thread(
    *,
    actor: User,
    case: Case,
    citizen: User,
    topic: str,
    subject: str,
    body: str,
    clean: CleanFile | None = None,
    assignee: User | None = None,
    reason: str | None = None,
    request: HttpRequest | None = None,
) -> Thread:
    """Start a thread: by the citizen (to their team or contact person) or by staff (to a household member)."""
    if topic not in Topic.values:
        raise ValueError(f"Unknown topic {topic!r}")
    body = _clean_text(body)
    if actor.has_perm(ANSWER):
        side = Side.STAFF
        authorise_staff_for_case(actor, case, reason=reason)
        if not is_member(citizen, case):
            raise CaseAccessDenied
        assignee = assignee or actor
    else:
        side = Side.CITIZEN
        if actor.pk != citizen.pk or not actor.has_perm(USE_OWN) or not is_member(actor, case):
            raise CaseAccessDenied
        if case.team_id is None:
            raise NoResponsibleTeam
        if assignee is not None and assignee not in advisors_of(citizen, case):
            raise NotYourAdvisor
    with transaction.atomic():
        thread = Thread.objects.create_for_tenant(
            case.jobcenter,
            case=case,
            citizen=citizen,
            team_id=case.team_id,
            assignee=assignee,
            topic=topic,
            subject=" ".join(subject.split())[:MAX_SUBJECT] or str(Topic(topic).label),
            started_by=side,
        )
        log_change(
            actor=actor,
            jobcenter=case.jobcenter,
            action="messaging.thread_started",
            target=thread,
            subject=citizen,
            details={"case": case.customer_number, "topic": topic, "side": side, "break_glass": reason is not None},
            request=request,
        )
        _add_message(thread, actor=actor, side=side, body=body, clean=clean, reason=reason, request=request)
    return thread


def reply(
    *,
    actor: User,
    thread: Thread,
    body: str,
    clean: CleanFile | None = None,
    reason: str | None = None,
    request: HttpRequest | None = None,
) -> Message:
    """Write into an existing thread. A closed thread opens again when somebody writes."""
    side, cleaned = side_of(actor, thread, reason=reason)
    body = _clean_text(body)
    with transaction.atomic():
        thread = (
            Thread.objects.for_tenant(thread.jobcenter_id)
            .select_for_update()
            .select_related("case", "case__jobcenter", "citizen")
            .get(pk=thread.pk)
        )
        return _add_message(thread, actor=actor, side=side, body=body, clean=clean, reason=cleaned, request=request)


def _add_message(
    thread: Thread,
    *,
    actor: User,
    side: Side,
    body: str,
    clean: CleanFile | None,
    reason: str | None,
    request: HttpRequest | None,
) -> Message:
    case = thread.case
    document = None
    if clean is not None:
        document = upload_document(
            actor=actor,
            case=case,
            clean=clean,
            category=TOPIC_CATEGORY.get(Topic(thread.topic), Category.OTHER),
            title=clean.name,
            person=thread.citizen if side == Side.STAFF else None,
            reason=reason,
            request=request,
        )
    message = Message.objects.create_for_tenant(
        thread.jobcenter, thread=thread, author=actor, side=side, body=body, document=document
    )
    now = message.created_at
    thread.last_message_at = now
    fields = ["last_message_at", "status", "closed_at"]
    if side == Side.CITIZEN:
        thread.last_citizen_message_at = thread.citizen_read_at = now
        fields += ["last_citizen_message_at", "citizen_read_at"]
    else:
        thread.last_staff_message_at = thread.staff_read_at = now
        fields += ["last_staff_message_at", "staff_read_at"]
    thread.status, thread.closed_at = Status.OPEN, None
    thread.save(update_fields=fields)
    log_change(
        actor=actor,
        jobcenter=thread.jobcenter,
        action="messaging.message_sent",
        target=thread,
        subject=thread.citizen,
        details={
            "case": case.customer_number,
            "side": side,
            "attachment": document.pk if document else None,
            "break_glass": reason is not None,
        },
        request=request,
    )
    if side == Side.STAFF:
        notices.tell_citizen(thread)
    else:
        notices.tell_staff(thread)
    return message


def assign(
    *,
    actor: User,
    thread: Thread,
    assignee: User | None,
    note: str = "",
    reason: str | None = None,
    request: HttpRequest | None = None,
) -> Thread:
    """Hand the thread to a colleague (or back to the team with ``assignee=None``); they are told in the portal."""
    authorise_staff_for_case(actor, thread.case, reason=reason)
    if assignee is not None and not colleagues(thread.jobcenter_id).filter(pk=assignee.pk).exists():
        raise NotAColleague
    note = " ".join(note.split())[:300]
    with transaction.atomic():
        previous = thread.assignee_id
        Thread.objects.for_tenant(thread.jobcenter_id).filter(pk=thread.pk).update(assignee=assignee)
        thread.assignee = assignee
        log_change(
            actor=actor,
            jobcenter=thread.jobcenter,
            action="messaging.thread_assigned",
            target=thread,
            subject=thread.citizen,
            details={
                "case": thread.case.customer_number,
                "from": previous,
                "to": assignee.pk if assignee else None,
                "note": note,
                "break_glass": reason is not None,
            },
            request=request,
        )
        if assignee is not None and assignee.pk != actor.pk:
            notices.tell_assignee(thread, actor=actor, note=note)
    return thread


def set_status(
    *, actor: User, thread: Thread, status: Status, reason: str | None = None, request: HttpRequest | None = None
) -> Thread:
    """Close a thread (done) or open it again."""
    authorise_staff_for_case(actor, thread.case, reason=reason)
    closed_at = timezone.now() if status == Status.CLOSED else None
    with transaction.atomic():
        Thread.objects.for_tenant(thread.jobcenter_id).filter(pk=thread.pk).update(status=status, closed_at=closed_at)
        thread.status, thread.closed_at = status, closed_at
        log_change(
            actor=actor,
            jobcenter=thread.jobcenter,
            action="messaging.thread_closed" if status == Status.CLOSED else "messaging.thread_reopened",
            target=thread,
            subject=thread.citizen,
            details={"case": thread.case.customer_number, "break_glass": reason is not None},
            request=request,
        )
    return thread


def mark_read(thread: Thread, *, side: Side) -> None:
    """The side has seen everything up to now. Not audited: whether someone has seen a message is no change of data."""
    now = timezone.now()
    if side == Side.CITIZEN:
        field, last = "citizen_read_at", "last_staff_message_at"
    else:
        field, last = "staff_read_at", "last_citizen_message_at"
    # Only when something is unread: opening a read thread writes nothing.
    Thread.objects.for_tenant(thread.jobcenter_id).filter(
        Q(**{f"{field}__isnull": True}) | Q(**{f"{last}__gt": F(field)}), pk=thread.pk
    ).update(**{field: now})
    setattr(thread, field, now)
