"""Changing a Jobcenter's teams. Advisors see the cases of their team, so changes are audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, Location, Team

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

TEAM_FIELDS = ("name", "description", "location")


def teams_for_admin(jobcenter: Jobcenter) -> QuerySet[Team]:
    """All teams, active first, with their location and number of active members, in one query."""
    return (
        Team.objects.for_tenant(jobcenter)
        .select_related("location")
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("-is_active", "name")
    )


def _validate(team: Team) -> None:
    if team.location is not None and team.location.jobcenter_id != team.jobcenter_id:
        raise ValidationError({"location": _("Dieser Standort gehört nicht zu Ihrem Jobcenter.")})
    taken = Team.objects.for_tenant(team.jobcenter).filter(name__iexact=team.name)
    if team.pk:
        taken = taken.exclude(pk=team.pk)
    if taken.exists():
        raise ValidationError({"name": _("Es gibt bereits ein Team mit diesem Namen.")})
    team.full_clean(exclude=["jobcenter", "location"])


def _apply(team: Team, fields: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in TEAM_FIELDS:
        if name in fields and getattr(team, name) != fields[name]:
            setattr(team, name, fields[name])
            changed.append(name)
    return changed


def create_team(
    jobcenter: Jobcenter, fields: Mapping[str, Any], *, actor: User, request: HttpRequest | None = None
) -> Team:
    team = Team(jobcenter=jobcenter)
    _apply(team, fields)
    _validate(team)
    with transaction.atomic():
        team.save()
        log_change(actor=actor, jobcenter=jobcenter, action="core.team_created", target=team, request=request)
    return team


def update_team(team: Team, fields: Mapping[str, Any], *, actor: User, request: HttpRequest | None = None) -> list[str]:
    changed = _apply(team, fields)
    if not changed:
        return []
    _validate(team)
    with transaction.atomic():
        team.save(update_fields=changed)
        log_change(
            actor=actor,
            jobcenter=team.jobcenter,
            action="core.team_changed",
            target=team,
            details={"fields": changed},
            request=request,
        )
    return changed


def set_team_active(team: Team, *, active: bool, actor: User, request: HttpRequest | None = None) -> None:
    """A deactivated team keeps its members (so their history stays readable) but takes no new ones."""
    if team.is_active == active:
        return
    with transaction.atomic():
        team.is_active = active
        team.save(update_fields=["is_active"])
        action = "core.team_reactivated" if active else "core.team_deactivated"
        log_change(actor=actor, jobcenter=team.jobcenter, action=action, target=team, request=request)


def location_choices(jobcenter: Jobcenter) -> QuerySet[Location]:
    return Location.objects.for_tenant(jobcenter).filter(is_active=True)
