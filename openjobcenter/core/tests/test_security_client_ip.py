"""The client's address, believing X-Forwarded-For only as far as trusted proxies go."""

import pytest
from django.test import RequestFactory

from openjobcenter.core.net import client_ip


def request(remote="192.0.2.10", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


def test_without_trusted_proxies_it_uses_the_connection_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="198.51.100.7")) == "192.0.2.10"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client forged the first entry
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "198.51.100.7:5555", "198.51.100.7"),
    ],
)
def test_behind_trusted_proxies_it_counts_from_the_right(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(forwarded=forwarded)) == expected


@pytest.mark.parametrize(("count", "forwarded"), [(1, ""), (1, "not-an-address"), (2, "10.0.0.1")])
def test_missing_or_bogus_entries_fall_back_to_the_connection(settings, count, forwarded):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(forwarded=forwarded)) == "192.0.2.10"


def test_a_missing_connection_address_gives_a_placeholder(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(remote="")) == "0.0.0.0"
