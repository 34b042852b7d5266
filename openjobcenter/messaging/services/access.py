"""Who may read and write which thread. Staff access is the case file's (``casefile.services.access``).

- A client reads and writes only the threads they are the client of, in their own household's case.
- Staff holding ``messaging.answer_messages``: the case's responsible team directly; other staff of
  the same Jobcenter only with a stated reason (break the glass, logged and shown to the citizen).
- Anyone of another Jobcenter: not found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from openjobcenter.casefile.services.access import (
    CaseAccessDenied,
    authorise_staff,
    is_member,
    log_case_read,
    read_purpose,
)
from openjobcenter.messaging.models import Side, Thread

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case

ANSWER = "messaging.answer_messages"
USE_OWN = "messaging.use_own_messages"
PURPOSE_READ_THREAD = gettext_noop("Lesen von Nachrichten im Postfach")


def is_staff_side(user: User) -> bool:
    return bool(user.has_perm(ANSWER))


def authorise_citizen(user: User, thread: Thread) -> None:
    if not (
        user.has_perm(USE_OWN)
        and thread.citizen_id == user.pk
        and user.belongs_to(thread.case.jobcenter)
        and is_member(user, thread.case)
    ):
        raise CaseAccessDenied


def authorise_staff_for_case(user: User, case: Case, *, reason: str | None) -> str | None:
    """The cleaned reason (``None`` for the responsible team); raises like ``authorise_staff``."""
    if not user.has_perm(ANSWER):
        raise CaseAccessDenied
    return authorise_staff(user, case, reason=reason)


def side_of(user: User, thread: Thread, *, reason: str | None = None) -> tuple[Side, str | None]:
    """Which side ``user`` writes on in ``thread`` (and the reason given), or raise."""
    if is_staff_side(user):
        return Side.STAFF, authorise_staff_for_case(user, thread.case, reason=reason)
    authorise_citizen(user, thread)
    return Side.CITIZEN, None


def open_thread_for_staff(
    user: User, thread: Thread, *, reason: str | None, request: HttpRequest | None = None
) -> str | None:
    """Authorise a member of staff to read ``thread`` and log the read for the household."""
    cleaned = authorise_staff_for_case(user, thread.case, reason=reason)
    with transaction.atomic():
        log_case_read(
            user,
            thread.case,
            purpose=read_purpose(PURPOSE_READ_THREAD, cleaned),
            target=thread,
            request=request,
            reason=cleaned,
        )
    return cleaned
