"""Forgotten password and staff invitations: request a link by e-mail, then set a new password.

Both links use Django's password-reset tokens (they die once the password changes). As in
Django's own view, the token moves from the URL into the session right away, so it does not
linger in the address bar or in a ``Referer`` header.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts import services, tokens
from openjobcenter.accounts.forms import EmailForm, SetPasswordForm
from openjobcenter.accounts.models import User
from openjobcenter.accounts.views.common import form_status
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.ratelimits import rate_limit

SESSION_TOKEN_KEY = "ojc_password_token"
SET_PASSWORD = "set-password"


@require_http_methods(["GET", "POST"])
@rate_limit("20/h", method="POST", group="accounts.mail_links")
def password_reset(request: HttpRequest) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    form = EmailForm(request.POST or None, initial={"email": request.GET.get("email", "")[:254]})
    if request.method == "POST" and form.is_valid():
        services.request_password_reset(jobcenter=jobcenter, email=form.cleaned_data["email"], request=request)
        return redirect("accounts:password_reset_sent", jobcenter=jobcenter.slug)
    return render(request, "accounts/password_reset.html", {"form": form}, status=form_status(form))


@require_GET
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html", {"valid_hours": tokens.reset_timeout_hours()})


@never_cache
@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest, uidb64: str, token: str, purpose: str) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    user = _user_for(uidb64, jobcenter)
    generator = tokens.token_generator_for(purpose)
    if token != SET_PASSWORD:
        if user is not None and generator.check_token(user, token):
            request.session[SESSION_TOKEN_KEY] = token
            return redirect(request.path.replace(token, SET_PASSWORD))
        return _invalid_link(request, purpose)
    if user is None or not generator.check_token(user, request.session.get(SESSION_TOKEN_KEY)):
        return _invalid_link(request, purpose)
    form = SetPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.set_new_password(
            user=user, password=form.cleaned_data["password1"], purpose=purpose, jobcenter=jobcenter, request=request
        )
        del request.session[SESSION_TOKEN_KEY]
        messages.success(request, _("Ihr Passwort ist gespeichert. Bitte melden Sie sich jetzt an."))
        return redirect(
            reverse("accounts:login", kwargs={"jobcenter": jobcenter.slug}) + "?" + urlencode({"email": user.email})
        )
    context = {"form": form, "invitation": purpose == "invitation", "person": user}
    return render(request, "accounts/password_set.html", context, status=form_status(form))


def _user_for(uidb64: str, jobcenter: Jobcenter) -> User | None:
    user_id = tokens.decode_uid(uidb64)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    return user if user is not None and user.belongs_to(jobcenter) else None


def _invalid_link(request: HttpRequest, purpose: str) -> HttpResponse:
    context = {"invitation": purpose == "invitation", "valid_hours": tokens.reset_timeout_hours()}
    return render(request, "accounts/password_link_invalid.html", context, status=400)
