"""Booking codes people can read out, and the manage token derived from them.

A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U): 30^10 ≈ 5.9·10^14
possibilities, drawn with ``secrets``. The manage token (in the mail's link and the API's
``X-Manage-Token``) is an HMAC of the code under the project's secret key: it is not stored, can be
shown again to the same person after a retried request, and changing ``SECRET_KEY`` revokes all links.
"""

from __future__ import annotations

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # 30 characters; without 0 O 1 I L U
CODE_LENGTH = 10
_SALT = "openjobcenter.appointments.manage-token"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed (lower case, with dashes or spaces) as a stored code."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[: CODE_LENGTH + 2]


def manage_token(code: str) -> str:
    return salted_hmac(_SALT, code, algorithm="sha256").hexdigest()[:40]


def token_matches(code: str, token: str | None) -> bool:
    return bool(token) and constant_time_compare(manage_token(code), str(token).strip())
