"""Session rules for staff: idle timeout and mandatory two-factor authentication."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "ojc_last_seen"


class StaffSessionMiddleware:
    """End a staff session after ``STAFF_IDLE_TIMEOUT`` seconds without a request.

    Social data stays on screens in offices; a forgotten session must not stay open.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_jobcenter_staff:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - int(last_seen) > settings.STAFF_IDLE_TIMEOUT:
                jobcenter = user.jobcenter
                auth.logout(request)
                messages.info(request, _("Sie wurden nach 30 Minuten ohne Aktivität abgemeldet."))
                if jobcenter is not None:
                    return redirect("accounts:login", jobcenter=jobcenter.slug)
                return redirect("admin:login")
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
