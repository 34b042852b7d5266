"""Every page of the portal and who it serves: the list the axe tests and the screenshots walk.

A page is named by its URL name. Who sees it follows from the permission it needs (the roles that
hold it in ``accounts/roles.py``), so a role that gains a permission gets its pages checked too.
``test_page_registry.py`` fails when a URL exists that is neither listed here nor excluded with a
reason, so a new page cannot escape the accessibility check.

Where pages look the same for several roles, one persona stands for them, to keep the suite fast:
public pages differ between visitors only in the header, so they are checked for one audience per
header variant (not signed in, citizen, staff, partner); the account pages (password, two-factor,
inbox; settings for every role, as it lists the person's roles) for one persona per kind of account
(citizen, staff, partner); and the platform
admin, who sees the Jobcenter admin's pages exactly as the Jobcenter admin does, on their workspace
and on pages only they may open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.urls import NoReverseMatch, reverse

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import ROLE_PERMISSIONS, Role
from openjobcenter.accounts.tokens import encode_uid, invitation_token_generator, make_verification_token
from openjobcenter.core.models import Jobcenter, Location, Team

ANONYMOUS = "anonymous"
# A member of staff after the password, before the second factor.
PENDING_2FA = "advisor_pending_2fa"
ROLES: tuple[str, ...] = tuple(role.value for role in Role)
AUDIENCES: tuple[str, ...] = (ANONYMOUS, *ROLES, PENDING_2FA)
HEADER_VARIANTS = frozenset({ANONYMOUS, Role.CLIENT.value, Role.ADVISOR.value, Role.EMPLOYER.value})
ACCOUNT_KINDS = frozenset({Role.CLIENT.value, Role.ADVISOR.value, Role.EMPLOYER.value})


@dataclass(frozen=True)
class PortalPage:
    name: str  # the URL name ("core:home"), or a label for a page reached by path
    variant: str = ""  # tells entries of the same URL apart (e.g. a valid and an expired link)
    perm: str | None = None  # needed to see the page; None: public
    audiences: frozenset[str] | None = None  # who sees it, when no permission says so
    tenant: bool = True  # lives under /<jobcenter>/
    path: str | None = None  # fixed path instead of a URL name (error pages)
    status: int = 200
    redirects: bool = False  # the URL moves on to the page itself (e.g. a token taken out of the URL)
    differs_for_platform_admin: bool = False  # e.g. the workspace: no Jobcenter of their own
    kwargs: Callable[[Jobcenter], dict[str, Any]] | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    def serves(self, audience: str) -> bool:
        if self.audiences is not None:
            return audience in self.audiences
        if self.perm is None:
            return audience in HEADER_VARIANTS
        if audience not in ROLE_PERMISSIONS or self.perm not in ROLE_PERMISSIONS[audience]:
            return False
        if audience == Role.PLATFORM_ADMIN and not self.differs_for_platform_admin:
            return self.perm not in ROLE_PERMISSIONS[Role.JOBCENTER_ADMIN]
        return True

    def url(self, jobcenter: Jobcenter) -> str | None:
        """The page's path, or None while its URL name does not exist (yet)."""
        if self.path is not None:
            return self.path
        kwargs = self.kwargs(jobcenter) if self.kwargs else {}
        if self.tenant:
            kwargs = {"jobcenter": jobcenter.slug, **kwargs}
        try:
            return reverse(self.name, kwargs=kwargs)
        except NoReverseMatch:
            return None


def _only(*audiences: str) -> frozenset[str]:
    return frozenset(audiences)


NOT_SIGNED_IN = _only(ANONYMOUS)


# --- objects the pages show (from the demo data) ---------------------------------------------
def _location(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"pk": Location.objects.for_tenant(jobcenter).order_by("name").first().pk}  # type: ignore[union-attr]


def _team(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"pk": Team.objects.for_tenant(jobcenter).order_by("name").first().pk}  # type: ignore[union-attr]


def _colleague(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"pk": User.objects.get(email="beratung@demo.example").pk}


def _citizen(jobcenter: Jobcenter) -> User:
    return User.objects.get(email="kundin@demo.example")


def _reset_link(jobcenter: Jobcenter) -> dict[str, Any]:
    user = _citizen(jobcenter)
    return {"uidb64": encode_uid(user), "token": default_token_generator.make_token(user)}


def _invitation_link(jobcenter: Jobcenter) -> dict[str, Any]:
    user = User.objects.get(email="beratung@demo.example")
    return {"uidb64": encode_uid(user), "token": invitation_token_generator.make_token(user)}


def _broken_link(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"uidb64": encode_uid(_citizen(jobcenter)), "token": "abgelaufen-0000"}


def _verification_link(jobcenter: Jobcenter) -> dict[str, Any]:
    user = User.objects.filter(email="neu@example.org").first() or User.objects.create_user(
        "neu@example.org", "Ein-sicheres-Passwort-1", first_name="Nele", last_name="Neu", jobcenter=jobcenter
    )
    return {"token": make_verification_token(user)}


