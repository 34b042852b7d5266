"""The HTTP API at ``/api/v1/``: one NinjaAPI; each app contributes a router per Jobcenter.

Mount an app's router under the tenant path, e.g.
``api.add_router("/{jobcenter}/appointments", appointments_router)
api.add_router("/{jobcenter}/reception", reception_router)``; its operations take
``jobcenter: str`` and call ``openjobcenter.core.api.tenant_from_path`` or ``member_tenant``.
Every error leaves here as ``{"error": {"code", "message", "fields"}}`` (API.md).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.exceptions import Ratelimited
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from openjobcenter.appointments.api import router as appointments_router
from openjobcenter.core.api import ApiError
from openjobcenter.core.api import router as core_router
from openjobcenter.core.views.errors import api_error, ratelimited, request_too_large, service_unavailable
from openjobcenter.reception.api import router as reception_router

logger = logging.getLogger(__name__)
StrOrPromise = str | Promise

api = NinjaAPI(
    title="OpenJobcenter API",
    version="1",
    description="Schnittstelle für Fachverfahren und Integrationen. Anmeldung mit `Authorization: Bearer TOKEN` "
    "(Token: `python manage.py create_api_token E-MAIL`) oder mit der Portal-Sitzung (Cookie + CSRF). "
    'Fehler haben immer die Form `{"error": {"code", "message", "fields"}}`.',
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)

api.add_router("", core_router)
api.add_router("/{jobcenter}/appointments", appointments_router)
api.add_router("/{jobcenter}/reception", reception_router)
api.add_router("/{jobcenter}/statistics", "openjobcenter.statistics.api.router")
api.add_router("/{jobcenter}/assistant", "openjobcenter.assistant.api.router")
api.add_router("/{jobcenter}/applications", "openjobcenter.applications.api.router")
api.add_router("/{jobcenter}/jobs", "openjobcenter.jobs.api.router")


# --- Validation errors: one German (or requested-language) message per field -------------------

_LOCATION_PREFIXES = {"body", "payload", "query", "path", "header", "cookie", "form", "file", "data"}


def _field_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("Dieses Feld ist erforderlich.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Bitte geben Sie eine ganze Zahl an.")
    if kind in {"float_parsing", "float_type", "decimal_parsing"}:
        return _("Bitte geben Sie eine Zahl an.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Bitte geben Sie true oder false an.")
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_type"}:
        return _("Bitte geben Sie ein Datum im Format JJJJ-MM-TT an.")
    if kind in {"datetime_parsing", "datetime_from_date_parsing", "datetime_type"}:
        return _("Bitte geben Sie Datum und Uhrzeit im Format ISO 8601 an.")
    if kind == "string_too_short":
        return _("Die Eingabe ist zu kurz (mindestens %(count)s Zeichen).") % {"count": context.get("min_length")}
    if kind == "string_too_long":
        return _("Die Eingabe ist zu lang (höchstens %(count)s Zeichen).") % {"count": context.get("max_length")}
    if kind in {"greater_than", "greater_than_equal"}:
        return _("Der Wert ist zu klein.")
    if kind in {"less_than", "less_than_equal"}:
        return _("Der Wert ist zu groß.")
    if kind in {"literal_error", "enum"}:
        return _("Bitte wählen Sie einen der erlaubten Werte: %(values)s.") % {"values": context.get("expected", "")}
    if kind == "value_error" and context.get("error"):
        # Our own validators raise ValueError with an already translated message.
        return str(context["error"])
    return _("Dieser Wert ist ungültig.")


def _field_name(error: dict[str, Any]) -> str:
    location = [str(part) for part in error.get("loc", ())]
    if location and location[0] in _LOCATION_PREFIXES:
        location = location[1:]
    if location and location[0] == "payload":
        location = location[1:]
    return ".".join(location) or "__all__"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(error), []).append(_field_message(error))
    return api_error("invalid", _("Bitte prüfen Sie Ihre Eingaben."), 422, fields=fields)


# --- Everything else ----------------------------------------------------------------------------

_GENERIC: dict[int, tuple[str, StrOrPromise]] = {
    400: ("bad_request", gettext_lazy("Die Anfrage konnte nicht verarbeitet werden.")),
    401: ("unauthorized", gettext_lazy("Bitte melden Sie sich an oder senden Sie einen gültigen API-Token.")),
    403: ("forbidden", gettext_lazy("Dafür fehlt Ihnen die Berechtigung.")),
    404: ("not_found", gettext_lazy("Diese Adresse gibt es nicht.")),
    405: ("method_not_allowed", gettext_lazy("Diese Methode ist hier nicht erlaubt.")),
    409: ("conflict", gettext_lazy("Die Anfrage steht im Widerspruch zum aktuellen Stand.")),
}


def _generic_error(status: int) -> HttpResponse:
    code, message = _GENERIC.get(status, ("error", _GENERIC[400][1]))
    return api_error(code, str(message), status)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _generic_error(401)
    response["WWW-Authenticate"] = 'Bearer realm="OpenJobcenter"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, ApiError):
        return api_error(exc.code, exc.message, exc.status_code, fields=exc.fields)
    if isinstance(exc, Throttled):
        return ratelimited(request)
    # Raised by django-ninja itself, with English texts: answer in the request's language.
    if exc.status_code == 403 and "CSRF" in exc.message:
        return api_error("csrf_failed", _("CSRF-Prüfung fehlgeschlagen. Bitte laden Sie die Seite neu."), 403)
    if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
        return api_error("invalid_json", _("Der Inhalt der Anfrage ist kein gültiges JSON."), 400)
    return _generic_error(exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _generic_error(404)


@api.exception_handler(Ratelimited)
def on_ratelimited(request: HttpRequest, exc: Ratelimited) -> HttpResponse:
    return ratelimited(request, exc)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _generic_error(403)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return request_too_large(request)


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return _generic_error(400)


@api.exception_handler(DatabaseOperationalError)
@api.exception_handler(DatabaseInterfaceError)
def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database cannot be reached (restart, failover): 503 with Retry-After, not a 500."""
    logger.warning("Database unavailable in %s %s: %s", request.method, request.path, exc)
    return service_unavailable(request)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Never a stack trace to the client, also with DEBUG on; the log has the details."""
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return api_error(
        "server_error",
        _("Ein technischer Fehler ist aufgetreten. Bitte versuchen Sie es später erneut."),
        500,
    )
