"""Concerns (Anliegen) and the Jobcenter's booking rules, as the Jobcenter admin maintains them.

Texts are stored once per language (German required, the others fall back to it). Deactivating
a concern only hides it from booking: its existing appointments stay as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.appointments.models import CHANNEL_VALUES, BookingPolicy, BookingStatus, Concern
from openjobcenter.appointments.services.booking import policy_for
from openjobcenter.appointments.services.slots import HORIZON_DAYS
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, Team

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

MIN_DURATION = 5
MAX_DURATION = 480
MAX_LEAD_MINUTES = 60 * 24 * 30
MAX_OPEN_BOOKINGS = 20
MAX_REMINDER_HOURS = 72


@dataclass
class ConcernData:
    """A concern as entered; error keys of ``ValidationError`` are these attribute names."""

    name: dict[str, str]
    duration_minutes: int
    channels: list[str]
    description: dict[str, str] = field(default_factory=dict)
    what_to_bring: dict[str, str] = field(default_factory=dict)
    teams: Sequence[Team] = ()
    requires_sign_in: bool = False
    booking_horizon_days: int = 42
    min_lead_minutes: int = 120
    sort_order: int = 100
    is_active: bool = True


SCALAR_FIELDS = (
    "name",
    "description",
    "what_to_bring",
    "duration_minutes",
    "channels",
    "requires_sign_in",
    "booking_horizon_days",
    "min_lead_minutes",
    "sort_order",
    "is_active",
)


def concerns_for_admin(jobcenter: Jobcenter) -> list[Concern]:
    """All concerns with their teams and the number of open future appointments, in two queries."""
    open_bookings = Count(
        "bookings", filter=Q(bookings__status=BookingStatus.BOOKED, bookings__start__gte=timezone.now())
    )
    teams = Prefetch("teams", queryset=Team.objects.for_tenant(jobcenter).order_by("name"))
    return list(
        Concern.objects.for_tenant(jobcenter)
        .annotate(open_bookings=open_bookings)
        .prefetch_related(teams)
        .order_by("sort_order", "pk")
    )


def _clean_texts(texts: Mapping[str, str]) -> dict[str, str]:
    known = {code for code, _name in settings.LANGUAGES}
    return {code: text.strip() for code, text in texts.items() if code in known and text and text.strip()}


def check_concern(jobcenter: Jobcenter, data: ConcernData) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if not _clean_texts(data.name).get("de"):
        errors["name"].append(_("Bitte geben Sie die Bezeichnung auf Deutsch an."))
    if not MIN_DURATION <= data.duration_minutes <= MAX_DURATION:
        errors["duration_minutes"].append(
            _("Ein Termin dauert mindestens %(min)s und höchstens %(max)s Minuten.")
            % {"min": MIN_DURATION, "max": MAX_DURATION}
        )
    if not data.channels or any(c not in CHANNEL_VALUES for c in data.channels):
        errors["channels"].append(_("Bitte wählen Sie mindestens einen Weg."))
    if any(team.jobcenter_id != jobcenter.pk for team in data.teams):
        errors["teams"].append(_("Bitte wählen Sie nur Teams dieses Jobcenters."))
    if not 1 <= data.booking_horizon_days <= HORIZON_DAYS:
        errors["booking_horizon_days"].append(
            _("Bitte geben Sie zwischen 1 und %(max)s Tagen an.") % {"max": HORIZON_DAYS}
        )
    if not 0 <= data.min_lead_minutes <= MAX_LEAD_MINUTES:
        errors["min_lead_minutes"].append(
            _("Bitte geben Sie zwischen 0 und %(max)s Minuten an (30 Tage).") % {"max": MAX_LEAD_MINUTES}
        )
    elif data.min_lead_minutes >= data.booking_horizon_days * 24 * 60:
        errors["min_lead_minutes"].append(
            _("Die Vorlaufzeit muss kürzer sein als der Zeitraum, für den gebucht werden kann.")
        )
    if errors:
        raise ValidationError(dict(errors))


def _values(data: ConcernData) -> dict[str, Any]:
    return {
        "name": _clean_texts(data.name),
        "description": _clean_texts(data.description),
        "what_to_bring": _clean_texts(data.what_to_bring),
        "duration_minutes": data.duration_minutes,
        "channels": [c for c in CHANNEL_VALUES if c in data.channels],
        "requires_sign_in": data.requires_sign_in,
        "booking_horizon_days": data.booking_horizon_days,
        "min_lead_minutes": data.min_lead_minutes,
        "sort_order": data.sort_order,
        "is_active": data.is_active,
    }


def create_concern(
    jobcenter: Jobcenter, data: ConcernData, *, actor: User, request: HttpRequest | None = None
) -> Concern:
    check_concern(jobcenter, data)
    with transaction.atomic():
        concern = Concern.objects.create_for_tenant(jobcenter, **_values(data))
        concern.teams.set(data.teams)
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="appointments.concern_created",
            target=concern,
            details={"name": concern.name, "teams": sorted(team.pk for team in data.teams)},
            request=request,
        )
    return concern


def update_concern(
    concern: Concern, data: ConcernData, *, actor: User, request: HttpRequest | None = None
) -> list[str]:
    """Change a concern. Existing appointments keep their duration, channel and time."""
    jobcenter = concern.jobcenter
    check_concern(jobcenter, data)
    values = _values(data)
    changed = [name for name in SCALAR_FIELDS if getattr(concern, name) != values[name]]
    before_teams = sorted(concern.teams.values_list("pk", flat=True))
    after_teams = sorted(team.pk for team in data.teams)
    if before_teams != after_teams:
        changed.append("teams")
    if not changed:
        return []
    with transaction.atomic():
        for name in SCALAR_FIELDS:
            setattr(concern, name, values[name])
        concern.save()
        concern.teams.set(data.teams)
        details: dict[str, Any] = {"fields": changed}
        if "is_active" in changed:
            details["is_active"] = concern.is_active
        if "teams" in changed:
            details["teams"] = {"before": before_teams, "after": after_teams}
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="appointments.concern_changed",
            target=concern,
            details=details,
            request=request,
        )
    return changed


# --- Booking rules ----------------------------------------------------------------------------

POLICY_FIELDS = ("challenge", "max_open_bookings_per_email", "reminder_hours_before")


def check_policy(fields: Mapping[str, Any]) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if fields["challenge"] not in BookingPolicy.Challenge.values:
        errors["challenge"].append(_("Bitte wählen Sie eine der Möglichkeiten."))
    if not 1 <= fields["max_open_bookings_per_email"] <= MAX_OPEN_BOOKINGS:
        errors["max_open_bookings_per_email"].append(
            _("Bitte geben Sie eine Zahl zwischen 1 und %(max)s an.") % {"max": MAX_OPEN_BOOKINGS}
        )
    if not 1 <= fields["reminder_hours_before"] <= MAX_REMINDER_HOURS:
        errors["reminder_hours_before"].append(
            _("Bitte geben Sie zwischen 1 und %(max)s Stunden an.") % {"max": MAX_REMINDER_HOURS}
        )
    if errors:
        raise ValidationError(dict(errors))


def update_booking_policy(
    jobcenter: Jobcenter, fields: Mapping[str, Any], *, actor: User, request: HttpRequest | None = None
) -> list[str]:
    """Change the Jobcenter's bot challenge, cap on open bookings per e-mail and reminder lead."""
    values = {name: fields[name] for name in POLICY_FIELDS}
    check_policy(values)
    with transaction.atomic():
        policy = policy_for(jobcenter)
        changed = [name for name in POLICY_FIELDS if getattr(policy, name) != values[name]]
        if not changed:
            return []
        before = {name: getattr(policy, name) for name in changed}
        for name in changed:
            setattr(policy, name, values[name])
        policy.save(update_fields=changed)
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="appointments.booking_policy_changed",
            target=policy,
            details={"before": before, "after": {name: values[name] for name in changed}},
            request=request,
        )
    return changed
