"""Appointments in a case's timeline: bookings of the household's members (booked, cancelled, outcome).

Staff get a link to the booking page when their calendar shows the booking; a citizen gets the
"manage" link for their own bookings only (another member's booking is listed without a link).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.models import Booking, BookingStatus
from openjobcenter.appointments.services.calendar import visible_bookings
from openjobcenter.casefile.services.timeline import Entry, may_view

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case

LIMIT = 200


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterator[Entry]:
    members = list(case.memberships.values_list("person_id", flat=True))
    if not members or not may_view(case, viewer, for_citizen=for_citizen):
        return
    bookings = list(
        Booking.objects.for_tenant(case.jobcenter)
        .filter(client_id__in=members)
        .select_related("concern", "client")
        .order_by("-start")[:LIMIT]
    )
    linked = _linked(case, viewer, bookings, for_citizen=for_citizen)
    for booking in bookings:
        url = _url(case, booking, for_citizen=for_citizen) if booking.pk in linked else ""
        yield from _booking_entries(booking, url)


def _linked(case: Case, viewer: User, bookings: list[Booking], *, for_citizen: bool) -> set[int]:
    if for_citizen:
        return {b.pk for b in bookings if b.client_id == viewer.pk}
    visible = visible_bookings(case.jobcenter, viewer).filter(pk__in=[b.pk for b in bookings])
    return set(visible.values_list("pk", flat=True))


def _url(case: Case, booking: Booking, *, for_citizen: bool) -> str:
    name = "appointments:manage" if for_citizen else "appointments:staff_booking"
    return reverse(name, kwargs={"jobcenter": case.jobcenter.slug, "code": booking.code})


def _booking_entries(booking: Booking, url: str) -> Iterator[Entry]:
    concern = booking.concern.display_name()
    day = date_format(timezone.localtime(booking.start), "SHORT_DATE_FORMAT")
    detail = _("%(concern)s am %(day)s") % {"concern": concern, "day": day}
    yield Entry(at=booking.created_at, kind="appointment", title=_("Termin gebucht"), text=detail, url=url,
                icon="calendar-today")  # fmt: skip
    if booking.status == BookingStatus.CANCELLED and booking.cancelled_at is not None:
        title = _("Termin vom Jobcenter abgesagt") if booking.cancelled_by_staff else _("Termin abgesagt")
        yield Entry(at=booking.cancelled_at, kind="appointment", title=title, text=detail, url=url, icon="close")
    elif booking.status in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
        title = _("Termin wahrgenommen") if booking.status == BookingStatus.ATTENDED else _("Termin nicht wahrgenommen")
        yield Entry(at=booking.outcome_at or booking.end, kind="appointment", title=title, text=detail, url=url,
                    icon="check")  # fmt: skip
