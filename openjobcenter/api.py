"""The HTTP API at ``/api/v1/``: one NinjaAPI, each app contributes a router per Jobcenter."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from openjobcenter.core.views.errors import api_error

api = NinjaAPI(
    title="OpenJobcenter API",
    version="1",
    description="Schnittstelle für Fachverfahren und Integrationen. Fehler haben die Form "
    '{"error": {"code", "message", "fields"}}.',
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in {"body", "payload", "query", "path"}]
        fields.setdefault(".".join(location) or "__all__", []).append(str(error.get("msg", "")))
    return api_error("invalid", "Die Eingaben sind ungültig.", 422, fields=fields)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api_error("unauthorized", "Anmeldung erforderlich.", 401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api_error(getattr(exc, "code", "error"), str(exc), exc.status_code)
