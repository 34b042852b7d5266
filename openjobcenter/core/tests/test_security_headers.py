"""Security headers on every page: CSP without inline script, no framing, no sniffing."""

import re

import pytest


@pytest.fixture
def pages(demo, demo_location):
    return ["/demo/", "/demo/accessibility/", "/demo/gibt-es-nicht/", "/gibtsnicht/", "/api/v1/docs"]


def csp_directives(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_page_has_a_csp_without_inline_script(client, pages):
    for url in pages:
        response = client.get(url)
        directives = csp_directives(response)
        assert directives["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["object-src"] == ["'none'"], url


def test_every_page_forbids_framing_and_sniffing(client, pages):
    for url in pages:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


def test_portal_pages_contain_no_inline_script_or_style(client, pages):
    for url in pages[:-1]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert " style=" not in html, url
        assert " onclick=" not in html.lower(), url


def test_csrf_and_session_cookies_are_http_only_and_same_site(client, bernd):
    response = client.get("/demo/")
    csrf = response.cookies["ojc_csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"

    client.force_login(bernd)
    response = client.get("/demo/")  # a staff request refreshes the session (idle timeout)
    session = response.cookies["ojc_session"]
    assert session["httponly"] and session["samesite"] == "Lax"
