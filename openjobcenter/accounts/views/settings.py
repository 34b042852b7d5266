"""Account settings: name, preferred language, password, two-factor status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_http_methods

from openjobcenter.accounts import services, two_factor
from openjobcenter.accounts.decorators import tenant_login_required
from openjobcenter.accounts.forms import PasswordChangeForm, ProfileForm
from openjobcenter.accounts.models import User
from openjobcenter.accounts.views.common import form_status, set_language_cookie


@require_http_methods(["GET", "POST"])
@tenant_login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    initial = {"first_name": user.first_name, "last_name": user.last_name, "language": user.language}
    form = ProfileForm(request.POST or None, initial=initial, jobcenter=user.jobcenter or request.jobcenter)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_profile(
            user=user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=data["language"],
            request=request,
        )
        with override(user.language):  # the confirmation already in the newly chosen language
            messages.success(request, _("Ihre Angaben sind gespeichert."))
        response = redirect("accounts:settings", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]
        set_language_cookie(response, user.language)
        return response
    context = {
        "form": form,
        "has_two_factor": two_factor.has_two_factor(user),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
        "two_factor_mandatory": user.is_jobcenter_staff,
    }
    return render(request, "accounts/settings.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
@tenant_login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.change_password(user=user, password=form.cleaned_data["password1"], request=request)
        update_session_auth_hash(request, user)  # stay signed in here; other sessions end
        messages.success(request, _("Ihr Passwort ist geändert."))
        return redirect("accounts:settings", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]
    return render(request, "accounts/password_change.html", {"form": form}, status=form_status(form))
