"""Signed links sent by e-mail: address verification, password reset and staff invitations.

Verification links are signed with ``django.core.signing`` (a ``TimestampSigner`` inside) and
carry the address they confirm, so a link stops working once the address changes. Reset and
invitation links use Django's password-reset tokens: they die as soon as the password changes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import signing
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from openjobcenter.accounts.models import User

VERIFY_SALT = "openjobcenter.accounts.verify_email"
VERIFY_MAX_AGE_DAYS = 3
INVITATION_MAX_AGE_DAYS = 7


class VerificationError(Exception):
    """The verification link is broken, forged or points to no pending account."""


class VerificationExpired(VerificationError):
    """The link was genuine but is older than ``VERIFY_MAX_AGE_DAYS``."""


def make_verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def read_verification_token(token: str) -> tuple[int, str]:
    """Return ``(user id, e-mail)`` or raise ``VerificationExpired`` / ``VerificationError``."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE_DAYS * 24 * 3600)
    except signing.SignatureExpired as exc:
        raise VerificationExpired from exc
    except signing.BadSignature as exc:
        raise VerificationError from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("e"), str):
        raise VerificationError
    return data["u"], data["e"]


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Like the reset token, but valid for a week: new colleagues do not read mail within hours."""

    key_salt = "openjobcenter.accounts.InvitationTokenGenerator"
    max_age_seconds = INVITATION_MAX_AGE_DAYS * 24 * 3600

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token) for secret in secrets
        ):
            return False
        return (self._num_seconds(self._now()) - timestamp) <= self.max_age_seconds


invitation_token_generator = InvitationTokenGenerator()


def token_generator_for(purpose: str) -> PasswordResetTokenGenerator:
    return invitation_token_generator if purpose == "invitation" else default_token_generator


def encode_uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def decode_uid(uidb64: str) -> int | None:
    try:
        return int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None


def reset_timeout_hours() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)
