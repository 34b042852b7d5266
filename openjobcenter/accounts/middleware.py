"""Session rules: idle timeout for staff and, structurally, the second factor before anything else.

Both run in ``process_view``: by then the URL is resolved (so pages are allowed by name, not by
path patterns), ``request.jobcenter`` is set and the message store exists.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from openjobcenter.accounts.services import LOGIN_JOBCENTER_KEY
from openjobcenter.accounts.two_factor import OTP_REQUIRED_KEY
from openjobcenter.core.services.tenants import active_jobcenters

LAST_SEEN_KEY = "ojc_last_seen"

# What a session without its second factor may reach (static files never get here).
SECOND_FACTOR_PAGES = frozenset({"accounts:two_factor", "accounts:two_factor_setup", "accounts:logout", "set_language"})


class StaffSessionMiddleware:
    """End idle staff sessions; keep sessions that still need a second factor in the 2FA flow.

    Social data stays on screens in offices: a forgotten staff session ends after
    ``STAFF_IDLE_TIMEOUT`` seconds without a request. A password alone never opens a staff
    workspace: until ``request.user.is_verified()``, every other page redirects to the 2FA step.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if user.is_jobcenter_staff:
            response = self._end_idle_session(request)
            if response is not None:
                return response
        needs_second_factor = user.is_jobcenter_staff or request.session.get(OTP_REQUIRED_KEY, False)
        if needs_second_factor and not getattr(user, "is_verified", lambda: False)():
            return self._require_second_factor(request)
        return None

    def _end_idle_session(self, request: HttpRequest) -> HttpResponse | None:
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - int(last_seen) > settings.STAFF_IDLE_TIMEOUT:
            slug = _home_slug(request)
            auth.logout(request)
            minutes = settings.STAFF_IDLE_TIMEOUT // 60
            messages.info(
                request, _("Sie wurden nach %(minutes)d Minuten ohne Aktivität abgemeldet.") % {"minutes": minutes}
            )
            if slug is None:
                return redirect("admin:login")
            return _to(reverse("accounts:login", kwargs={"jobcenter": slug}), request)
        request.session[LAST_SEEN_KEY] = now
        return None

    def _require_second_factor(self, request: HttpRequest) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_PAGES:
            return None
        message = _("Bitte bestätigen Sie zuerst Ihre Anmeldung mit dem zweiten Faktor.")
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"code": "second_factor_required", "message": message, "fields": {}}}, status=401
            )
        slug = _home_slug(request)
        if slug is None:
            return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
        return _to(reverse("accounts:two_factor", kwargs={"jobcenter": slug}), request)


def _home_slug(request: HttpRequest) -> str | None:
    """Where this person's sign-in pages are: the current Jobcenter if theirs, else their own."""
    user = request.user
    current = getattr(request, "jobcenter", None)
    if current is not None and user.belongs_to(current):  # type: ignore[union-attr]
        return str(current.slug)
    if user.jobcenter is not None:  # type: ignore[union-attr]
        return str(user.jobcenter.slug)  # type: ignore[union-attr]
    slug = request.session.get(LOGIN_JOBCENTER_KEY)
    if slug:
        return str(slug)
    jobcenters = active_jobcenters()
    return jobcenters[0].slug if jobcenters else None


def _to(url: str, request: HttpRequest) -> HttpResponse:
    """Redirect to ``url``, coming back to the current page afterwards if it was a plain GET."""
    if request.method == "GET":
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return redirect(url)
