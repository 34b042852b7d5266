"""Lookups shared by the citizen and staff pages."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404, HttpRequest

from openjobcenter.elearning.models import Module


def module_or_404(request: HttpRequest, slug: str) -> Module:
    """A module offered in this Jobcenter; a Jobcenter's own module wins over a built-in one of the same slug."""
    module = (
        Module.objects.offered_in(request.jobcenter)  # type: ignore[attr-defined]
        .filter(slug=slug)
        .order_by(F("jobcenter").asc(nulls_last=True))
        .first()
    )
    if module is None:
        raise Http404
    return module
