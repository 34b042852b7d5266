"""Two-factor pages: the second sign-in step, app setup, recovery codes, switching off (citizens)."""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from openjobcenter.accounts import two_factor
from openjobcenter.accounts.decorators import tenant_login_required
from openjobcenter.accounts.forms import CurrentPasswordForm, TotpConfirmForm, TwoFactorForm
from openjobcenter.accounts.models import User
from openjobcenter.accounts.oidc.config import citizen_two_factor_offered as two_factor_offered
from openjobcenter.accounts.views.common import form_status, landing_url, safe_next, with_next
from openjobcenter.core.models import Jobcenter


def _url(request: HttpRequest, name: str) -> str:
    return reverse(name, kwargs={"jobcenter": request.jobcenter.slug})  # type: ignore[attr-defined]


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a code from the app or a recovery code."""
    user: User = request.user  # type: ignore[assignment]
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    next_url = safe_next(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(next_url or landing_url(user, jobcenter))
    if not two_factor.has_two_factor(user):
        if user.is_jobcenter_staff:
            return redirect(with_next(_url(request, "accounts:two_factor_setup"), next_url))
        request.session.pop(two_factor.OTP_REQUIRED_KEY, None)  # switched off meanwhile
        return redirect(next_url or landing_url(user, jobcenter))
    form = TwoFactorForm(request.POST or None)
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            result = two_factor.verify_second_factor(user, form.cleaned_data["code"], request=request)
        except two_factor.TwoFactorThrottled:
            form.add_error("code", _("Zu viele falsche Codes hintereinander. Bitte warten Sie einige Sekunden."))
            status = 429
        else:
            if result is not None:
                return _verified(request, result, next_url or landing_url(user, jobcenter))
            form.add_error("code", _("Dieser Code ist nicht richtig oder abgelaufen. Bitte versuchen Sie es erneut."))
    context = {"form": form, "next": next_url, "demo_code": two_factor.demo_code_hint(user)}
    return render(request, "accounts/two_factor_verify.html", context, status=status or form_status(form))


def _verified(request: HttpRequest, result: two_factor.Verification, target: str) -> HttpResponse:
    django_otp.login(request, result.device)
    request.session.cycle_key()  # more rights now: a new session key
    if result.used_recovery_code:
        messages.warning(
            request,
            ngettext(
                "Sie haben einen Wiederherstellungscode verwendet. Es bleibt noch %(count)d Code.",
                "Sie haben einen Wiederherstellungscode verwendet. Es bleiben noch %(count)d Codes.",
                result.recovery_codes_left,
            )
            % {"count": result.recovery_codes_left},
        )
    return redirect(target)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Connect an authenticator app: QR code (inline SVG) or the key typed by hand, then a code."""
    user: User = request.user  # type: ignore[assignment]
    if two_factor.has_two_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
        # A password alone must never be enough to add a new second factor.
        return redirect(with_next(_url(request, "accounts:two_factor"), safe_next(request)))
    if not (user.is_jobcenter_staff or two_factor.has_two_factor(user) or two_factor_offered(request.jobcenter)):  # type: ignore[attr-defined]
        raise Http404  # this Jobcenter does not offer the second factor to citizens
    device = two_factor.start_totp_setup(user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_totp_setup(
                user=user, device=device, code=form.cleaned_data["code"], request=request
            )
        except two_factor.TwoFactorThrottled:
            codes = None
            form.add_error("code", _("Zu viele falsche Codes hintereinander. Bitte warten Sie einige Sekunden."))
        if codes is not None:
            django_otp.login(request, device)
            request.session.cycle_key()
            request.session[two_factor.OTP_REQUIRED_KEY] = True
            request.session[two_factor.NEW_CODES_KEY] = codes
            messages.success(request, _("Die Zwei-Faktor-Anmeldung ist eingerichtet."))
            return redirect(with_next(_url(request, "accounts:recovery_codes"), safe_next(request)))
        if not form.has_error("code"):
            form.add_error(
                "code", _("Dieser Code passt nicht. Prüfen Sie die Uhrzeit Ihres Telefons und versuchen Sie es erneut.")
            )
    uri = two_factor.provisioning_uri(device, request.jobcenter)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "form": form,
        "qr_svg": two_factor.qr_code_svg(uri, label=_("QR-Code für Ihre Authenticator-App")),
        "secret": two_factor.secret_for_display(device),
        "replacing": two_factor.has_two_factor(user),
        "next": safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=form_status(form))


@never_cache
@require_http_methods(["GET"])
@tenant_login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New codes are shown exactly once; afterwards only how many are left."""
    user: User = request.user  # type: ignore[assignment]
    if not two_factor.has_two_factor(user):
        return redirect("accounts:settings", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]
    codes = request.session.pop(two_factor.NEW_CODES_KEY, None)
    context = {"codes": codes, "left": two_factor.recovery_codes_left(user), "next": safe_next(request)}
    return render(request, "accounts/recovery_codes.html", context)


@require_POST
@tenant_login_required
def regenerate_recovery_codes(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not two_factor.has_two_factor(user):
        raise Http404
    request.session[two_factor.NEW_CODES_KEY] = two_factor.regenerate_recovery_codes(user=user, request=request)
    return redirect("accounts:recovery_codes", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
@tenant_login_required
def disable(request: HttpRequest) -> HttpResponse:
    """Citizens may switch 2FA off again (with their password); for staff it is mandatory."""
    user: User = request.user  # type: ignore[assignment]
    if user.is_jobcenter_staff or not two_factor.has_two_factor(user):
        raise Http404
    form = CurrentPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        two_factor.disable_two_factor(user=user, request=request)
        request.session.pop(two_factor.OTP_REQUIRED_KEY, None)
        messages.success(request, _("Die Zwei-Faktor-Anmeldung ist ausgeschaltet."))
        return redirect("accounts:settings", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]
    return render(request, "accounts/two_factor_disable.html", {"form": form}, status=form_status(form))
