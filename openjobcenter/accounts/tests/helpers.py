"""Helpers for the accounts tests: codes from an authenticator app, signed-in clients, sent mail."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts.models import User
from openjobcenter.notifications.models import OutboxMessage

PASSWORD = "Ein-sicheres-Passwort-1"
NEW_PASSWORD = "Ganz-neues-Kennwort-77"


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the person's app shows now (or ``steps_ahead`` time steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return str(totp.token()).zfill(device.digits)


def add_app(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def sign_in(client: Client, user: User) -> Client:
    """Signed in as after both steps: staff (and citizens with 2FA) with a verified device."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and user.is_jobcenter_staff:
        device = add_app(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def login(client: Client, slug: str, email: str, password: str = PASSWORD, **extra: Any):
    return client.post(f"/{slug}/login/", {"username": email, "password": password}, **extra)


def mails(template: str | None = None, *, to: str | None = None) -> list[OutboxMessage]:
    queryset = OutboxMessage.objects.order_by("pk")
    if template:
        queryset = queryset.filter(template=template)
    if to:
        queryset = queryset.filter(to_address=to)
    return list(queryset)


def link_in(message: OutboxMessage, path_part: str) -> str:
    """The path of the first link in the mail's text that contains ``path_part``."""
    for url in re.findall(r"https?://\S+", message.text_body):
        if path_part in url:
            return urlsplit(url).path
    raise AssertionError(f"no link with {path_part!r} in: {message.text_body}")
