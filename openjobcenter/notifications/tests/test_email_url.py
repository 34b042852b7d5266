from typing import Any, cast

import pytest
from django.core.exceptions import ImproperlyConfigured

from openjobcenter.settings import _email_settings


def _mailer(url, *, demo=False) -> Any:
    return cast(Any, _email_settings(url, demo=demo))["MAILERS"]["default"]


def test_smtp_with_sign_in():
    mailer = _mailer("smtp://portal%40jc.example:s%3Acret@mail.example:2525")
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example",
        "port": 2525,
        "username": "portal@jc.example",
        "password": "s:cret",
        "use_tls": False,
        "use_ssl": False,
        "timeout": 10,
    }


@pytest.mark.parametrize(
    ("url", "port", "use_tls", "use_ssl"),
    [
        ("smtp://mail.example", 25, False, False),
        ("smtp://mail.example?tls=1", 25, True, False),
        ("smtp+tls://mail.example", 587, True, False),
        ("smtps://mail.example", 465, False, True),
        ("smtps://mail.example:1465", 1465, False, True),
    ],
)
def test_schemes_choose_port_and_encryption(url, port, use_tls, use_ssl):
    options = _mailer(url)["OPTIONS"]
    assert (options["port"], options["use_tls"], options["use_ssl"]) == (port, use_tls, use_ssl)


def test_timeout_can_be_set():
    assert _mailer("smtp://mail.example?timeout=30")["OPTIONS"]["timeout"] == 30


@pytest.mark.parametrize("scheme", ["console", "locmem"])
def test_local_backends(scheme):
    assert _mailer(f"{scheme}://") == {"BACKEND": f"django.core.mail.backends.{scheme}.EmailBackend"}


def test_without_email_url_demo_prints_mails_and_production_uses_local_smtp():
    assert _mailer("", demo=True)["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    production = _mailer("", demo=False)
    assert production["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (production["OPTIONS"]["host"], production["OPTIONS"]["port"]) == ("localhost", 25)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://mail.example", "must start with smtp://"),
        ("mail.example:25", "must start with smtp://"),
        ("smtp://", "names no mail server"),
        ("smtp:/mail.example", "names no mail server"),
        ("smtp://mail.example:25x", "invalid port"),
        ("smtp://mail.example:70000", "invalid port"),
        ("smtp://mail.example?tsl=1", "unknown parameters ['tsl']"),
        ("smtp://mail.example?tls=yes", "tls must be 1 or 0"),
        ("smtps://mail.example?tls=1", "cannot be combined"),
        ("smtp://mail.example?timeout=0", "timeout must be"),
        ("smtp://mail.example?timeout=ten", "timeout must be"),
    ],
)
def test_invalid_values_stop_the_start(url, message):
    with pytest.raises(ImproperlyConfigured, match=None) as error:
        _email_settings(url, demo=False)
    assert message in str(error.value)


def test_the_password_never_appears_in_an_error():
    with pytest.raises(ImproperlyConfigured) as error:
        _email_settings("smtp://user:geheim123@mail.example:99999", demo=False)
    assert "geheim123" not in str(error.value)
    with pytest.raises(ImproperlyConfigured) as error:
        _email_settings("imap://user:geheim123@mail.example", demo=False)
    assert "geheim123" not in str(error.value)


def test_the_running_settings_use_mailers_not_the_deprecated_email_backend(settings):
    assert "default" in settings.MAILERS
    assert not hasattr(settings, "EMAIL_BACKEND")
