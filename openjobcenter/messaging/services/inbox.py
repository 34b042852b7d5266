"""Reading lists of threads: the citizen's Postfach and the staff team inbox, with unread counts."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet

from openjobcenter.messaging.models import Message, Status, Thread

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

UNREAD_FOR_CITIZEN = Q(last_staff_message_at__isnull=False) & (
    Q(citizen_read_at__isnull=True) | Q(last_staff_message_at__gt=F("citizen_read_at"))
)
UNREAD_FOR_STAFF = Q(last_citizen_message_at__isnull=False) & (
    Q(staff_read_at__isnull=True) | Q(last_citizen_message_at__gt=F("staff_read_at"))
)


class Box(StrEnum):
    MINE = "mine"
    TEAM = "team"
    UNASSIGNED = "unassigned"
    CLOSED = "closed"


def citizen_threads(user: User, jobcenter: Jobcenter) -> QuerySet[Thread]:
    """The threads ``user`` is the client of, in this Jobcenter."""
    return Thread.objects.for_tenant(jobcenter).filter(citizen=user, case__memberships__person=user)


def citizen_unread_count(user: User, jobcenter: Jobcenter) -> int:
    if not user.is_authenticated or not user.has_perm("messaging.use_own_messages"):
        return 0
    return citizen_threads(user, jobcenter).filter(UNREAD_FOR_CITIZEN).count()


def _visible_to_staff(user: User, jobcenter: Jobcenter) -> QuerySet[Thread]:
    """Threads of cases the user's team is responsible for, and threads handed to the user."""
    threads = Thread.objects.for_tenant(jobcenter)
    if user.jobcenter_id != jobcenter.pk or not user.has_perm("messaging.answer_messages"):
        return threads.none()
    condition = Q(assignee=user)
    if user.team_id is not None:
        condition |= Q(case__team_id=user.team_id)
    return threads.filter(condition)


def staff_inbox(user: User, jobcenter: Jobcenter, box: Box) -> QuerySet[Thread]:
    threads = _visible_to_staff(user, jobcenter)
    if box == Box.CLOSED:
        threads = threads.filter(status=Status.CLOSED)
    else:
        threads = threads.filter(status=Status.OPEN)
        if box == Box.MINE:
            threads = threads.filter(assignee=user)
        elif box == Box.UNASSIGNED:
            threads = threads.filter(assignee__isnull=True)
    return threads.select_related("citizen", "assignee", "case").order_by(
        F("last_message_at").desc(nulls_last=True), "-pk"
    )


def staff_counts(user: User, jobcenter: Jobcenter) -> dict[str, int]:
    """Unread threads per box (for the tabs and the navigation badge)."""
    open_unread = _visible_to_staff(user, jobcenter).filter(UNREAD_FOR_STAFF, status=Status.OPEN)
    return {
        Box.MINE: open_unread.filter(assignee=user).count(),
        Box.TEAM: open_unread.count(),
        Box.UNASSIGNED: open_unread.filter(assignee__isnull=True).count(),
    }


def staff_unread_count(user: User, jobcenter: Jobcenter) -> int:
    if not user.is_authenticated or not user.has_perm("messaging.answer_messages"):
        return 0
    return _visible_to_staff(user, jobcenter).filter(UNREAD_FOR_STAFF, status=Status.OPEN).count()


def live_messages(thread: Thread, after: str) -> list[Message]:
    """Messages of ``thread`` after the message id ``after`` (what an open page has not shown yet).

    An ``after`` that is no number shows nothing new: the page reloads its list only by polling.
    """
    if not after.isdigit():
        return []
    return list(
        Message.objects.for_tenant(thread.jobcenter_id)
        .filter(thread=thread, pk__gt=int(after))
        .select_related("author", "document")
        .order_by("pk")[:50]
    )
