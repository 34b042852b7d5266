"""What the queue tells displays, public pages and personal ticket pages (see docs/realtime.md).

Channels: ``reception:<location_id>`` (events ``ticket-called`` and ``waiting-times``) and
``ticket:<token>`` (event ``ticket-updated``). Sent on commit: a rolled-back call shows nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from openjobcenter.core import realtime
from openjobcenter.reception.models import Ticket


def location_channel(location_id: int) -> str:
    return f"reception:{location_id}"


def ticket_channel(token: str) -> str:
    return f"ticket:{token}"


def ticket_called_body(ticket: Ticket) -> dict[str, Any]:
    return {
        "ticket_number": ticket.number,
        "counter": ticket.counter.name if ticket.counter else None,
        "zone": ticket.zone.code,
        "called_at": ticket.called_at.isoformat() if ticket.called_at else None,
        "call_count": ticket.call_count,
    }


def _send_location_update(location_id: int, called: Ticket | None) -> None:
    from openjobcenter.reception.services.estimate import forget_waiting_times, waiting_times_body

    # Again after commit: a page may have cached the old figures between the change and its commit.
    forget_waiting_times(location_id)
    if called is not None:
        realtime.publish(location_channel(location_id), "ticket-called", ticket_called_body(called))
    realtime.publish(location_channel(location_id), "waiting-times", waiting_times_body(location_id))


def queue_changed(location_id: int, *, called: Ticket | None = None, tickets: tuple[Ticket, ...] = ()) -> None:
    """After commit: new waiting times for the location, the call (if any), and each ticket's own page."""
    from openjobcenter.reception.services.estimate import forget_waiting_times

    forget_waiting_times(location_id)

    def send() -> None:
        _send_location_update(location_id, called)
        from openjobcenter.reception.services.estimate import ticket_state

        for ticket in tickets:
            realtime.publish(ticket_channel(ticket.token), "ticket-updated", ticket_state(ticket))

    transaction.on_commit(send, robust=True)


# --- Snapshots: what a stream sends first (docs/realtime.md) --------------------------------------

RECENT_CALLS = 10


def recent_calls(location_id: int, *, limit: int = RECENT_CALLS) -> list[dict[str, Any]]:
    """Today's last ``limit`` calls at the location, newest first, each ticket once (its latest call)."""
    from openjobcenter.core.models import Location

    jobcenter_id = Location.all_tenants.filter(pk=location_id).values_list("jobcenter_id", flat=True).first()
    if jobcenter_id is None:
        return []
    tickets = (
        Ticket.objects.for_tenant(jobcenter_id)
        .filter(location_id=location_id, day=timezone.localdate(), called_at__isnull=False)
        .select_related("counter", "zone")
        .order_by("-called_at", "-pk")[:limit]
    )
    return [ticket_called_body(ticket) for ticket in tickets]


def location_snapshot(location_id: int) -> dict[str, Any]:
    """The ``snapshot`` event of a location stream: waiting times and the recent calls."""
    from openjobcenter.reception.services.estimate import waiting_times_body

    return {"waiting_times": waiting_times_body(location_id), "recent_calls": recent_calls(location_id)}
