"""Trust levels as a rule: a view declares the level it needs; a lower session is asked to step up.

The level of a session: what the provider vouched for at sign-in (the ``acr`` claim or the
configured claim, stored in the session); a local sign-in counts as ``basis``, or
``substanziell`` once confirmed with the second factor (the Bundesagentur accepts a second
factor instead of BundID for its portal). A POST that needs more is kept in the session —
path and form data — and runs once the person has stepped up at the provider.

Use it in any app::

    from openjobcenter.accounts.oidc.trust import TrustLevel, trust_level_required

    @citizen_required
    @trust_level_required(TrustLevel.SUBSTANTIAL, action=_("Bankverbindung ändern"))
    def change_bank_details(request): ...
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from openjobcenter.accounts.oidc.models import TrustLevel

__all__ = ["TrustLevel", "current_trust_level", "set_trust_level", "trust_level_required"]

View = Callable[..., HttpResponse]

TRUST_LEVEL_KEY = "ojc_trust_level"
PENDING_KEY = "ojc_pending_actions"
RESUME_PARAM = "ojc_resume"
PENDING_TTL = 30 * 60
MAX_PENDING = 3
# Never kept: the CSRF token is the old page's, and passwords are not parked in a session.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "password", "password1", "password2"})


def current_trust_level(request: HttpRequest) -> str:
    stored = request.session.get(TRUST_LEVEL_KEY)
    if stored:
        return str(stored)
    is_verified = getattr(request.user, "is_verified", None)
    if is_verified is not None and is_verified():
        return TrustLevel.SUBSTANTIAL.value
    return TrustLevel.BASIS.value


def set_trust_level(request: HttpRequest, level: str) -> None:
    request.session[TRUST_LEVEL_KEY] = level


def has_level(request: HttpRequest, level: str) -> bool:
    return TrustLevel.rank(current_trust_level(request)) >= TrustLevel.rank(level)


def keep_action(request: HttpRequest, *, level: str, label: str) -> str:
    """Park the POSTed form for after the step-up; returns the token naming it."""
    pending: dict[str, Any] = dict(request.session.get(PENDING_KEY, {}))
    now = int(time.time())
    pending = {k: v for k, v in pending.items() if now - int(v["created"]) < PENDING_TTL}
    while len(pending) >= MAX_PENDING:
        pending.pop(min(pending, key=lambda k: int(pending[k]["created"])))
    token = secrets.token_urlsafe(16)
    data = {key: request.POST.getlist(key) for key in request.POST if key not in NOT_KEPT}
    pending[token] = {"path": request.path, "data": data, "level": level, "label": label, "created": now}
    request.session[PENDING_KEY] = pending
    return token


def pending_action(request: HttpRequest, token: str) -> dict[str, Any] | None:
    entry = request.session.get(PENDING_KEY, {}).get(token)
    if entry is None or int(time.time()) - int(entry["created"]) >= PENDING_TTL:
        return None
    return cast(dict[str, Any], entry)


def take_action(request: HttpRequest, token: str) -> dict[str, Any] | None:
    entry = pending_action(request, token)
    if entry is not None:
        pending = dict(request.session.get(PENDING_KEY, {}))
        pending.pop(token, None)
        request.session[PENDING_KEY] = pending
    return entry


def resume_url(entry: dict[str, Any], token: str) -> str:
    return f"{entry['path']}?{urlencode({RESUME_PARAM: token})}"


def _step_up_url(request: HttpRequest, level: str, **params: str) -> str:
    url = reverse("accounts:step_up", kwargs={"jobcenter": request.jobcenter.slug})  # type: ignore[attr-defined]
    return f"{url}?{urlencode({'level': level, **params})}"


def _resumed(request: HttpRequest, entry: dict[str, Any]) -> HttpRequest:
    """The request again as the POST that was kept (its CSRF check passed when it was sent)."""
    data = QueryDict(mutable=True)
    for key, values in entry["data"].items():
        data.setlist(key, values)
    data._mutable = False
    request.method = "POST"
    request.POST = data  # type: ignore[assignment]
    return request


def trust_level_required(level: str, *, action: Any = "", reading_too: bool = False) -> Callable[[View], View]:
    """The view changes something only for sessions at ``level`` or above; else step up, keeping the POST.

    Reading the page (GET) is allowed at any level unless ``reading_too``: the citizen sees the
    form, fills it in, and is asked to step up when sending it.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            token = request.GET.get(RESUME_PARAM, "")
            reading = request.method in ("GET", "HEAD") and not token
            if not has_level(request, level) and (reading_too or not reading):
                if request.method == "POST":
                    kept = keep_action(request, level=level, label=str(action))
                    return redirect(_step_up_url(request, level, action=kept))
                return redirect(_step_up_url(request, level, next=request.get_full_path()))
            if token and request.method == "GET":
                entry = take_action(request, token)
                if entry is not None and entry["path"] == request.path:
                    return view(_resumed(request, entry), *args, **kwargs)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
