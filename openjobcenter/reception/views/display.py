"""The call display (Aufrufanzeige) of one reception zone: a screen in the waiting room.

Public, no sign-in: it shows ticket numbers and counters only, never a name. Tenant-scoped like every
page: another Jobcenter's location or zone, a closed location or a zone of another location → 404.
The page is complete as rendered (today's last calls, the waiting estimate); ``reception-display.js``
keeps it live through the location's event stream, where each ``snapshot`` replaces the state.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from openjobcenter.core.models import Jobcenter, Location, ReceptionZone
from openjobcenter.reception.models import Ticket
from openjobcenter.reception.services.estimate import waiting_times_body

RECENT_CALLS = 8


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def recent_calls(zone: ReceptionZone, *, limit: int = RECENT_CALLS) -> list[dict[str, Any]]:
    """Today's calls of ``zone`` to a counter, newest first, in the ``ticket-called`` format."""
    tickets = (
        Ticket.objects.for_tenant(zone.jobcenter_id)
        .filter(zone=zone, day=timezone.localdate(), called_at__isnull=False, counter__isnull=False)
        .select_related("counter")
        .order_by("-called_at", "-id")[:limit]
    )
    return [
        {
            "ticket_number": ticket.number,
            "counter": ticket.counter.name if ticket.counter else None,
            "zone": zone.code,
            "called_at": timezone.localtime(ticket.called_at).isoformat() if ticket.called_at else None,
            "call_count": ticket.call_count,
        }
        for ticket in tickets
    ]


@require_GET
@never_cache
def display(request: HttpRequest, location_id: int, zone_id: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    location = Location.objects.for_tenant(jobcenter).filter(pk=location_id, is_active=True).first()
    zone = (
        ReceptionZone.objects.for_tenant(jobcenter).filter(pk=zone_id, location_id=location_id).first()
        if location
        else None
    )
    if location is None or zone is None:
        raise Http404
    times = next((row for row in waiting_times_body(location.pk)["zones"] if row["zone"] == zone.code), None)
    calls = recent_calls(zone)
    context = {
        "location": location,
        "zone": zone,
        "times": times,
        "newest": calls[0] if calls else None,
        "earlier": calls[1:],
        "now": timezone.localtime(),
        "events_url": reverse("reception:events", kwargs={"jobcenter": jobcenter.slug, "location_id": location.pk}),
        "max_calls": RECENT_CALLS,
    }
    return render(request, "reception/display.html", context)
