"""Helpers shared by the views of learning."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from openjobcenter.accounts.decorators import tenant_login_required
from openjobcenter.learning.services.errors import LearningError

View = Callable[..., HttpResponse]


def any_permission_required(*perms: str) -> Callable[[View], View]:
    """Signed in, in this Jobcenter, and holding at least one of ``perms``."""

    def decorator(view: View) -> View:
        @tenant_login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not any(request.user.has_perm(perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def show_error(form: forms.Form, error: LearningError) -> None:
    """Put a refused change's messages next to the fields (or on top of the form)."""
    placed = False
    for name, messages in error.fields.items():
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)
