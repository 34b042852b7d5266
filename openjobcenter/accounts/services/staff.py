"""Staff accounts, managed by Jobcenter admins: create, change roles and team, (de)activate, invite."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from openjobcenter.accounts import tokens
from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.services.common import (
    ASSIGNABLE_ROLES,
    EMAIL_ONLY,
    absolute_link,
    audit_subject,
    normalise_email,
)
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, Team
from openjobcenter.notifications.services import notify


def _check_actor(actor: User, jobcenter: Jobcenter) -> None:
    if not (actor.belongs_to(jobcenter) and actor.has_perm("accounts.manage_staff")):
        raise PermissionDenied


def _check_member(user: User, jobcenter: Jobcenter) -> None:
    if user.jobcenter_id != jobcenter.pk:
        raise PermissionDenied


def _clean_roles(roles: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(roles))
    if not cleaned:
        raise ValidationError({"roles": _("Bitte wählen Sie mindestens eine Rolle.")})
    if set(cleaned) - set(ASSIGNABLE_ROLES):
        # Not a form mistake: somebody tried to grant what the Jobcenter admin may not give.
        raise PermissionDenied("role not assignable by a Jobcenter admin")
    return cleaned


def _check_team(team: Team | None, jobcenter: Jobcenter) -> None:
    if team is not None and team.jobcenter_id != jobcenter.pk:
        raise ValidationError({"team": _("Dieses Team gehört nicht zu Ihrem Jobcenter.")})


def _role_labels(roles: Iterable[str]) -> list[str]:
    return [str(Role(role).label) for role in roles]


def create_staff_account(
    *,
    actor: User,
    jobcenter: Jobcenter,
    email: str,
    first_name: str,
    last_name: str,
    roles: Iterable[str],
    team: Team | None = None,
    request: HttpRequest | None = None,
) -> User:
    """Create an account for a colleague or partner and mail them an invitation to set a password."""
    _check_actor(actor, jobcenter)
    role_list = _clean_roles(roles)
    _check_team(team, jobcenter)
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Für diese E-Mail-Adresse gibt es bereits ein Konto.")})
    with transaction.atomic():
        user = User.objects.create_user(
            email,
            None,  # no usable password until the invitation link is used
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            jobcenter=jobcenter,
            team=team,
        )
        RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=role) for role in role_list])
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="accounts.staff_created",
            target=user,
            details={"roles": role_list, "team": team.pk if team else None},
            request=request,
        )
        _send_invitation(user, jobcenter, request)
    return user


def update_staff_account(
    *,
    actor: User,
    jobcenter: Jobcenter,
    user: User,
    first_name: str,
    last_name: str,
    roles: Iterable[str],
    team: Team | None = None,
    request: HttpRequest | None = None,
) -> User:
    """Change name, roles and team. Roles outside the assignable set (e.g. client) stay untouched."""
    _check_actor(actor, jobcenter)
    _check_member(user, jobcenter)
    role_list = _clean_roles(roles)
    _check_team(team, jobcenter)
    if user.pk == actor.pk and Role.JOBCENTER_ADMIN not in role_list:
        raise ValidationError(
            {"roles": _("Sie können sich die Rolle Jobcenter-Administration nicht selbst entziehen.")}
        )
    before = sorted(user.role_set & set(ASSIGNABLE_ROLES))
    with transaction.atomic():
        user.first_name, user.last_name, user.team = first_name.strip(), last_name.strip(), team
        user.save(update_fields=["first_name", "last_name", "team"])
        user.role_assignments.filter(role__in=ASSIGNABLE_ROLES).exclude(role__in=role_list).delete()
        for role in role_list:
            RoleAssignment.objects.get_or_create(user=user, role=role)
        user.__dict__.pop("role_set", None)  # the cached roles are stale now
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="accounts.staff_updated",
            target=user,
            details={"roles_before": before, "roles": sorted(role_list), "team": team.pk if team else None},
            request=request,
        )
        if before != sorted(role_list):
            notify(
                user,
                "accounts_roles_changed",
                {"roles": _role_labels(role_list)},
                channels=EMAIL_ONLY,
                jobcenter=jobcenter,
            )
    return user


def deactivate_account(*, actor: User, jobcenter: Jobcenter, user: User, request: HttpRequest | None = None) -> User:
    """Switch an account off: sign-in stops and open sessions end (Django refuses inactive users)."""
    _check_actor(actor, jobcenter)
    _check_member(user, jobcenter)
    if user.pk == actor.pk:
        raise ValidationError(_("Sie können Ihr eigenes Konto nicht deaktivieren."))
    return _set_active(actor, jobcenter, user, active=False, request=request)


def reactivate_account(*, actor: User, jobcenter: Jobcenter, user: User, request: HttpRequest | None = None) -> User:
    _check_actor(actor, jobcenter)
    _check_member(user, jobcenter)
    return _set_active(actor, jobcenter, user, active=True, request=request)


def _set_active(actor: User, jobcenter: Jobcenter, user: User, *, active: bool, request: HttpRequest | None) -> User:
    if user.is_active == active:
        return user
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="accounts.account_reactivated" if active else "accounts.account_deactivated",
            target=user,
            subject=audit_subject(user),
            request=request,
        )
        notify(user, "accounts_account_status", {"active": active}, channels=EMAIL_ONLY, jobcenter=jobcenter)
    return user


def send_staff_invitation(*, actor: User, jobcenter: Jobcenter, user: User, request: HttpRequest | None = None) -> None:
    """Mail (again) a link with which the person sets their password."""
    _check_actor(actor, jobcenter)
    _check_member(user, jobcenter)
    if not user.is_active:
        raise ValidationError(_("Das Konto ist deaktiviert. Bitte aktivieren Sie es zuerst."))
    with transaction.atomic():
        log_change(actor=actor, jobcenter=jobcenter, action="accounts.invitation_sent", target=user, request=request)
        _send_invitation(user, jobcenter, request)


def _send_invitation(user: User, jobcenter: Jobcenter, request: HttpRequest | None) -> None:
    path = reverse(
        "accounts:invitation",
        kwargs={
            "jobcenter": jobcenter.slug,
            "uidb64": tokens.encode_uid(user),
            "token": tokens.token_generator_for("invitation").make_token(user),
        },
    )
    notify(
        user,
        "accounts_staff_invitation",
        {
            "invitation_url": absolute_link(request, path),
            "valid_days": tokens.INVITATION_MAX_AGE_DAYS,
            "roles": _role_labels(user.role_set & set(ASSIGNABLE_ROLES)),
        },
        channels=EMAIL_ONLY,
        jobcenter=jobcenter,
    )
