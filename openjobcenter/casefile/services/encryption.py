"""Documents at rest: AES-256-GCM with a fresh nonce per file and the key id in a small header.

Layout of a stored file::

    b"OJCE" | version (1 byte) | key id length (1 byte) | key id (ASCII) | nonce (12 bytes) | ciphertext+tag

The associated data is the header plus a *binding* string naming the record the file belongs to
(``casefile.document:<storage uuid>``): a file copied onto another record fails to decrypt instead
of showing the wrong person's document. Keys come from ``settings.DOCUMENT_KEYS``; the first one
encrypts, every listed one decrypts, so keys can be rotated (``rotate_document_keys``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

MAGIC = b"OJCE"
VERSION = 1
NONCE_BYTES = 12


class DecryptionError(Exception):
    """The stored bytes are not a document we can open with the configured keys and binding."""


@dataclass(frozen=True)
class Sealed:
    data: bytes
    key_id: str


def current_key_id() -> str:
    return str(settings.DOCUMENT_KEYS[0][0])


def encrypt(plaintext: bytes, *, binding: str) -> Sealed:
    key_id, key = settings.DOCUMENT_KEYS[0]
    nonce = os.urandom(NONCE_BYTES)
    header = _header(key_id, nonce)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, header + binding.encode())
    return Sealed(header + ciphertext, key_id)


def decrypt(sealed: bytes, *, binding: str) -> bytes:
    key_id, nonce, body_start = _parse_header(sealed)
    key = dict(settings.DOCUMENT_KEYS).get(key_id)
    if key is None:
        raise DecryptionError(f"The key {key_id!r} is not among DOCUMENT_KEYS.")
    try:
        return AESGCM(key).decrypt(nonce, sealed[body_start:], sealed[:body_start] + binding.encode())
    except InvalidTag:
        raise DecryptionError("The file was changed, belongs to another record, or the key is wrong.") from None


def key_id_of(sealed: bytes) -> str:
    return _parse_header(sealed)[0]


def _header(key_id: str, nonce: bytes) -> bytes:
    encoded = key_id.encode("ascii")
    return MAGIC + bytes([VERSION, len(encoded)]) + encoded + nonce


def _parse_header(sealed: bytes) -> tuple[str, bytes, int]:
    if len(sealed) < 6 or sealed[:4] != MAGIC or sealed[4] != VERSION:
        raise DecryptionError("Not an encrypted OpenJobcenter document.")
    id_end = 6 + sealed[5]
    nonce_end = id_end + NONCE_BYTES
    if len(sealed) < nonce_end + 16:
        raise DecryptionError("The encrypted document is truncated.")
    return sealed[6:id_end].decode("ascii"), sealed[id_end:nonce_end], nonce_end
