"""Small helpers shared by the accounts views."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from openjobcenter.accounts.models import User
from openjobcenter.core.models import Jobcenter


def safe_next(request: HttpRequest) -> str:
    """The ``next`` target of this request if it stays on this site, else an empty string."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def landing_url(user: User, jobcenter: Jobcenter) -> str:
    """Where a person lands after signing in: their workspace, area or the home page."""
    for perm, view_name in (
        ("core.use_staff_workspace", "core:staff_workspace"),
        ("core.use_citizen_area", "core:citizen_area"),
        ("core.use_partner_area", "core:partner_area"),
    ):
        if user.has_perm(perm):
            try:
                return reverse(view_name, kwargs={"jobcenter": jobcenter.slug})
            except NoReverseMatch:
                continue
    return reverse("core:home", kwargs={"jobcenter": jobcenter.slug})


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The same cookie the language switch sets, so the portal speaks the person's language."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )


def form_status(form: object) -> int:
    """400 for a form sent back with errors, 200 otherwise."""
    return 400 if getattr(form, "errors", None) else 200
