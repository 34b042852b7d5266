"""Two-factor authentication: an authenticator app (TOTP) plus ten single-use recovery codes.

Mandatory for everybody who works for a Jobcenter (``user.is_jobcenter_staff``), optional for
citizens. ``StaffSessionMiddleware`` lets a session that still needs its second factor reach
nothing but the pages in this flow.
"""

from __future__ import annotations

import time
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts.models import User
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter
from openjobcenter.notifications.services import notify

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
STATIC_DEVICE_NAME = "recovery-codes"
# Session flag for citizens who switched 2FA on: their session, too, needs the second factor.
OTP_REQUIRED_KEY = "ojc_otp_required"
# Recovery codes are shown exactly once, on the page after they were made.
NEW_CODES_KEY = "ojc_new_recovery_codes"


class TwoFactorThrottled(Exception):
    """Too many wrong codes in a row: django-otp makes the person wait (1, 2, 4, … seconds)."""

    def __init__(self, until: datetime | None) -> None:
        super().__init__("throttled")
        self.until = until


@dataclass(frozen=True)
class Verification:
    device: Device
    used_recovery_code: bool
    recovery_codes_left: int


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def requires_two_factor(user: User) -> bool:
    return user.is_jobcenter_staff or has_two_factor(user)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Setting up the authenticator app -----------------------------------------------------------


def start_totp_setup(user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the setup page shows (the same one on every reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def secret_for_display(device: TOTPDevice) -> str:
    """The secret in Base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(device: TOTPDevice, jobcenter: Jobcenter | None) -> str:
    issuer = jobcenter.name if jobcenter is not None else settings.OTP_TOTP_ISSUER
    issuer = issuer.replace(":", "")
    params = urlencode(
        {
            "secret": b32encode(device.bin_key).decode("ascii").rstrip("="),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{quote(issuer)}:{quote(device.user.email)}?{params}"


def qr_code_svg(uri: str, *, label: str) -> SafeString:
    """The QR code as inline SVG: no image request, no script, nothing for the CSP to block."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", svgclass="ojc-qr", title=None)
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308 - segno output, escaped label


def confirm_totp_setup(
    *, user: User, device: TOTPDevice, code: str, request: HttpRequest | None = None
) -> list[str] | None:
    """Confirm the new app with a code from it. Returns fresh recovery codes, or ``None`` if wrong.

    A confirmed device replaces any earlier one (a new phone), and the old recovery codes go too.
    """
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    _raise_if_throttled(device)
    with transaction.atomic():
        if not device.verify_token(normalise_code(code)):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        _record(user, "accounts.two_factor_enabled", request, change="enabled")
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=STATIC_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def regenerate_recovery_codes(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """New codes; all earlier ones stop working."""
    if not has_two_factor(user):
        raise PermissionDenied
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        _record(user, "accounts.recovery_codes_regenerated", request, change="recovery_codes")
    return codes


# --- The second step of sign-in ----------------------------------------------------------------


def verify_second_factor(user: User, code: str, *, request: HttpRequest | None = None) -> Verification | None:
    """Check a code from the app or a recovery code. Recovery codes are used up.

    Six digits go to the app, anything else to the recovery codes: a wrong guess then slows down
    only the device it was meant for. Raises ``TwoFactorThrottled`` while django-otp makes the
    person wait after wrong codes.
    """
    code = normalise_code(code)
    if not code:
        return None
    recovery = not (code.isdigit() and len(code) == 6)
    model: type[TOTPDevice] | type[StaticDevice] = StaticDevice if recovery else TOTPDevice
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            _raise_if_throttled(device)
            if device.verify_token(code):
                left = recovery_codes_left(user)
                if recovery:
                    _record(user, "accounts.recovery_code_used", request, change="recovery_code_used", left=left)
                return Verification(device=device, used_recovery_code=recovery, recovery_codes_left=left)
    return None


def _raise_if_throttled(device: TOTPDevice | StaticDevice) -> None:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        raise TwoFactorThrottled((data or {}).get("locked_until"))


# --- Switching off -------------------------------------------------------------------------------


def disable_two_factor(*, user: User, request: HttpRequest | None = None) -> None:
    """A citizen switches 2FA off. Staff cannot: for them it is mandatory."""
    if user.is_jobcenter_staff:
        raise PermissionDenied
    with transaction.atomic():
        _delete_devices(user)
        _record(user, "accounts.two_factor_disabled", request, change="disabled")


def reset_two_factor(*, actor: User, jobcenter: Jobcenter, user: User, request: HttpRequest | None = None) -> None:
    """A Jobcenter admin removes a colleague's app and codes (lost phone); they set it up again."""
    if not (actor.belongs_to(jobcenter) and actor.has_perm("accounts.manage_staff")):
        raise PermissionDenied
    if user.jobcenter_id != jobcenter.pk:
        raise PermissionDenied
    with transaction.atomic():
        _delete_devices(user)
        log_change(actor=actor, jobcenter=jobcenter, action="accounts.two_factor_reset", target=user, request=request)
        notify(user, "accounts_two_factor_changed", {"change": "reset"}, channels=("email",), jobcenter=jobcenter)


def _delete_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _record(user: User, action: str, request: HttpRequest | None, *, change: str, left: int | None = None) -> None:
    subject = None if user.is_jobcenter_staff else user
    details = {"recovery_codes_left": left} if left is not None else None
    log_change(
        actor=user,
        jobcenter=user.jobcenter,
        action=action,
        target=user,
        subject=subject,
        details=details,
        request=request,
    )
    # A security notice by e-mail: if it was not them, they find out.
    notify(user, "accounts_two_factor_changed", {"change": change, "left": left}, channels=("email",))


# --- Demo mode -----------------------------------------------------------------------------------


def demo_code_hint(user: User) -> str | None:
    """In demo mode, the code a demo persona's app would show now, so newcomers can sign in.

    Only for devices with the published demo key: a real secret is never revealed.
    """
    from openjobcenter.core.demo import DEMO_TOTP_KEY  # the demo module imports accounts models

    if not settings.DEMO:
        return None
    device = confirmed_totp_device(user)
    if device is None or device.key != DEMO_TOTP_KEY:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if device.last_t >= totp.t():
        # This step's code was used already (it cannot be used twice): offer the next one,
        # which the device still accepts thanks to its tolerance of one step.
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return str(totp.token()).zfill(device.digits)
