"""Reading and changing tenants (Jobcenter), locations and teams."""

from __future__ import annotations

from django.db.models import Prefetch

from openjobcenter.core.models import Jobcenter, Location, OpeningHours


def get_active_jobcenter(slug: str) -> Jobcenter | None:
    return Jobcenter.objects.filter(slug=slug, is_active=True).first()


def active_jobcenters() -> list[Jobcenter]:
    return list(Jobcenter.objects.filter(is_active=True))


def public_locations(jobcenter: Jobcenter) -> list[Location]:
    """Active locations with opening hours and zones, in two queries regardless of count."""
    hours = Prefetch("opening_hours", queryset=OpeningHours.objects.for_tenant(jobcenter))
    return list(Location.objects.for_tenant(jobcenter).filter(is_active=True).prefetch_related(hours))
