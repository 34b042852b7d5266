"""API building blocks every app's router uses, and the core endpoints (Jobcenter, locations, me).

An app's router, mounted in ``openjobcenter/api.py`` under ``/{jobcenter}/<app>``::

    router = Router(tags=["Termine"])

    @router.get("/concerns", response={200: list[ConcernOut], **errors(404, 429)})
    @public_rate_limit
    def concerns(request, jobcenter: str):
        tenant = tenant_from_path(request, jobcenter)          # 404 unknown_jobcenter
        return list_concerns(tenant)

    @router.get("/mine", auth=api_auth, response={200: list[X], **errors(401, 403, 404)})
    def mine(request, jobcenter: str):
        tenant = member_tenant(request, jobcenter)             # 404 unless the user belongs to it
        require_permission(request, "appointments.book_appointment")   # 403
        ...

Raise ``ApiError(status, code, message, fields=...)`` for anything else; the API turns it into
``{"error": {"code", "message", "fields"}}``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import field_validator

from openjobcenter.accounts.api_tokens import authenticate_token
from openjobcenter.accounts.models import User
from openjobcenter.accounts.services import set_preferred_language
from openjobcenter.core.i18n import language_codes, translated
from openjobcenter.core.models import Jobcenter, Location
from openjobcenter.core.ratelimits import public_api_rate, rate_limit
from openjobcenter.core.services.tenants import active_jobcenters, get_active_jobcenter, public_locations


class ApiError(HttpError):
    """An error with a machine-readable ``code`` and a message in the request's language."""

    def __init__(self, status: int, code: str, message: str, *, fields: dict[str, Any] | None = None) -> None:
        super().__init__(status, message)
        self.code = code
        self.fields = fields or {}


# --- Error schema (for the OpenAPI document) -----------------------------------------------------


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorDetail


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``response={200: X, **errors(404, 429)}`` documents the error responses of an operation."""
    return dict.fromkeys(statuses, ErrorOut)


# --- Authentication ------------------------------------------------------------------------------


def _second_factor_done(user: User) -> bool:
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return bool(is_verified and is_verified())


class SessionAuth(APIKeyCookie):
    """The portal session, for the portal's own pages calling the API.

    CSRF is checked for unsafe methods, but only when the session actually signs somebody in:
    a request without a session cookie has no authority a forged request could borrow.
    Staff sessions count only after the second factor, as in the portal.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated or not isinstance(user, User):
            return None
        if user.is_jobcenter_staff and not _second_factor_done(user):
            return None
        return user


class BearerAuth(HttpBearer):
    """``Authorization: Bearer TOKEN`` for integrations (tokens from ``create_api_token``)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate_token(token)
        if user is not None:
            request.user = user  # permission checks read request.user, as in the portal
        return user


api_auth = [SessionAuth(csrf=True), BearerAuth()]
public_rate_limit = rate_limit(public_api_rate, group="api-public")


# --- Tenancy -------------------------------------------------------------------------------------


def tenant_from_path(request: HttpRequest, jobcenter: str) -> Jobcenter:
    """The active Jobcenter named by the ``{jobcenter}`` path segment, else 404 ``unknown_jobcenter``."""
    tenant = get_active_jobcenter(jobcenter)
    if tenant is None:
        raise ApiError(404, "unknown_jobcenter", _("Unter dieser Adresse gibt es kein Jobcenter."))
    request.jobcenter = tenant  # type: ignore[attr-defined]
    return tenant


def current_user(request: HttpRequest) -> User:
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise AuthenticationError
    return user


def member_tenant(request: HttpRequest, jobcenter: str) -> Jobcenter:
    """Like ``tenant_from_path``, and the signed-in user must belong to it — else 404, never 403."""
    tenant = tenant_from_path(request, jobcenter)
    if not current_user(request).belongs_to(tenant):
        raise ApiError(404, "not_found", _("Diese Adresse gibt es nicht."))
    return tenant


def require_permission(request: HttpRequest, perm: str) -> None:
    """403 ``forbidden`` unless the signed-in user's roles grant ``perm`` (see accounts/roles.py)."""
    if not current_user(request).has_perm(perm):
        raise ApiError(403, "forbidden", _("Dafür fehlt Ihnen die Berechtigung."))


# --- Core endpoints ------------------------------------------------------------------------------

router = Router(tags=["Jobcenter"])


class JobcenterOut(Schema):
    slug: str
    name: str
    address: str
    languages: list[str]


class ContactOut(Schema):
    phone: str
    email: str


