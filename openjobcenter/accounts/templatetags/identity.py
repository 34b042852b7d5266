"""Template tags for the sign-in page and "Mein Konto": the OpenID Connect buttons and card."""

from __future__ import annotations

from typing import Any

from django import template

from openjobcenter.accounts.oidc import config, services, trust
from openjobcenter.accounts.oidc.models import Purpose, TrustLevel

register = template.Library()


@register.inclusion_tag("accounts/oidc/login_buttons.html", takes_context=True)
def oidc_sign_in_buttons(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    jobcenter = getattr(request, "jobcenter", None)
    if jobcenter is None:
        return {}
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "next": context.get("next", ""),
        "citizen": config.provider_config(jobcenter, Purpose.CITIZEN),
        "staff": config.provider_config(jobcenter, Purpose.STAFF),
    }


@register.inclusion_tag("accounts/oidc/settings_card.html", takes_context=True)
def identity_card(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    jobcenter = request.jobcenter
    user = request.user
    purpose = Purpose.STAFF if user.is_jobcenter_staff else Purpose.CITIZEN
    return {
        "request": request,
        "provider": config.provider_config(jobcenter, purpose),
        "linked": services.linked_identity(user, jobcenter, purpose),
        "current": TrustLevel(trust.current_trust_level(request)),
        "is_citizen": purpose == Purpose.CITIZEN,
    }


@register.simple_tag(takes_context=True)
def citizen_two_factor_offered(context: template.Context) -> bool:
    """Whether this Jobcenter offers citizens the authenticator app (staff always have it)."""
    request = context["request"]
    return request.user.is_jobcenter_staff or config.citizen_two_factor_offered(request.jobcenter)
