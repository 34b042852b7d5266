"""Security headers on every page of the registry (``tests/browser/pages.py``), for every audience
it serves, fetched with Django's test client (no browser): the same Content-Security-Policy
without ``unsafe-inline``, nosniff, no framing, a referrer policy (``same-origin``, or ``no-referrer``
where the URL holds a secret) and an opener policy."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from openjobcenter.accounts.roles import Role
from tests.browser.conftest import BACKEND, confirmed_totp_device
from tests.browser.pages import ANONYMOUS, AUDIENCES, PENDING_2FA, pages_for
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = pytest.mark.django_db

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Pages with a secret in their URL (a shared folder link) send none at all: stricter, also fine.
REFERRER_POLICIES = {"same-origin", "no-referrer"}
CSP_MUST_HAVE = ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")


def client_for(audience: str) -> Client:
    client = Client()
    if audience == ANONYMOUS:
        return client
    current = DemoPortal.current()
    user = current.persona(Role.ADVISOR if audience == PENDING_2FA else audience)
    client.force_login(user, backend=BACKEND)
    if audience != PENDING_2FA and user.is_jobcenter_staff:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
        session.save()
    return client


def header_problems(response: object, label: str) -> list[str]:
    problems = [
        f"{label}: {name} is {response.get(name)!r}, expected {value!r}"  # type: ignore[attr-defined]
        for name, value in REQUIRED.items()
        if response.get(name) != value  # type: ignore[attr-defined]
    ]
    referrer = response.get("Referrer-Policy")  # type: ignore[attr-defined]
    if referrer not in REFERRER_POLICIES:
        problems.append(f"{label}: Referrer-Policy is {referrer!r}")
    csp = response.get("Content-Security-Policy", "")  # type: ignore[attr-defined]
    problems += [f"{label}: CSP lacks {part!r}" for part in CSP_MUST_HAVE if part not in csp]
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"{label}: CSP allows inline code: {csp}")
    return problems


def test_every_page_of_the_registry_sends_the_security_headers() -> None:
    portal = demo_portal()
    problems: list[str] = []
    checked = 0
    for audience in AUDIENCES:
        client = client_for(audience)
        for spec in pages_for(audience):
            path = spec.url(portal.jobcenter)
            if path is None:
                continue
            response = client.get(path)
            checked += 1
            problems += header_problems(response, f"{audience} {spec.label} {path} ({response.status_code})")
    assert checked > 50
    assert not problems, "\n".join(problems[:40])
