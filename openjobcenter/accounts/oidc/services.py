"""What a validated ID token does here: sign in, link, create a citizen, map a staff member's groups.

An identity is found by issuer and ``sub`` only. An e-mail address in the token never links to
an existing account: linking needs a person signed in here who then signs in at the provider.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.oidc.config import ProviderConfig
from openjobcenter.accounts.oidc.models import BankDetails, LinkedIdentity, Purpose, TrustLevel
from openjobcenter.accounts.roles import STAFF_ROLES, Role
from openjobcenter.accounts.services.common import ASSIGNABLE_ROLES, audit_subject, normalise_email
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, Team

# A django-otp device without codes standing for "the directory did the second factor".
SSO_DEVICE_NAME = "directory-sso"
STAFF_MAPPABLE_ROLES = frozenset(ASSIGNABLE_ROLES) & STAFF_ROLES


class SignInRefused(Exception):
    """The token is valid but does not open an account here; ``code`` picks the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Identity:
    issuer: str
    subject: str
    claims: dict[str, Any]


def trust_level_from(config: ProviderConfig, claims: dict[str, Any]) -> str:
    """The provider's level mapped to ours; unknown or missing values count as ``basis``."""
    raw = str(claims.get(config.trust_level_claim) or "").strip().lower()
    aliases = {
        "stork-qaa-level-1": TrustLevel.BASIS,
        "stork-qaa-level-2": TrustLevel.BASIS,
        "stork-qaa-level-3": TrustLevel.SUBSTANTIAL,
        "stork-qaa-level-4": TrustLevel.HIGH,
        "http://eidas.europa.eu/loa/low": TrustLevel.BASIS,
        "http://eidas.europa.eu/loa/substantial": TrustLevel.SUBSTANTIAL,
        "http://eidas.europa.eu/loa/high": TrustLevel.HIGH,
    }
    if raw in TrustLevel.values:
        return raw
    return str(aliases.get(raw, TrustLevel.BASIS).value)


