"""What triggers a push: portal notifications of the topics a person chose, and walk-in tickets.

Texts are generic on purpose (the lock screen is not private): which kind of news, never its
content. The tap opens the portal page of the notification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_noop

from openjobcenter.pwa.models import PushSubscription, Topic
from openjobcenter.pwa.services import push

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter
    from openjobcenter.reception.models import Ticket

SOON_POSITION = 2  # "when two tickets are before them", as the ticket page says "bald dran"

# Notification templates by prefix → topic and the generic text for the lock screen.
TOPIC_OF_TEMPLATE: tuple[tuple[str, str, str, str], ...] = (
    ("messaging", Topic.MESSAGES, gettext_noop("Neue Nachricht"), gettext_noop("Sie haben eine neue Nachricht.")),
    ("video_adhoc", Topic.MESSAGES, gettext_noop("Neue Nachricht"), gettext_noop("Sie haben eine neue Nachricht.")),
    (
        "appointments",
        Topic.APPOINTMENTS,
        gettext_noop("Ihr Termin"),
        gettext_noop("Es gibt Neuigkeiten zu Ihrem Termin."),
    ),
    (
        "applications",
        Topic.APPLICATIONS,
        gettext_noop("Ihr Antrag"),
        gettext_noop("Der Bearbeitungsstand Ihres Antrags hat sich geändert."),
    ),
)
SOON = (gettext_noop("Sie sind gleich dran"), gettext_noop("Bitte kommen Sie jetzt zur Eingangszone zurück."))
CALLED = (gettext_noop("Sie werden aufgerufen"), gettext_noop("Bitte gehen Sie jetzt zu Ihrem Schalter."))


def on_notified(*, recipient: User, template: str, jobcenter: Jobcenter, link: str, **_kwargs: Any) -> None:
    match = next((row for row in TOPIC_OF_TEMPLATE if template.startswith(row[0])), None)
    if match is None or recipient.is_jobcenter_staff:
        return
    _prefix, topic, title, body = match
    subscriptions = [
        s for s in PushSubscription.objects.for_tenant(jobcenter).filter(user=recipient) if topic in s.topics
    ]
    url = link or reverse("notifications:inbox", kwargs={"jobcenter": jobcenter.slug})
    push.queue(subscriptions, title, body, url, tag=topic)


def _ticket_url(ticket: Ticket) -> str:
    return reverse("reception:ticket", kwargs={"jobcenter": ticket.jobcenter.slug, "token": ticket.token})


def on_ticket_called(*, ticket: Ticket, **_kwargs: Any) -> None:
    """Tell the called ticket's holder, and the holders who now have two or fewer before them."""
    from openjobcenter.reception.services.queue import waiting_in

    called = list(PushSubscription.objects.for_tenant(ticket.jobcenter_id).filter(ticket=ticket))
    push.queue(called, *CALLED, _ticket_url(ticket), tag=f"ticket-{ticket.pk}", ttl=push.TICKET_TTL_SECONDS)
    upcoming = list(waiting_in(ticket.zone).values_list("pk", flat=True)[: SOON_POSITION + 1])
    soon = list(
        PushSubscription.objects.for_tenant(ticket.jobcenter_id)
        .filter(ticket_id__in=upcoming, soon_sent=False)
        .select_related("ticket", "ticket__jobcenter")
    )
    if not soon:
        return
    PushSubscription.objects.for_tenant(ticket.jobcenter_id).filter(pk__in=[s.pk for s in soon]).update(soon_sent=True)
    for subscription in soon:
        assert subscription.ticket is not None
        push.queue(
            [subscription],
            *SOON,
            _ticket_url(subscription.ticket),
            tag=f"ticket-{subscription.ticket_id}",
            ttl=push.TICKET_TTL_SECONDS,
        )
