"""Malware scan through clamd's INSTREAM command (client: ``clamav-client``, see docs/decisions).

``CLAMD_URL`` is ``unix:///path/to/clamd.sock`` or ``tcp://host:port``. Anything but a clean
answer refuses the upload (fail closed); only an empty ``CLAMD_URL`` in demo mode lets a file
through unscanned, and the document then carries a visible "not scanned" flag.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


class Verdict(StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"
    NOT_SCANNED = "not_scanned"  # demo mode without clamd only
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class ScanResult:
    verdict: Verdict
    signature: str = ""


def scanner_client(url: str) -> ClamdNetworkSocket:
    parts = urlsplit(url)
    timeout = settings.CLAMD_TIMEOUT
    if parts.scheme == "unix" and parts.path:
        return ClamdUnixSocket(path=parts.path, timeout=timeout)
    if parts.scheme == "tcp" and parts.hostname:
        return ClamdNetworkSocket(host=parts.hostname, port=parts.port or 3310, timeout=timeout)
    raise ImproperlyConfigured(f"CLAMD_URL must be unix:///path/to/clamd.sock or tcp://host:port – got {url!r}")


def scan(content: bytes) -> ScanResult:
    url = settings.CLAMD_URL
    if not url:
        if settings.DEMO:
            return ScanResult(Verdict.NOT_SCANNED)
        logger.error("CLAMD_URL is not set: uploads are refused until a virus scanner is configured.")
        return ScanResult(Verdict.UNAVAILABLE)
    try:
        answer = scanner_client(url).instream(io.BytesIO(content))
    except (ClamdError, OSError, ImproperlyConfigured) as exc:
        logger.error("Virus scanner unavailable (%s): upload refused.", exc)
        return ScanResult(Verdict.UNAVAILABLE)
    status, signature = answer.get("stream", ("ERROR", "no answer"))
    if status == "OK":
        return ScanResult(Verdict.CLEAN)
    if status == "FOUND":
        return ScanResult(Verdict.INFECTED, signature or "")
    logger.error("Virus scanner answered %s %s: upload refused.", status, signature)
    return ScanResult(Verdict.UNAVAILABLE)
