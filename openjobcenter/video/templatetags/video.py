"""The join button for video appointments, where appointments are shown (portal, staff pages, mail)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from openjobcenter.appointments.models import Booking, BookingStatus, Channel
from openjobcenter.appointments.services.codes import manage_token
from openjobcenter.notifications.rendering import absolute_url

register = template.Library()


def _joinable(booking: Booking) -> bool:
    return booking.channel == Channel.VIDEO and booking.status == BookingStatus.BOOKED and booking.end > timezone.now()


def _slug(context: template.Context, booking: Booking) -> str:
    # The page's Jobcenter is the booking's (tenant-scoped lists); avoids a query per row.
    jobcenter = context.get("jobcenter")
    return jobcenter.slug if jobcenter is not None and jobcenter.pk == booking.jobcenter_id else booking.jobcenter.slug


def join_path(slug: str, booking: Booking) -> str:
    return reverse("video:join", kwargs={"jobcenter": slug, "appointment_id": booking.code})


def check_path(slug: str, booking: Booking) -> str:
    return f"{reverse('video:check', kwargs={'jobcenter': slug})}?termin={booking.code}"


@register.inclusion_tag("video/_join_button.html", takes_context=True)
def video_join_button(
    context: template.Context, booking: Booking, *, staff: bool = False, small: bool = False
) -> dict[str, Any]:
    """A "Zum Videogespräch" button and the link to the check page, for open video appointments."""
    if not _joinable(booking):
        return {"show": False}
    slug = _slug(context, booking)
    return {
        "show": True,
        "join_url": join_path(slug, booking),
        "check_url": check_path(slug, booking),
        "staff": staff,
        "small": small,
    }


@register.simple_tag(takes_context=True)
def video_join_mail_url(context: template.Context, booking: Booking) -> str:
    """The join address for the mail: absolute, with the manage token (it moves into the session)."""
    if booking.channel != Channel.VIDEO:
        return ""
    return absolute_url(f"{join_path(_slug(context, booking), booking)}?token={manage_token(booking.code)}")


@register.simple_tag(takes_context=True)
def video_check_mail_url(context: template.Context, booking: Booking) -> str:
    if booking.channel != Channel.VIDEO:
        return ""
    return absolute_url(check_path(_slug(context, booking), booking))
