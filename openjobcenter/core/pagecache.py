"""Public pages for visitors without a session, rendered once and then served from the cache.

Home, privacy and easy-language pages are the same for every visitor who is not signed in, per
Jobcenter, language and address; rendering them costs most of such a request's CPU (issue 13,
docs/performance.md). Only the body is kept: each answer is a new response that passes all
middleware as usual (security headers, CSP, ``Vary``). The one per-visitor part of those pages,
the CSRF token of the language switch, is rendered as a random placeholder and replaced by this
visitor's token on every answer, which also sets the CSRF cookie as rendering would.

Served from the cache only when the request has no session cookie (nobody signed in, no
messages kept in a session), no messages cookie and no query string. A change of the Jobcenter,
its locations, opening hours or reception zones starts a new generation at once (signals), so
edits show on the next request; anything else on these pages is at most ``PAGE_CACHE_SECONDS``
old.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

PAGE_CACHE_SECONDS = 60
# Set on the request while a page is rendered for the cache; read by the ``portal`` context processor.
PLACEHOLDER_ATTRIBUTE = "_ojc_csrf_placeholder"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage

View = Callable[..., HttpResponse]


def _generation_key(jobcenter_id: int) -> str:
    return f"pages:generation:{jobcenter_id}"


def _page_key(request: HttpRequest, jobcenter_id: int) -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    path = hashlib.sha256(request.path.encode()).hexdigest()[:32]
    return f"pages:{jobcenter_id}:{language}:{path}"


def _served_from_cache(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and getattr(request, "jobcenter", None) is not None
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def _answer(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    content = entry["content"].replace(entry["placeholder"].encode(), get_token(request).encode())
    response = HttpResponse(content, content_type=entry["content_type"])
    # The page differs for signed-in visitors: shared caches must not hand this copy to them.
    patch_vary_headers(response, ("Cookie",))
    return response


def _storable(response: HttpResponse) -> bool:
    """Only plain rendered pages: no cookies, no headers of the view's own, no streaming."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and {name.lower() for name in response.headers} <= {"content-type"}
    )


def cache_public_page(view: View) -> View:
    """Serve ``view`` to visitors without a session from the cache (see the module's docstring)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _served_from_cache(request):
            return view(request, *args, **kwargs)
        jobcenter_id = request.jobcenter.pk  # type: ignore[attr-defined]
        key, generation_key = _page_key(request, jobcenter_id), _generation_key(jobcenter_id)
        found = cache.get_many([key, generation_key])
        generation = found.get(generation_key, 0)
        entry = found.get(key)
        if entry is not None and entry["generation"] == generation:
            return _answer(request, entry)
        placeholder = secrets.token_hex(16)
        setattr(request, PLACEHOLDER_ATTRIBUTE, placeholder)
        try:
            response = view(request, *args, **kwargs)
        finally:
            delattr(request, PLACEHOLDER_ATTRIBUTE)
        if not _storable(response):
            if not response.streaming:
                response.content = response.content.replace(placeholder.encode(), get_token(request).encode())
            return response
        entry = {
            "generation": generation,
            "content": response.content,
            "content_type": response["Content-Type"],
            "placeholder": placeholder,
        }
        cache.set(key, entry, PAGE_CACHE_SECONDS)
        return _answer(request, entry)

    return wrapper


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """Context for ``{% csrf_token %}`` while a page is rendered for the cache (else nothing)."""
    placeholder = getattr(request, PLACEHOLDER_ATTRIBUTE, None)
    return {"csrf_token": placeholder} if placeholder else {}


# --- A new generation when what the pages show changes ------------------------------------------------


def new_generation(jobcenter_id: int) -> None:
    """Cached pages of this Jobcenter are outdated: now and again after the commit (a page rendered
    meanwhile from the old data must not stay)."""

    def bump() -> None:
        cache.set(_generation_key(jobcenter_id), time.time_ns(), None)

    bump()
    transaction.on_commit(bump, robust=True)


def _changed(sender: type[Any], instance: Any, **_kwargs: Any) -> None:
    jobcenter_id = instance.pk if sender.__name__ == "Jobcenter" else getattr(instance, "jobcenter_id", None)
    if jobcenter_id is not None:
        new_generation(jobcenter_id)


def connect_signals() -> None:
    from openjobcenter.core.models import Jobcenter, Location, OpeningHours, ReceptionZone

    for model in (Jobcenter, Location, OpeningHours, ReceptionZone):
        post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
