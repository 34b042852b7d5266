"""Resolve the Jobcenter (tenant) from the URL's first path segment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from openjobcenter.core.services.tenants import get_active_jobcenter
from openjobcenter.core.views.errors import unknown_jobcenter


class TenantMiddleware:
    """Every URL ``/<jobcenter>/…`` gets ``request.jobcenter``; unknown slugs get a clear 404.

    The slug is removed from the view's keyword arguments, so views never look tenants up
    themselves and cannot pick another tenant by accident.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.jobcenter = None  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        slug = view_kwargs.pop("jobcenter", None)
        if slug is None:
            return None
        jobcenter = get_active_jobcenter(slug)
        if jobcenter is None:
            return unknown_jobcenter(request, slug)
        request.jobcenter = jobcenter  # type: ignore[attr-defined]
        return None
