"""Network facts about a request that several parts need: above all, the client's address.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy. ``X-Forwarded-For`` is only believed for
as many hops as the operator says are trusted (``TRUSTED_PROXY_COUNT``): each trusted proxy
appends the address it saw, so the client is the entry that many places from the right. Entries
further left were sent by the client itself and could be anything.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 – a placeholder value, nothing binds to it


def _valid_address(value: str) -> str | None:
    candidate = value.strip()
    if candidate.startswith("[") and "]" in candidate:  # "[2001:db8::1]:443"
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # "192.0.2.1:443"
        candidate = candidate.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the person making the request, honouring ``TRUSTED_PROXY_COUNT`` proxies."""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = _valid_address(request.META.get("REMOTE_ADDR") or "") or UNKNOWN_ADDRESS
    if trusted <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < trusted:
        # Fewer entries than proxies: the request did not pass all of them; trust nothing.
        return remote
    return _valid_address(hops[-trusted]) or remote
