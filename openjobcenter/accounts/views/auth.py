"""Sign-in, sign-out and the lockout page of the sign-in throttling (django-axes)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openjobcenter.accounts.forms import LoginForm
from openjobcenter.accounts.oidc.logout import provider_logout_url
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.services import sign_in
from openjobcenter.accounts.two_factor import OTP_REQUIRED_KEY, requires_two_factor
from openjobcenter.accounts.views.common import form_status, landing_url, safe_next, set_language_cookie, with_next
from openjobcenter.core.demo import DEMO_PASSWORD, PERSONAS
from openjobcenter.core.models import Jobcenter


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    next_url = safe_next(request)
    if request.user.is_authenticated and request.user.belongs_to(jobcenter):
        return redirect(next_url or landing_url(request.user, jobcenter))
    initial = {"username": request.GET.get("email", "")[:254]}
    form = LoginForm(request.POST or None, request=request, jobcenter=jobcenter, initial=initial)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        return _signed_in(request, form.user, jobcenter, next_url)
    context = {"form": form, "next": next_url, "demo_personas": demo_personas(jobcenter)}
    return render(request, "accounts/login.html", context, status=form_status(form))


def _signed_in(request: HttpRequest, user: Any, jobcenter: Jobcenter, next_url: str) -> HttpResponse:
    sign_in(request, user, jobcenter=jobcenter)
    if requires_two_factor(user):
        request.session[OTP_REQUIRED_KEY] = True
        target = with_next(reverse("accounts:two_factor", kwargs={"jobcenter": jobcenter.slug}), next_url)
    else:
        target = next_url or landing_url(user, jobcenter)
    response = redirect(target)
    set_language_cookie(response, user.language)
    return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    at_provider = provider_logout_url(request)  # signed in through OpenID Connect: sign out there too
    auth.logout(request)
    messages.success(request, _("Sie sind abgemeldet."))
    if at_provider:
        return redirect(at_provider)
    return redirect("core:home", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """django-axes calls this once an e-mail address and client address failed too often.

    Says when to try again (429 with ``Retry-After``) and offers the password reset.
    """
    now = timezone.now()
    until = _locked_until(request, credentials) or now + timedelta(minutes=15)
    seconds = max(1, int((until - now).total_seconds()))
    context = {"until": until, "minutes": max(1, (seconds + 59) // 60)}
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _locked_until(request: HttpRequest, credentials: dict[str, Any] | None) -> Any:
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    username = get_client_username(request, credentials)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=getattr(request, "axes_ip_address", None))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return last + cool_off if last else None


def demo_personas(jobcenter: Jobcenter) -> list[dict[str, str]]:
    """Demo mode only: the invented people of this Jobcenter (and the platform admin) to try."""
    if not settings.DEMO:
        return []
    return [
        {
            "name": f"{persona.first_name} {persona.last_name}",
            "email": persona.email,
            "roles": ", ".join(str(Role(role).label) for role in persona.roles),
            "password": DEMO_PASSWORD,
        }
        for persona in PERSONAS
        if persona.jobcenter in (jobcenter.slug, None)
    ]
