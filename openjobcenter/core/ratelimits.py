"""Rate limits for public APIs and forms, on top of django-ratelimit.

``rate_limit("120/m")`` works on Django views and on django-ninja operations alike. When the
limit is reached it raises ``Ratelimited``; ``RATELIMIT_VIEW`` (HTML forms, through
``RatelimitMiddleware``) and the API's exception handler turn that into a 429 with a
``Retry-After`` that says when the current window really ends.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

F = TypeVar("F", bound=Callable[..., Any])

Rate = str | Callable[[str, HttpRequest], str | None]
RETRY_AFTER_ATTRIBUTE = "ratelimit_retry_after"


def public_api_rate(group: str, request: HttpRequest) -> str:
    """``PUBLIC_API_RATE_LIMIT`` (default 120/m): generous for people, a brake for scrapers."""
    return str(getattr(settings, "PUBLIC_API_RATE_LIMIT", "120/m"))


def rate_limit(rate: Rate, *, key: str = "ip", group: str | None = None, method: Any = ALL) -> Callable[[F], F]:
    """Allow ``rate`` requests (e.g. ``"120/m"``, or a function returning it) per ``key``.

    ``key="ip"`` uses ``openjobcenter.core.net.client_ip`` (``RATELIMIT_IP_META_KEY``), so it
    honours ``TRUSTED_PROXY_COUNT``. Views sharing a ``group`` share one budget.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            usage = get_usage(request, group=group, fn=view, key=key, rate=rate, method=method, increment=True)
            if usage is not None and usage["should_limit"]:
                setattr(request, RETRY_AFTER_ATTRIBUTE, max(1, int(usage["time_left"])))
                raise Ratelimited
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def retry_after(request: HttpRequest, *, default: int = 60) -> int:
    """Seconds until the client may try again, as measured when the limit was hit."""
    return int(getattr(request, RETRY_AFTER_ATTRIBUTE, default))