class JobcenterDetailOut(JobcenterOut):
    street: str
    postal_code: str
    city: str
    contact: ContactOut
    legal_representative: str
    privacy_officer: str


class OpeningPeriodOut(Schema):
    weekday: int  # 0 = Monday … 6 = Sunday
    opens: str  # "HH:MM", local time of the Jobcenter
    closes: str


class ReceptionZoneOut(Schema):
    code: str
    name: str


class LocationOut(Schema):
    id: int
    name: str
    address: str
    phone: str
    email: str
    opening_hours: list[OpeningPeriodOut]
    reception_zones: list[ReceptionZoneOut]
    accessibility: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    roles: list[str]
    language: str
    jobcenter: str | None


def _jobcenter_summary(jobcenter: Jobcenter) -> dict[str, Any]:
    return {
        "slug": jobcenter.slug,
        "name": jobcenter.name,
        "address": jobcenter.address,
        "languages": jobcenter.languages,
    }


def _location_out(location: Location) -> dict[str, Any]:
    return {
        "id": location.pk,
        "name": location.name,
        "address": location.address,
        "phone": location.phone,
        "email": location.email,
        "opening_hours": [
            {"weekday": hours.weekday, "opens": f"{hours.opens:%H:%M}", "closes": f"{hours.closes:%H:%M}"}
            for hours in location.opening_hours.all()
        ],
        "reception_zones": [
            {"code": zone.code, "name": zone.display_name()} for zone in location.reception_zones.all()
        ],
        "accessibility": translated(location.accessibility),
    }


def _check_language(value: str) -> str:
    if value not in language_codes():
        raise ValueError(
            _("Bitte wählen Sie eine dieser Sprachen: %(codes)s.") % {"codes": ", ".join(language_codes())}
        )
    return value


@router.get("/jobcenters", response={200: list[JobcenterOut], **errors(422, 429)}, summary="Alle Jobcenter")
@public_rate_limit
def list_jobcenters(request: HttpRequest, language: str | None = None) -> list[dict[str, Any]]:
    """All active Jobcenters; with ``language`` only those that offer it (e.g. ``ar``)."""
    if language is not None:
        try:
            _check_language(language)
        except ValueError as exc:
            raise ApiError(
                422, "invalid", _("Bitte prüfen Sie Ihre Eingaben."), fields={"language": [str(exc)]}
            ) from None
    jobcenters = active_jobcenters()
    return [_jobcenter_summary(jc) for jc in jobcenters if language is None or language in jc.languages]


@router.get("/{jobcenter}", response={200: JobcenterDetailOut, **errors(404, 429)}, summary="Ein Jobcenter")
@public_rate_limit
def jobcenter_detail(request: HttpRequest, jobcenter: str) -> dict[str, Any]:
    tenant = tenant_from_path(request, jobcenter)
    return {
        **_jobcenter_summary(tenant),
        "street": tenant.street,
        "postal_code": tenant.postal_code,
        "city": tenant.city,
        "contact": {"phone": tenant.phone, "email": tenant.email},
        "legal_representative": tenant.legal_representative,
        "privacy_officer": tenant.privacy_officer,
    }


@router.get("/{jobcenter}/locations", response={200: list[LocationOut], **errors(404, 429)}, summary="Standorte")
@public_rate_limit
def list_locations(request: HttpRequest, jobcenter: str) -> list[dict[str, Any]]:
    tenant = tenant_from_path(request, jobcenter)
    return [_location_out(location) for location in public_locations(tenant)]


class LanguageIn(Schema):
    language: str

    @field_validator("language")
    @classmethod
    def known_language(cls, value: str) -> str:
        return _check_language(value)


@router.get("/{jobcenter}/me", auth=api_auth, response={200: MeOut, **errors(401, 404)}, summary="Angemeldetes Konto")
def me(request: HttpRequest, jobcenter: str) -> dict[str, Any]:
    member_tenant(request, jobcenter)
    return _me_out(current_user(request))


@router.put(
    "/{jobcenter}/me/language",
    auth=api_auth,
    response={200: MeOut, **errors(401, 403, 404, 422)},
    summary="Bevorzugte Sprache ändern",
)
def set_my_language(request: HttpRequest, jobcenter: str, payload: LanguageIn) -> dict[str, Any]:
    """The language of e-mails and of the portal for this account."""
    member_tenant(request, jobcenter)
    user = current_user(request)
    set_preferred_language(user, payload.language)
    return _me_out(user)


def _me_out(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.get_full_name(),
        "roles": sorted(user.role_set),
        "language": user.language,
        "jobcenter": user.jobcenter.slug if user.jobcenter else None,
    }
