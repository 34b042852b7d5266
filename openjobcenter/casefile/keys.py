"""Parsing the document encryption keys (``DOCUMENT_KEYS``) – imported by the settings module.

Kept free of Django models so ``settings.py`` can call it: ``id:base64key`` pairs separated by
commas, the first one encrypts new files, all of them decrypt (that is what makes rotation work).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from django.core.exceptions import ImproperlyConfigured

KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
KEY_BYTES = 32  # AES-256
DEMO_KEY_ID = "demo"
# Demo mode only: a fixed, published key, so demo data survives restarts. Never protects real data.
DEMO_KEY = hashlib.sha256(b"OpenJobcenter demo document key - not secret").digest()


def parse_document_keys(raw: str, *, demo: bool) -> tuple[tuple[str, bytes], ...]:
    """``(key_id, key)`` pairs, the encrypting key first. Fails loudly on any malformed entry."""
    entries = [item.strip() for item in raw.split(",") if item.strip()]
    if not entries:
        if demo:
            return ((DEMO_KEY_ID, DEMO_KEY),)
        raise ImproperlyConfigured(
            "DOCUMENT_KEYS (or DOCUMENT_KEYS_FILE) must be set outside demo mode: comma-separated "
            "id:base64key pairs with 32-byte keys, e.g. from "
            "`python -c 'import os, base64; print(\"k1:\" + base64.b64encode(os.urandom(32)).decode())'`."
        )
    keys: dict[str, bytes] = {}
    for entry in entries:
        key_id, sep, encoded = entry.partition(":")
        if not sep or not KEY_ID_PATTERN.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"DOCUMENT_KEYS entries must look like id:base64key with an id of letters, digits, - or _ "
                f"(at most 32) – got an entry starting {key_id[:8]!r}"
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"DOCUMENT_KEYS names the key id {key_id!r} twice")
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"DOCUMENT_KEYS: the key {key_id!r} is not valid base64") from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"DOCUMENT_KEYS: the key {key_id!r} must be {KEY_BYTES} bytes (AES-256), got {len(key)}"
            )
        keys[key_id] = key
    return tuple(keys.items())
