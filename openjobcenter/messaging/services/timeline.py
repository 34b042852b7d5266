"""Timeline provider (contract in ``casefile.services.timeline``): thread starts and messages of a case.

Only the topic and the subject are shown, never a message's text. On the citizen's pages a member
of the household sees only their own threads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.services.timeline import Entry
from openjobcenter.messaging.models import Message, Side, Thread

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterable[Entry]:
    threads = Thread.objects.for_tenant(case.jobcenter_id).filter(case=case)
    if for_citizen:
        threads = threads.filter(citizen=viewer)
    threads = threads.select_related("jobcenter")
    url_name = "messaging:thread" if for_citizen else "messaging:staff_thread"
    by_pk = {thread.pk: thread for thread in threads}
    urls = {
        pk: reverse(url_name, kwargs={"jobcenter": thread.jobcenter.slug, "pk": pk}) for pk, thread in by_pk.items()
    }
    for thread in by_pk.values():
        yield Entry(
            at=thread.created_at,
            kind="message",
            title=_("Nachrichtenverlauf begonnen"),
            text=f"{thread.get_topic_display()}: {thread.subject}",
            url=urls[thread.pk],
            icon="mail",
        )
    messages = (
        Message.objects.for_tenant(case.jobcenter_id)
        .filter(thread_id__in=list(by_pk))
        .only("pk", "thread_id", "side", "created_at")
    )
    for message in messages:
        thread = by_pk[message.thread_id]
        if message.side == Side.STAFF:
            title = _("Nachricht des Jobcenters")
        elif for_citizen:
            title = _("Ihre Nachricht")
        else:
            title = _("Nachricht der Kundin / des Kunden")
        yield Entry(
            at=message.created_at,
            kind="message",
            title=title,
            text=f"{thread.get_topic_display()}: {thread.subject}",
            url=urls[thread.pk],
            icon="mail",
        )
