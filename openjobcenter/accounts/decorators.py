"""View decorators that tie authorisation to the current Jobcenter.

A signed-in person may only use the pages of the Jobcenter their account belongs to; anybody
else gets a 404 (not 403), so the existence of data in another tenant is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

View = Callable[..., HttpResponse]


def _login_url(request: HttpRequest) -> str:
    return reverse("accounts:login", kwargs={"jobcenter": request.jobcenter.slug})  # type: ignore[attr-defined]


def tenant_login_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), _login_url(request))
        if not request.user.belongs_to(request.jobcenter):  # type: ignore[attr-defined]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def permission_required(perm: str) -> Callable[[View], View]:
    """Signed in, in this Jobcenter, and holding ``perm`` through one of the person's roles."""

    def decorator(view: View) -> View:
        @tenant_login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


citizen_required = permission_required("core.use_citizen_area")
staff_required = permission_required("core.use_staff_workspace")
