"""Notices about new messages: never their content, at most one per thread and side per hour.

The citizen gets an e-mail "Sie haben eine neue Nachricht" with a link (in their language); staff
get a notification in the portal (the assignee, or the answering staff of the team while nobody
has the thread). The throttle is one conditional UPDATE, so two messages at once send one notice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from openjobcenter.messaging.models import Thread
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

NOTICE_INTERVAL = dt.timedelta(hours=1)
CITIZEN_TEMPLATE = "messaging_new_message"
STAFF_TEMPLATE = "messaging_staff_new_message"
ASSIGNED_TEMPLATE = "messaging_assigned"


def _claim(thread: Thread, field: str) -> bool:
    """True for the one caller allowed to send the notice now."""
    now = timezone.now()
    changed = (
        Thread.objects.for_tenant(thread.jobcenter_id)
        .filter(Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": now - NOTICE_INTERVAL}), pk=thread.pk)
        .update(**{field: now})
    )
    return changed == 1


def citizen_link(thread: Thread) -> str:
    return reverse("messaging:thread", kwargs={"jobcenter": thread.jobcenter.slug, "pk": thread.pk})


def staff_link(thread: Thread) -> str:
    return reverse("messaging:staff_thread", kwargs={"jobcenter": thread.jobcenter.slug, "pk": thread.pk})


def tell_citizen(thread: Thread) -> bool:
    if not _claim(thread, "citizen_notified_at"):
        return False
    notify(
        thread.citizen, CITIZEN_TEMPLATE, {}, channels=("email",), jobcenter=thread.jobcenter, link=citizen_link(thread)
    )
    return True


def tell_staff(thread: Thread) -> bool:
    from openjobcenter.messaging.services.threads import answering_staff

    recipients: list[User] = [thread.assignee] if thread.assignee else list(answering_staff(thread.case))
    if not recipients or not _claim(thread, "staff_notified_at"):
        return False
    for person in recipients:
        notify(
            person,
            STAFF_TEMPLATE,
            {"thread": thread},
            channels=("portal",),
            jobcenter=thread.jobcenter,
            link=staff_link(thread),
        )
    return True


def tell_assignee(thread: Thread, *, actor: User, note: str) -> None:
    assert thread.assignee is not None
    notify(
        thread.assignee,
        ASSIGNED_TEMPLATE,
        {"thread": thread, "actor": actor, "note": note},
        channels=("portal",),
        jobcenter=thread.jobcenter,
        link=staff_link(thread),
    )
