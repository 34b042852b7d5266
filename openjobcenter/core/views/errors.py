"""Error pages: a clear message in the user's language, the right status, never a stack trace."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from openjobcenter.core.services.tenants import active_jobcenters


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def api_error(code: str, message: str, status: int, *, fields: dict[str, Any] | None = None) -> JsonResponse:
    """The error body of API.md: ``{"error": {"code", "message", "fields"}}``."""
    return JsonResponse({"error": {"code": code, "message": message, "fields": fields or {}}}, status=status)


def _error_page(request: HttpRequest, *, status: int, code: str, title: str, message: str) -> HttpResponse:
    if _wants_json(request):
        return api_error(code, message, status)
    context = {"status": status, "title": title, "message": message, "jobcenters": active_jobcenters()}
    return render(request, "core/error.html", context, status=status)


def unknown_jobcenter(request: HttpRequest, slug: str) -> HttpResponse:
    return _error_page(
        request,
        status=404,
        code="unknown_jobcenter",
        title=_("Jobcenter nicht gefunden"),
        message=_("Unter dieser Adresse gibt es kein Jobcenter. Bitte wählen Sie Ihr Jobcenter aus der Liste."),
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        status=400,
        code="bad_request",
        title=_("Ungültige Anfrage"),
        message=_("Die Anfrage konnte nicht verarbeitet werden. Bitte versuchen Sie es erneut."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        status=403,
        code="forbidden",
        title=_("Kein Zugriff"),
        message=_("Sie haben keine Berechtigung für diese Seite."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        status=404,
        code="not_found",
        title=_("Seite nicht gefunden"),
        message=_("Diese Seite gibt es nicht (mehr). Prüfen Sie die Adresse oder gehen Sie zur Startseite."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    message = _(
        "Ein technischer Fehler ist aufgetreten. Ihre Eingaben wurden nicht übernommen. Bitte versuchen Sie es später erneut."
    )
    if _wants_json(request):
        return api_error("server_error", message, 500)
    # No template context processors here: the error may come from them.
    return render(request, "500.html", {"message": message}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(
        request,
        status=403,
        code="csrf_failed",
        title=_("Sitzung abgelaufen"),
        message=_(
            "Das Formular war zu lange geöffnet oder Cookies sind blockiert. Bitte laden Sie die Seite neu und senden Sie es erneut."
        ),
    )


def ratelimited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    retry_after = "60"
    message = _("Zu viele Anfragen in kurzer Zeit. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.")
    if _wants_json(request):
        response: HttpResponse = api_error("rate_limited", message, 429)
    else:
        response = render(
            request,
            "core/error.html",
            {"status": 429, "title": _("Bitte kurz warten"), "message": message},
            status=429,
        )
    response["Retry-After"] = retry_after
    return response
