"""Which OpenID provider a Jobcenter uses: its row in the staff UI, with the environment as default.

Environment (``P`` is ``CITIZEN`` or ``STAFF``): ``OIDC_P_ISSUER``, ``OIDC_P_CLIENT_ID``,
``OIDC_P_CLIENT_SECRET`` (or ``OIDC_P_CLIENT_SECRET_FILE``), ``OIDC_P_SCOPES``,
``OIDC_P_TRUST_LEVEL_CLAIM``, ``OIDC_P_GROUPS_CLAIM``, ``OIDC_P_TEAM_CLAIM``,
``OIDC_P_ROLE_MAPPING`` ("group=role,group=role") and ``OIDC_P_NAME``. Read on every use, so a
Jobcenter without a row of its own follows the environment.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from openjobcenter.accounts.oidc.models import IdentityProvider, IdentitySettings, Purpose
from openjobcenter.core.models import Jobcenter
from openjobcenter.env import env_secret, env_str

DEFAULT_SCOPES = {Purpose.CITIZEN: "openid email profile", Purpose.STAFF: "openid email profile groups"}
DEFAULT_NAMES = {Purpose.CITIZEN: "BundID", Purpose.STAFF: "Verzeichnisdienst"}
FIELDS = (
    "display_name",
    "issuer",
    "client_id",
    "client_secret",
    "scopes",
    "trust_level_claim",
    "groups_claim",
    "team_claim",
)
ENV_NAMES = {
    "display_name": "NAME",
    "issuer": "ISSUER",
    "client_id": "CLIENT_ID",
    "client_secret": "CLIENT_SECRET",
    "scopes": "SCOPES",
    "trust_level_claim": "TRUST_LEVEL_CLAIM",
    "groups_claim": "GROUPS_CLAIM",
    "team_claim": "TEAM_CLAIM",
}


@dataclass(frozen=True)
class ProviderConfig:
    """The effective configuration of one provider for one Jobcenter."""

    jobcenter_id: int
    purpose: str
    display_name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    trust_level_claim: str = "acr"
    groups_claim: str = "groups"
    team_claim: str = ""
    role_mapping: dict[str, str] = field(default_factory=dict)

    @property
    def scope_list(self) -> list[str]:
        scopes = self.scopes.split()
        return scopes if "openid" in scopes else ["openid", *scopes]


def env_value(purpose: str, name: str) -> str:
    variable = f"OIDC_{purpose.upper()}_{ENV_NAMES[name]}"
    return env_secret(variable) if name == "client_secret" else env_str(variable)


def env_role_mapping(purpose: str) -> dict[str, str]:
    raw = env_str(f"OIDC_{purpose.upper()}_ROLE_MAPPING")
    mapping: dict[str, str] = {}
    for item in raw.split(","):
        if item.strip():
            group, sep, role = item.partition("=")
            if not sep:
                raise ImproperlyConfigured(f"OIDC_{purpose.upper()}_ROLE_MAPPING: expected group=role, got {item!r}")
            mapping[group.strip()] = role.strip()
    return mapping


def stored(jobcenter: Jobcenter, purpose: str) -> IdentityProvider | None:
    return IdentityProvider.objects.for_tenant(jobcenter).filter(purpose=purpose).first()


def provider_config(jobcenter: Jobcenter, purpose: str) -> ProviderConfig | None:
    """The configuration in force, or ``None`` when this way of signing in is off or incomplete."""
    row = stored(jobcenter, purpose)
    if row is not None and not row.enabled:
        return None
    values = {name: (getattr(row, name) if row is not None else "") or env_value(purpose, name) for name in FIELDS}
    if not (values["issuer"] and values["client_id"]):
        return None
    mapping = (row.role_mapping if row is not None else {}) or env_role_mapping(purpose)
    return ProviderConfig(
        jobcenter_id=jobcenter.pk,
        purpose=purpose,
        display_name=values["display_name"] or str(DEFAULT_NAMES[Purpose(purpose)]),
        issuer=values["issuer"].rstrip("/"),
        client_id=values["client_id"],
        client_secret=values["client_secret"],
        scopes=values["scopes"] or DEFAULT_SCOPES[Purpose(purpose)],
        trust_level_claim=values["trust_level_claim"] or "acr",
        groups_claim=values["groups_claim"] or "groups",
        team_claim=values["team_claim"],
        role_mapping=mapping,
    )


def is_acceptable_issuer(url: str) -> bool:
    """HTTPS, or plain HTTP on the loopback interface only (a provider on the same machine, tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    if parts.scheme != "http" or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def citizen_two_factor_offered(jobcenter: Jobcenter) -> bool:
    row = IdentitySettings.objects.for_tenant(jobcenter).first()
    return True if row is None else row.citizen_two_factor
