"""Sign-in, sign-out, registration (first version; the accounts capability extends it)."""

from __future__ import annotations

from typing import Any

from django.contrib import auth
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openjobcenter.accounts.decorators import tenant_login_required


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    message = _(
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 15 Minuten oder setzen Sie Ihr Passwort zurück."
    )
    return render(
        request,
        "core/error.html",
        {"status": 429, "title": _("Anmeldung vorübergehend gesperrt"), "message": message},
        status=429,
    )


def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth.login(request, form.get_user())
        return redirect("core:home", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]
    return render(request, "accounts/login.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect("core:home", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]


def register(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register.html")


@tenant_login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html")
