"""The page an employer opens through a share link: read-only, no account, every access logged.

Unknown tokens get 404, revoked or expired links 410, each with a page that explains why; the
views are rate-limited per client address so tokens cannot be tried in bulk.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openjobcenter.core.ratelimits import rate_limit
from openjobcenter.folder.models import AccessKind, Certificate, Share
from openjobcenter.folder.services import folders
from openjobcenter.folder.services.sharing import ShareGone, find_share, record_access
from openjobcenter.folder.views.common import certificate_response, cv_pdf_response, downloads, letter_pdf_response

RATE = "60/m"


def _shared(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the token to an active share, or answer with the explaining 404/410 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        try:
            share = find_share(request.jobcenter, token)  # type: ignore[attr-defined]
        except ShareGone as gone:
            return _closed(request, gone.share, status=410)
        if share is None:
            return _closed(request, None, status=404)
        response = view(request, share, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


def _closed(request: HttpRequest, share: Share | None, *, status: int) -> HttpResponse:
    context = {"share": share, "revoked": bool(share and share.revoked_at)}
    response = render(request, "folder/public/closed.html", context, status=status)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
@rate_limit(RATE, group="folder-shared")
@_shared
def shared(request: HttpRequest, share: Share) -> HttpResponse:
    record_access(share, AccessKind.PAGE, request)
    folder = share.folder
    context = {
        "share": share,
        "folder": folder,
        "sections": folders.entries_by_section(folder) if share.include_cv else {},
        **downloads(share, "shared", {"token": request.resolver_match.kwargs["token"]}, "pk"),  # type: ignore[union-attr]
    }
    return render(request, "folder/public/shared.html", context)


@require_GET
@rate_limit(RATE, group="folder-shared")
@_shared
def shared_cv(request: HttpRequest, share: Share) -> HttpResponse:
    if not share.include_cv:
        raise Http404
    record_access(share, AccessKind.CV, request)
    return cv_pdf_response(request, share.folder)


@require_GET
@rate_limit(RATE, group="folder-shared")
@_shared
def shared_letter(request: HttpRequest, share: Share) -> HttpResponse:
    if share.cover_letter is None:
        raise Http404
    record_access(share, AccessKind.LETTER, request, item=share.cover_letter.title)
    return letter_pdf_response(request, share.cover_letter)


@require_GET
@rate_limit(RATE, group="folder-shared")
@_shared
def shared_certificate(request: HttpRequest, share: Share, pk: int) -> HttpResponse:
    certificate: Certificate | None = share.certificates.filter(pk=pk).first()
    if certificate is None:
        raise Http404
    record_access(share, AccessKind.CERTIFICATE, request, item=certificate.title)
    return certificate_response(certificate)
