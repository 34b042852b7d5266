"""Error pages: a clear message in the user's language, the right status, never a stack trace.

Requests under ``/api/`` (or asking for JSON) get the error body of API.md instead of a page.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited

from openjobcenter.core.models import Jobcenter
from openjobcenter.core.ratelimits import retry_after
from openjobcenter.core.services.tenants import active_jobcenters, get_active_jobcenter

logger = logging.getLogger(__name__)
# Seconds a client should wait before trying again while the database is unreachable.
SERVICE_UNAVAILABLE_RETRY_AFTER = 30


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def api_error(
    code: str,
    message: str,
    status: int,
    *,
    fields: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    """The error body of API.md: ``{"error": {"code", "message", "fields"}}``."""
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return JsonResponse(body, status=status, headers=headers, json_dumps_params={"ensure_ascii": False})


def _jobcenter_for_page(request: HttpRequest) -> Jobcenter | None:
    """The tenant to brand the page with, also when the URL did not resolve (404, 413 …)."""
    jobcenter = getattr(request, "jobcenter", None)
    if jobcenter is not None:
        return jobcenter
    first_segment = request.path.strip("/").split("/", 1)[0]
    if not first_segment or request.path.startswith("/api/"):
        return None
    return get_active_jobcenter(first_segment)


def error_response(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    title: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """One error, as JSON for the API and as a page (core/error.html) for people."""
    if wants_json(request):
        return api_error(code, message, status, headers=headers)
    jobcenter = _jobcenter_for_page(request)
    if jobcenter is not None:
        request.jobcenter = jobcenter  # type: ignore[attr-defined]
    context = {
        "status": status,
        "title": title,
        "message": message,
        "jobcenters": [] if jobcenter else active_jobcenters(),
    }
    response = render(request, "core/error.html", context, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unknown_jobcenter(request: HttpRequest, slug: str = "") -> HttpResponse:
    return error_response(
        request,
        status=404,
        code="unknown_jobcenter",
        title=_("Jobcenter nicht gefunden"),
        message=_("Unter dieser Adresse gibt es kein Jobcenter. Bitte wählen Sie Ihr Jobcenter aus der Liste."),
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return error_response(
        request,
        status=400,
        code="bad_request",
        title=_("Ungültige Anfrage"),
        message=_("Die Anfrage konnte nicht verarbeitet werden. Bitte versuchen Sie es erneut."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, Ratelimited):
        return ratelimited(request, exception)
    return error_response(
        request,
        status=403,
        code="forbidden",
        title=_("Kein Zugriff"),
        message=_("Sie haben keine Berechtigung für diese Seite."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(
        request,
        status=404,
        code="not_found",
        title=_("Seite nicht gefunden"),
        message=_("Diese Seite gibt es nicht (mehr). Prüfen Sie die Adresse oder gehen Sie zur Startseite."),
    )


def method_not_allowed(request: HttpRequest, allowed: str = "") -> HttpResponse:
    if wants_json(request):
        message = _("Diese Methode ist hier nicht erlaubt. Erlaubt: %(allowed)s.") % {"allowed": allowed or "–"}
    else:
        message = _("Diese Aktion ist hier nicht möglich. Bitte nutzen Sie die Links und Formulare der Seite.")
    return error_response(
        request,
        status=405,
        code="method_not_allowed",
        title=_("Aktion nicht möglich"),
        message=message,
        headers={"Allow": allowed} if allowed else None,
    )


def request_too_large(request: HttpRequest) -> HttpResponse:
    return error_response(
        request,
        status=413,
        code="too_large",
        title=_("Anfrage zu groß"),
        message=_(
            "Die gesendeten Daten sind zu groß. Bitte verkleinern Sie Dateien oder kürzen Sie Texte und versuchen Sie es erneut."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(
        request,
        status=403,
        code="csrf_failed",
        title=_("Sitzung abgelaufen"),
        message=_(
            "Das Formular war zu lange geöffnet oder Cookies sind blockiert. Bitte laden Sie die Seite neu und senden Sie es erneut."
        ),
    )


def ratelimited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``RATELIMIT_VIEW``: 429 with ``Retry-After`` (seconds until the current window ends)."""
    seconds = retry_after(request)
    return error_response(
        request,
        status=429,
        code="rate_limited",
        title=_("Bitte kurz warten"),
        message=_("Zu viele Anfragen in kurzer Zeit. Bitte warten Sie etwas und versuchen Sie es dann erneut."),
        headers={"Retry-After": str(seconds)},
    )


_LAST_RESORT_STYLESHEETS = ["vendor/kern/fonts/fira-sans.css", "vendor/kern/kern.min.css", "css/portal.css"]


def _static_or_none(path: str) -> str | None:
    try:
        return staticfiles_storage.url(path)
    except Exception:  # a missing manifest entry must not break the last-resort page
        return None


def _database_unavailable() -> bool:
    """Whether the exception being handled means the database cannot be reached right now."""
    error = sys.exc_info()[1]
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 while the database is unreachable: nothing here may touch it (no context processors)."""
    message = _(
        "Das Portal ist gerade nicht erreichbar, weil ein interner Dienst nicht antwortet. Ihre letzte Eingabe "
        "wurde nicht gespeichert. Bitte versuchen Sie es in einer Minute erneut."
    )
    headers = {"Retry-After": str(SERVICE_UNAVAILABLE_RETRY_AFTER)}
    if wants_json(request):
        return api_error("service_unavailable", message, 503, headers=headers)
    context = {
        "language_code": get_language() or "de",
        "language_bidi": get_language_bidi(),
        "message": message,
        "stylesheets": [url for url in map(_static_or_none, _LAST_RESORT_STYLESHEETS) if url],
    }
    try:
        html: str = loader.render_to_string("503.html", context)
    except Exception:
        logger.exception("503.html could not be rendered")
        html = f"<!DOCTYPE html><title>503</title><h1>{message}</h1>"
    return HttpResponse(html, status=503, headers=headers)


def server_error(request: HttpRequest) -> HttpResponse:
    """The last resort: no database, no context processors, no base template.

    A database that cannot be reached (stopped, restarting, failing over) is not a fault of this
    request: the answer is 503 with ``Retry-After``, which proxies and clients treat as passing.
    """
    if _database_unavailable():
        return service_unavailable(request)
    message = _(
        "Ein technischer Fehler ist aufgetreten. Ihre Eingaben wurden nicht übernommen. Bitte versuchen Sie es später erneut."
    )
    if wants_json(request):
        return api_error("server_error", message, 500)
    context = {
        "language_code": get_language() or "de",
        "language_bidi": get_language_bidi(),
        "message": message,
        "stylesheets": [url for url in map(_static_or_none, _LAST_RESORT_STYLESHEETS) if url],
    }
    try:
        html: str = loader.render_to_string("500.html", context)
    except Exception:
        logger.exception("500.html could not be rendered")
        html = f"<!DOCTYPE html><title>500</title><h1>{message}</h1>"
    return HttpResponse(html, status=500)


def pdf_unavailable(request: HttpRequest) -> HttpResponse:
    """The PDF could not be made on this server (WeasyPrint's system libraries are missing)."""
    return error_response(
        request,
        status=503,
        code="pdf_unavailable",
        title=_("PDF gerade nicht verfügbar"),
        message=_(
            "Das PDF kann auf diesem Server gerade nicht erstellt werden. Die Angaben sind gespeichert; "
            "bitte versuchen Sie es später noch einmal oder wenden Sie sich an Ihr Jobcenter."
        ),
    )
