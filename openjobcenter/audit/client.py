"""Where a request came from: the client address and browser, as far as we can trust them."""

from __future__ import annotations

from django.http import HttpRequest

from openjobcenter.core.net import UNKNOWN_ADDRESS
from openjobcenter.core.net import client_ip as trusted_client_ip

USER_AGENT_LENGTH = 300


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the address the ``TRUSTED_PROXY_COUNT`` proxies saw; None when unknown.

    The value is normalised (``ipaddress``), so what PostgreSQL's inet type prints back hashes
    exactly as what was written.
    """
    address = trusted_client_ip(request)
    return None if address == UNKNOWN_ADDRESS else address


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:USER_AGENT_LENGTH]
