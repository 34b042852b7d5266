"""The settings module refuses unsafe or malformed configuration at start-up (in a fresh process)."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
GOOD_KEY = secrets.token_urlsafe(60)[:60]


def load_settings(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import openjobcenter.settings with exactly ``env`` (plus PATH) and print a few values."""
    code = (
        "import json, openjobcenter.settings as s; print(json.dumps({name: getattr(s, name, None) for name in "
        "['SECRET_KEY', 'DEBUG', 'DEMO', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'TRUSTED_PROXY_COUNT', "
        "'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SAMESITE']}))"
    )
    environment = {
        "PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "PYTHONPATH": str(PROJECT),
        "DOCUMENT_KEYS": "k1:" + base64.b64encode(bytes(32)).decode(), **env,
    }  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=PROJECT, capture_output=True, text=True, timeout=60
    )


def refused(result, fragment: str) -> bool:
    return result.returncode != 0 and "ImproperlyConfigured" in result.stderr and fragment in result.stderr


def values(result) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_refuses_to_start_without_a_secret_key_outside_demo(tmp_path):
    assert refused(load_settings(tmp_path), "SECRET_KEY")


def test_it_refuses_the_demo_key_outside_demo(tmp_path):
    from openjobcenter.settings import DEMO_SECRET_KEY

    assert refused(load_settings(tmp_path, SECRET_KEY=DEMO_SECRET_KEY), "SECRET_KEY")


def test_it_refuses_debug_outside_demo(tmp_path):
    assert refused(load_settings(tmp_path, SECRET_KEY=GOOD_KEY, DEBUG="on"), "DEBUG")


def test_it_refuses_a_short_key(tmp_path):
    assert refused(load_settings(tmp_path, SECRET_KEY="kurz-und-unsicher"), "at least 50")


def test_it_reads_the_key_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(GOOD_KEY + "\n")
    assert values(load_settings(tmp_path, SECRET_KEY_FILE=str(key_file)))["SECRET_KEY"] == GOOD_KEY


def test_it_refuses_a_missing_key_file_or_two_sources(tmp_path):
    assert refused(load_settings(tmp_path, SECRET_KEY_FILE=str(tmp_path / "fehlt")), "cannot be read")
    key_file = tmp_path / "secret_key"
    key_file.write_text(GOOD_KEY)
    assert refused(load_settings(tmp_path, SECRET_KEY=GOOD_KEY, SECRET_KEY_FILE=str(key_file)), "not both")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEMO", "ture"),
        ("SECURE_SSL_REDIRECT", "vielleicht"),
        ("STAFF_IDLE_TIMEOUT", "30min"),
        ("STAFF_IDLE_TIMEOUT", "5"),
        ("TRUSTED_PROXY_COUNT", "-1"),
        ("UPLOAD_MAX_MB", "zwanzig"),
        ("PUBLIC_API_RATE_LIMIT", "viele"),
        ("DATABASE_URL", "kein-url"),
    ],
)
def test_it_refuses_malformed_values(tmp_path, name, value):
    assert refused(load_settings(tmp_path, SECRET_KEY=GOOD_KEY, **{name: value}), name)


def test_production_mode_enforces_https_and_secure_cookies(tmp_path):
    production = values(load_settings(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="jobcenter.example"))
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["LANGUAGE_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] and production["CSRF_COOKIE_HTTPONLY"]
    assert production["SESSION_COOKIE_SAMESITE"] == production["CSRF_COOKIE_SAMESITE"] == "Lax"


def test_demo_mode_runs_on_plain_http(tmp_path):
    demo = values(load_settings(tmp_path, DEMO="on"))
    assert demo["SECURE_SSL_REDIRECT"] in (None, False)
    assert demo["SESSION_COOKIE_SECURE"] in (None, False)
    assert demo["TRUSTED_PROXY_COUNT"] == 0
