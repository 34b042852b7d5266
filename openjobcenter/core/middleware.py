"""Request plumbing: the tenant from the URL, request size limits and uniform error responses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from openjobcenter.core.services.tenants import get_active_jobcenter
from openjobcenter.core.views.errors import bad_request, method_not_allowed, request_too_large, unknown_jobcenter

GetResponse = Callable[[HttpRequest], HttpResponse]
# The ASGI server sets this in the scope when it stopped reading an oversized body.
BODY_TOO_LARGE_SCOPE_KEY = "openjobcenter.body_too_large"


class TenantMiddleware:
    """Every URL ``/<jobcenter>/…`` gets ``request.jobcenter``; unknown slugs get a clear 404.

    The slug is removed from the view's keyword arguments, so views never look tenants up
    themselves and cannot pick another tenant by accident. API operations under
    ``/api/v1/{jobcenter}/`` keep the argument: it is part of their documented signature, and
    ``openjobcenter.core.api.tenant_from_path`` resolves it with a JSON error.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.jobcenter = None  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        slug = view_kwargs.pop("jobcenter", None)
        if slug is None:
            return None
        jobcenter = get_active_jobcenter(slug)
        if jobcenter is None:
            return unknown_jobcenter(request, slug)
        request.jobcenter = jobcenter  # type: ignore[attr-defined]
        return None


# --- Request size ----------------------------------------------------------------------------------


def body_limit(content_type: str) -> int:
    """Largest accepted body in bytes: file uploads may be larger than other requests."""
    if content_type.lower().startswith("multipart/form-data"):
        return max(settings.UPLOAD_MAX_SIZE, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


class RequestSizeMiddleware:
    """Refuse oversized bodies with 413 before anything reads them.

    Django would only notice while parsing (``RequestDataTooBig``, a 400). Here the declared
    ``Content-Length`` decides, and under ASGI ``LimitBodySizeASGI`` has already stopped
    reading. It sits after the locale and security-header middleware, so the 413 page is in the
    visitor's language and has the same headers as every page; nothing before it reads the body.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared_length(request)
        cut_by_server = getattr(request, "scope", {}).get(BODY_TOO_LARGE_SCOPE_KEY, False)
        if length is None:
            return self._refuse(request, status=400)
        if cut_by_server or length > body_limit(request.META.get("CONTENT_TYPE", "")):
            return self._refuse(request, status=413)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, *, status: int) -> HttpResponse:
        return request_too_large(request) if status == 413 else bad_request(request)


class ErrorPageMiddleware:
    """Give bare error responses (405 from ``require_POST`` or django-ninja) a proper body."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed):
            return method_not_allowed(request, response.get("Allow", ""))
        return response


# --- ASGI: stop reading oversized bodies ------------------------------------------------------------

ASGIApp = Callable[
    [dict[str, Any], Callable[[], Awaitable[dict[str, Any]]], Callable[..., Awaitable[None]]], Awaitable[None]
]


class LimitBodySizeASGI:
    """Wrap the ASGI application so an oversized body is never read into memory or onto disk.

    Django's ASGI handler reads the whole body before the first middleware runs. This wrapper
    hands Django an empty body instead, as soon as the declared or received size passes the
    limit, and flags the scope; ``RequestSizeMiddleware`` then answers 413 in the right language.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self,
        scope: dict[str, Any],
        receive: Callable[[], Awaitable[dict[str, Any]]],
        send: Callable[..., Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        limit = body_limit(headers.get(b"content-type", b"").decode("latin-1"))
        try:
            declared = int(headers.get(b"content-length", b"0"))
        except ValueError:
            declared = 0  # RequestSizeMiddleware answers 400 for a malformed length
        scope = {**scope, BODY_TOO_LARGE_SCOPE_KEY: declared > limit}
        await self.app(scope, _limited_receive(scope, receive, limit), send)


_END_OF_BODY = {"type": "http.request", "body": b"", "more_body": False}


def _limited_receive(
    scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]], limit: int
) -> Callable[[], Awaitable[dict[str, Any]]]:
    """Pass the body through until it passes ``limit`` (also without Content-Length), then end it."""
    received = 0
    body_done = False

    async def wrapped() -> dict[str, Any]:
        nonlocal received, body_done
        if body_done:
            return await _next_non_body_message(receive)
        if scope[BODY_TOO_LARGE_SCOPE_KEY]:
            body_done = True
            return dict(_END_OF_BODY)
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                scope[BODY_TOO_LARGE_SCOPE_KEY] = True
                body_done = True
                return dict(_END_OF_BODY)
            body_done = not message.get("more_body", False)
        return message

    return wrapped


async def _next_non_body_message(receive: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    """After the body, Django only listens for a disconnect; drop what is left of a cut body."""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return message
