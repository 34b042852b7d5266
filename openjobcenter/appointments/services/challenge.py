"""The proof-of-work challenge (ALTCHA) that anonymous bookings must solve: no third party, no cookies.

The browser widget fetches a challenge, searches for a counter whose PBKDF2 key starts with a
given prefix (about a second of work for a person, a real cost for a bot booking thousands of
slots), and sends challenge and solution with the form. The server checks the signature (an HMAC
under a key derived from ``SECRET_KEY`` per Jobcenter), the expiry and the solution, and accepts
each challenge once: used ones are remembered in the cache until they expire.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Any

import altcha
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from openjobcenter.appointments.services.booking import policy_for
from openjobcenter.core.models import Jobcenter

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from openjobcenter.accounts.models import User

ALGORITHM = "PBKDF2/SHA-256"
# PBKDF2 iterations per try; the prefix "00" needs 256 tries on average: about a second in a browser.
COST = 5_000
KEY_PREFIX = "00"
VALID_FOR = dt.timedelta(minutes=10)
MAX_PAYLOAD_LENGTH = 4_000
_SALT = "openjobcenter.appointments.challenge"
_USED_PREFIX = "appointments:challenge-used:"


def _secret(jobcenter: Jobcenter) -> str:
    # One key per Jobcenter: a challenge solved for one Jobcenter does not count in another.
    return salted_hmac(_SALT, f"jobcenter:{jobcenter.pk}", algorithm="sha256").hexdigest()


def challenge_required(jobcenter: Jobcenter, user: User | AnonymousUser | None) -> bool:
    """Anonymous visitors solve a challenge before booking, when the Jobcenter's policy says so."""
    if user is not None and user.is_authenticated:
        return False
    return policy_for(jobcenter).challenge_enabled()


def new_challenge(jobcenter: Jobcenter) -> dict[str, Any]:
    """A signed challenge for the widget (JSON-serialisable), valid for ``VALID_FOR``."""
    challenge = altcha.create_challenge(
        ALGORITHM,
        COST,
        key_prefix=KEY_PREFIX,
        expires_at=int(time.time() + VALID_FOR.total_seconds()),
        hmac_secret=_secret(jobcenter),
    )
    return challenge.to_dict()


def verify_payload(jobcenter: Jobcenter, payload: str, *, request_key: str | None = None) -> bool:
    """Whether ``payload`` (the widget's form value) solves an unused, unexpired challenge of ours.

    A valid payload is used up by this call: sending it again fails. With ``request_key`` (the
    booking form's one-time key) the same form sent twice (a double click) passes both times:
    both requests carry the same key, so the booking service makes one booking of them.
    """
    if not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        return False
    try:
        parsed = altcha.Payload.from_base64(payload)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return False
    expires_at = parsed.challenge.parameters.expires_at
    if not isinstance(expires_at, int):
        return False  # ours always expire; anything else was not made here
    try:
        result = altcha.verify_solution(parsed, _secret(jobcenter))
    except (ValueError, TypeError, OverflowError):
        return False
    if not result.verified:
        return False
    remaining = max(1, int(expires_at - time.time()) + 5)
    key = f"{_USED_PREFIX}{jobcenter.pk}:{parsed.challenge.parameters.nonce}"
    used_by = request_key or "-"
    # cache.add is atomic on every backend: of two requests with the same payload only one wins.
    if cache.add(key, used_by, remaining):
        return True
    return request_key is not None and cache.get(key) == request_key
