"""A real OpenID provider for the tests: node-oidc-provider (tests/oidc_provider/) on loopback.

``running_provider`` starts ``node server.mjs`` on a free port of 127.0.0.1 with test clients and
test identities; ``authenticate`` plays the person at the provider's login page with ``requests``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parents[4] / "tests" / "oidc_provider"
CITIZEN_CLIENT = ("citizen-rp", "citizen-secret")
STAFF_CLIENT = ("staff-rp", "staff-secret")
OTHER_CLIENT = ("other-rp", "other-secret")
PASSWORD = "test-passwort"

USERS = {
    "anna": {
        "sub": "bundid-anna-0001",
        "password": PASSWORD,
        "level": "hoch",
        "claims": {"email": "anna@bund.example", "email_verified": True, "given_name": "Anna", "family_name": "Arslan"},
    },
    "aylin": {
        "sub": "bundid-aylin-0002",
        "password": PASSWORD,
        "level": "substanziell",
        "claims": {"email": "aylin@example.org", "email_verified": True, "given_name": "Aylin", "family_name": "Kaya"},
    },
    "berta": {
        "sub": "dir-berta-0003",
        "password": PASSWORD,
        "level": "hoch",
        "claims": {
            "email": "berta@demo.example",
            "email_verified": True,
            "given_name": "Berta",
            "family_name": "Brenner",
            "groups": ["jc-integration", "alle"],
            "team": "Markt und Integration 1",
        },
    },
    "otto": {
        "sub": "dir-otto-0004",
        "password": PASSWORD,
        "level": "hoch",
        "claims": {"email": "otto@demo.example", "given_name": "Otto", "family_name": "Ohne", "groups": ["alle"]},
    },
}


@dataclass
class RunningProvider:
    issuer: str
    process: subprocess.Popen[str]


def _client(client: tuple[str, str], redirect_uris: list[str], logout_uris: list[str]) -> dict[str, object]:
    return {
        "client_id": client[0],
        "client_secret": client[1],
        "redirect_uris": redirect_uris,
        "post_logout_redirect_uris": logout_uris,
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
    }


def node_or_skip() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the OpenID Connect tests run a real provider on node")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("tests/oidc_provider/node_modules is missing: run `make setup` (npm ci there)")
    return node


@contextmanager
def running_provider(redirect_uris: list[str], logout_uris: list[str]) -> Iterator[RunningProvider]:
    node = node_or_skip()
    config = {
        "clients": [_client(c, redirect_uris, logout_uris) for c in (CITIZEN_CLIENT, STAFF_CLIENT, OTHER_CLIENT)],
        "users": USERS,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    process = subprocess.Popen(
        [node, str(PROVIDER_DIR / "server.mjs"), handle.name],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"the OpenID provider did not start: {line!r}")
        yield RunningProvider(issuer=line.split()[1], process=process)
    finally:
        process.terminate()
        process.wait(timeout=10)
        Path(handle.name).unlink(missing_ok=True)


def authenticate(url: str, *, login: str, level: str = "basis", password: str = PASSWORD) -> str:
    """Sign in at the provider from ``url`` (its authorisation URL); returns where it sends us back."""
    session = requests.Session()
    response = session.get(url, allow_redirects=False, timeout=10)
    for _hop in range(10):
        if response.status_code in (302, 303):
            target = urljoin(response.url, response.headers["Location"])
            if not target.startswith(url.split("/auth")[0]):
                return target
            response = session.get(target, allow_redirects=False, timeout=10)
            continue
        match = re.search(r'<form method="post" action="([^"]+)"', response.text)
        assert match is not None, response.text[:500]
        action = urljoin(response.url, unescape(match.group(1)))
        data = {"login": login, "password": password, "level": level}
        response = session.post(action, data=data, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent us back")