PAGES: tuple[PortalPage, ...] = (
    # Platform-wide pages.
    PortalPage("platform_root", tenant=False),
    PortalPage("error", "unknown Jobcenter", path="/gibt-es-nicht/", status=404, audiences=NOT_SIGNED_IN),
    PortalPage("error", "page not found", path="/demo/gibt-es-nicht/", status=404),
    # Public pages of a Jobcenter.
    PortalPage("core:home"),
    PortalPage("core:accessibility"),
    PortalPage("core:accessibility_feedback_sent"),
    PortalPage("core:privacy"),
    PortalPage("core:imprint"),
    PortalPage("core:easy_language"),
    # Sign-in, registration, links from e-mails.
    PortalPage("accounts:login", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:two_factor", audiences=_only(PENDING_2FA)),
    PortalPage("accounts:register", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:register_done", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:resend_verification", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:verify_email", "valid", audiences=NOT_SIGNED_IN, kwargs=_verification_link),
    PortalPage(
        "accounts:verify_email", "broken", audiences=NOT_SIGNED_IN, status=400, kwargs=lambda jc: {"token": "kaputt"}
    ),
    PortalPage("accounts:password_reset", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:password_reset_sent", audiences=NOT_SIGNED_IN),
    PortalPage("accounts:password_reset_confirm", "valid", audiences=NOT_SIGNED_IN, redirects=True, kwargs=_reset_link),
    PortalPage("accounts:password_reset_confirm", "expired", audiences=NOT_SIGNED_IN, status=400, kwargs=_broken_link),
    PortalPage("accounts:invitation", "valid", audiences=NOT_SIGNED_IN, redirects=True, kwargs=_invitation_link),
    # Everybody's account.
    PortalPage("accounts:settings", audiences=frozenset(ROLES)),  # shows each person's roles
    PortalPage("accounts:password_change", audiences=ACCOUNT_KINDS),
    PortalPage("accounts:two_factor_setup", audiences=ACCOUNT_KINDS),
    # Only with an authenticator app: staff must have one, the citizen persona chose one.
    PortalPage("accounts:recovery_codes", audiences=_only(Role.CLIENT, Role.ADVISOR)),
    PortalPage("accounts:two_factor_disable", audiences=_only(Role.CLIENT)),  # staff may not switch it off
    PortalPage("notifications:inbox", audiences=ACCOUNT_KINDS),
    # Citizens.
    PortalPage("core:citizen_area", perm="core.use_citizen_area"),
    PortalPage("audit:my_access_log", perm="audit.view_own_access_log"),
    # Staff.
    PortalPage("core:staff_workspace", perm="core.use_staff_workspace", differs_for_platform_admin=True),
    PortalPage("audit:search", perm="audit.search_audit_log"),
    PortalPage("accounts:staff_people", perm="accounts.manage_staff"),
    PortalPage("accounts:staff_person_create", perm="accounts.manage_staff"),
    PortalPage("accounts:staff_person_edit", perm="accounts.manage_staff", kwargs=_colleague),
    PortalPage("core:location_list", perm="core.manage_locations"),
    PortalPage("core:location_create", perm="core.manage_locations"),
    PortalPage("core:location_detail", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:location_edit", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:location_hours", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:location_zones", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:location_status", perm="core.manage_locations", kwargs=_location),
    PortalPage("core:team_list", perm="core.manage_teams"),
    PortalPage("core:team_create", perm="core.manage_teams"),
    PortalPage("core:team_edit", perm="core.manage_teams", kwargs=_team),
    PortalPage("core:team_status", perm="core.manage_teams", kwargs=_team),
    PortalPage("core:jobcenter_settings", perm="core.manage_settings"),
)

# URL names that are no page of their own, with the reason.
EXCLUDED: dict[str, str] = {
    "set_language": "POST only: the language switch on every page",
    "healthz": "JSON for load balancers",
    "accounts:logout": "POST only: the sign-out button in the header",
    "accounts:regenerate_recovery_codes": "POST only: a button on the recovery codes page",
    "accounts:staff_person_deactivate": "POST only: a button on the staff person's page",
    "accounts:staff_person_reactivate": "POST only: a button on the staff person's page",
    "accounts:staff_person_invite": "POST only: a button on the staff person's page",
    "accounts:staff_person_reset_two_factor": "POST only: a button on the staff person's page",
    "notifications:mark_read": "POST only: a button in the inbox",
    "notifications:mark_all_read": "POST only: a button in the inbox",
}
# URL name prefixes outside the portal's own interface.
EXCLUDED_PREFIXES: dict[str, str] = {
    "admin:": "Django's admin, for platform admins only (not the portal UI)",
    "api:": "the JSON API (/api/v1/), checked by the API tests",
}


def pages_for(audience: str) -> list[PortalPage]:
    return [page for page in PAGES if page.serves(audience)]