def find_user(jobcenter: Jobcenter, purpose: str, identity: Identity) -> User | None:
    linked = (
        LinkedIdentity.objects.for_tenant(jobcenter)
        .select_related("user")
        .filter(purpose=purpose, issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    return linked.user if linked is not None else None


def _touch(jobcenter: Jobcenter, purpose: str, identity: Identity) -> None:
    LinkedIdentity.objects.for_tenant(jobcenter).filter(
        purpose=purpose, issuer=identity.issuer, subject=identity.subject
    ).update(last_used_at=timezone.now())


def _email_for(identity: Identity) -> str:
    email = str(identity.claims.get("email") or "").strip()
    if email:
        return normalise_email(email)
    # No address from the provider: a unique address that can receive nothing.
    digest = hashlib.sha256(f"{identity.issuer}|{identity.subject}".encode()).hexdigest()[:20]
    return f"oidc-{digest}@invalid.invalid"


def citizen_for(*, jobcenter: Jobcenter, identity: Identity, request: HttpRequest | None = None) -> User:
    """The linked client account, or a new one on the first sign-in. Refuses a taken address."""
    user = find_user(jobcenter, Purpose.CITIZEN, identity)
    if user is not None:
        if not (user.is_active and user.belongs_to(jobcenter) and user.has_role(Role.CLIENT)):
            raise SignInRefused("inactive")
        _touch(jobcenter, Purpose.CITIZEN, identity)
        return user
    email = _email_for(identity)
    if User.objects.filter(email__iexact=email).exists():
        raise SignInRefused("email_taken")
    claims = identity.claims
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                None,
                first_name=str(claims.get("given_name") or "")[:150],
                last_name=str(claims.get("family_name") or "")[:150],
                jobcenter=jobcenter,
                email_verified_at=timezone.now() if claims.get("email_verified") else None,
            )
            RoleAssignment.objects.create(user=user, role=Role.CLIENT)
            LinkedIdentity.objects.create_for_tenant(
                jobcenter, user=user, purpose=Purpose.CITIZEN, issuer=identity.issuer, subject=identity.subject
            )
            log_change(
                actor=user,
                jobcenter=jobcenter,
                action="accounts.oidc_account_created",
                target=user,
                subject=user,
                details={"issuer": identity.issuer},
                request=request,
            )
    except IntegrityError:
        raise SignInRefused("email_taken") from None
    return user


def link_identity(
    *, user: User, jobcenter: Jobcenter, purpose: str, identity: Identity, request: HttpRequest | None = None
) -> None:
    """Link after proof of both: ``user`` is signed in here and has just signed in at the provider."""
    owner = find_user(jobcenter, purpose, identity)
    if owner is not None and owner.pk != user.pk:
        raise SignInRefused("linked_elsewhere")
    if owner is not None:
        return
    if LinkedIdentity.objects.for_tenant(jobcenter).filter(user=user, purpose=purpose).exists():
        raise SignInRefused("already_linked")
    with transaction.atomic():
        LinkedIdentity.objects.create_for_tenant(
            jobcenter, user=user, purpose=purpose, issuer=identity.issuer, subject=identity.subject
        )
        log_change(
            actor=user,
            jobcenter=jobcenter,
            action="accounts.oidc_identity_linked",
            target=user,
            subject=audit_subject(user),
            details={"issuer": identity.issuer, "purpose": purpose},
            request=request,
        )


def unlink_identity(*, user: User, jobcenter: Jobcenter, purpose: str, request: HttpRequest | None = None) -> bool:
    with transaction.atomic():
        deleted, _rows = LinkedIdentity.objects.for_tenant(jobcenter).filter(user=user, purpose=purpose).delete()
        if deleted:
            log_change(
                actor=user,
                jobcenter=jobcenter,
                action="accounts.oidc_identity_unlinked",
                target=user,
                subject=audit_subject(user),
                details={"purpose": purpose},
                request=request,
            )
    return bool(deleted)


def linked_identity(user: User, jobcenter: Jobcenter, purpose: str) -> LinkedIdentity | None:
    return LinkedIdentity.objects.for_tenant(jobcenter).filter(user=user, purpose=purpose).first()


# --- Staff single sign-on ------------------------------------------------------------------------


def mapped_roles(config: ProviderConfig, claims: dict[str, Any]) -> set[str]:
    groups = claims.get(config.groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    roles = {config.role_mapping.get(str(group), "") for group in groups}
    return {role for role in roles if role in STAFF_MAPPABLE_ROLES}


def staff_for(
    *, jobcenter: Jobcenter, config: ProviderConfig, identity: Identity, request: HttpRequest | None = None
) -> User:
    """The staff account of a directory identity, with roles and team as the directory says now."""
    roles = mapped_roles(config, identity.claims)
    if not roles:
        raise SignInRefused("no_role")
    user = find_user(jobcenter, Purpose.STAFF, identity)
    with transaction.atomic():
        if user is None:
            email = _email_for(identity)
            if User.objects.filter(email__iexact=email).exists():
                raise SignInRefused("email_taken")
            user = User.objects.create_user(
                email,
                None,
                first_name=str(identity.claims.get("given_name") or "")[:150],
                last_name=str(identity.claims.get("family_name") or "")[:150],
                jobcenter=jobcenter,
                email_verified_at=timezone.now(),
            )
            LinkedIdentity.objects.create_for_tenant(
                jobcenter, user=user, purpose=Purpose.STAFF, issuer=identity.issuer, subject=identity.subject
            )
        elif not (user.is_active and user.belongs_to(jobcenter)):
            raise SignInRefused("inactive")
        _touch(jobcenter, Purpose.STAFF, identity)
        _sync_roles(user, roles, jobcenter=jobcenter, request=request)
        _sync_team(user, config, identity.claims, jobcenter=jobcenter)
    return user


def _sync_roles(user: User, roles: set[str], *, jobcenter: Jobcenter, request: HttpRequest | None) -> None:
    """The directory is the source of the staff roles it can map; other roles stay as they are."""
    current = set(user.role_assignments.values_list("role", flat=True))
    remove = (current & STAFF_MAPPABLE_ROLES) - roles
    add = roles - current
    if not (add or remove):
        return
    user.role_assignments.filter(role__in=remove).delete()
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=role) for role in sorted(add)])
    user.__dict__.pop("role_set", None)
    log_change(
        actor=None,
        jobcenter=jobcenter,
        action="accounts.oidc_roles_synced",
        target=user,
        details={"added": sorted(add), "removed": sorted(remove)},
        request=request,
    )


def _sync_team(user: User, config: ProviderConfig, claims: dict[str, Any], *, jobcenter: Jobcenter) -> None:
    if not config.team_claim or not claims.get(config.team_claim):
        return
    team = Team.objects.for_tenant(jobcenter).filter(name=str(claims[config.team_claim]), is_active=True).first()
    if team is not None and user.team_id != team.pk:
        User.objects.filter(pk=user.pk).update(team=team)
        user.team = team


def mark_second_factor_done_by_directory(request: HttpRequest, user: User) -> None:
    """SSO staff: the directory enforced MFA, so the session counts as verified (see docs)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=SSO_DEVICE_NAME, defaults={"confirmed": True})
    otp_login(request, device)


# --- The demonstrable protected action: bank details -------------------------------------------


def bank_details_of(user: User, jobcenter: Jobcenter) -> BankDetails | None:
    return BankDetails.objects.for_tenant(jobcenter).filter(user=user).first()


def change_bank_details(
    *, user: User, jobcenter: Jobcenter, account_holder: str, iban: str, request: HttpRequest | None = None
) -> BankDetails:
    with transaction.atomic():
        details = bank_details_of(user, jobcenter)
        if details is None:
            details = BankDetails.objects.create_for_tenant(
                jobcenter, user=user, account_holder=account_holder, iban=iban
            )
        else:
            details.account_holder, details.iban = account_holder, iban
            details.save(update_fields=["account_holder", "iban", "updated_at"])
        log_change(
            actor=user,
            jobcenter=jobcenter,
            action="accounts.bank_details_changed",
            target=user,
            subject=user,
            details={"iban_end": iban[-4:]},
            request=request,
        )
    return details
