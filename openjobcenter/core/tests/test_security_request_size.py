"""Oversized requests are refused early with 413, before anything reads them."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.handlers.asgi import ASGIHandler
from django.test import RequestFactory

from openjobcenter.core.middleware import BODY_TOO_LARGE_SCOPE_KEY, LimitBodySizeASGI


@pytest.fixture
def small_limits(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    settings.UPLOAD_MAX_SIZE = 10_000


def test_a_body_over_the_limit_gets_413_before_the_view_runs(client, demo, small_limits):
    response = client.post("/i18n/language/", "language=en&x=" + "y" * 2_000, "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "ojc_language" not in response.cookies


def test_file_uploads_may_be_larger_than_other_requests(client, demo, small_limits, tmp_path):
    document = tmp_path / "nachweis.pdf"
    document.write_bytes(b"%PDF" + b"0" * 5_000)
    with document.open("rb") as upload:
        response = client.post("/i18n/language/", {"language": "en", "file": upload})
    assert response.status_code == 302


def test_file_uploads_over_the_upload_limit_get_413(client, demo, small_limits, tmp_path):
    document = tmp_path / "riesig.pdf"
    document.write_bytes(b"0" * 20_000)
    with document.open("rb") as upload:
        response = client.post("/i18n/language/", {"language": "en", "file": upload})
    assert response.status_code == 413


def test_a_malformed_content_length_gets_400(client, demo):
    response = client.post("/demo/", "a=b", "application/x-www-form-urlencoded", CONTENT_LENGTH="zwei")
    assert response.status_code == 400


def test_the_too_large_error_of_django_itself_is_413(demo):
    from django.core.exceptions import RequestDataTooBig

    from openjobcenter.core.views.errors import bad_request

    request = RequestFactory().post("/demo/")
    assert bad_request(request, RequestDataTooBig("zu groß")).status_code == 413


# --- ASGI: the body is cut off while it arrives ---------------------------------------------------


def run_asgi(app, *, headers, chunks):
    """Feed ``chunks`` to ``app``; return what the app received and what it sent."""
    pending = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1} for i, chunk in enumerate(chunks)
    ]
    read, sent = [], []

    async def receive():
        if pending:
            message = pending.pop(0)
            read.append(message)
            return message
        await asyncio.sleep(3600)  # the client stays connected

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/api/v1/demo/me/language", "raw_path": b"/api/v1/demo/me/language", "query_string": b"",
        "root_path": "", "headers": headers, "client": ("192.0.2.1", 1234), "server": ("testserver", 80),
    }  # fmt: skip
    # A thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return read, sent


def recording_app():
    seen: dict[str, object] = {}

    async def app(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        seen.update(body=body, too_large=scope[BODY_TOO_LARGE_SCOPE_KEY])

    return app, seen


def test_asgi_passes_bodies_within_the_limit_unchanged(small_limits):
    app, seen = recording_app()
    run_asgi(LimitBodySizeASGI(app), headers=[(b"content-length", b"6")], chunks=[b"abc", b"def"])
    assert seen == {"body": b"abcdef", "too_large": False}


def test_asgi_does_not_read_a_body_declared_too_large(small_limits):
    app, seen = recording_app()
    read, _ = run_asgi(LimitBodySizeASGI(app), headers=[(b"content-length", b"5000000")], chunks=[b"x" * 1000] * 5)
    assert seen == {"body": b"", "too_large": True}
    assert read == []


def test_asgi_cuts_a_chunked_body_once_it_passes_the_limit(small_limits):
    app, seen = recording_app()
    read, _ = run_asgi(LimitBodySizeASGI(app), headers=[], chunks=[b"x" * 600] * 10)
    assert seen == {"body": b"x" * 600, "too_large": True}
    assert len(read) == 2


def test_the_asgi_application_answers_413_in_the_api_format(small_limits, db):
    _, sent = run_asgi(
        LimitBodySizeASGI(ASGIHandler()),
        headers=[(b"content-type", b"application/json"), (b"content-length", b"5000000")],
        chunks=[b"{" * 1000] * 5,
    )
    assert sent[0]["status"] == 413
    assert b'"code": "too_large"' in sent[1]["body"]
