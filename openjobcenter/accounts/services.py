"""State changes of accounts. Each is one function: validate, transaction, audit, then notify.

Two-factor authentication has its own module, ``openjobcenter.accounts.two_factor``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import auth
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.accounts import tokens
from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.roles import Role
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, Team
from openjobcenter.notifications.services import notify

# Roles a Jobcenter admin may give to accounts of their Jobcenter. Clients register themselves;
# platform administration is never granted from inside a Jobcenter.
ASSIGNABLE_ROLES: tuple[str, ...] = (
    Role.ADVISOR,
    Role.BENEFITS_OFFICER,
    Role.RECEPTION,
    Role.TEAM_LEAD,
    Role.JOBCENTER_ADMIN,
    Role.EMPLOYER,
    Role.PROGRAMME_PROVIDER,
)

# Session key: the Jobcenter whose sign-in page was used (platform admins belong to none).
LOGIN_JOBCENTER_KEY = "ojc_login_jobcenter"

EMAIL_ONLY = ("email",)


def _link(request: HttpRequest | None, path: str) -> str:
    """Mail is read outside the portal, so links carry scheme and host when we know them."""
    return request.build_absolute_uri(path) if request is not None else path


def _subject(user: User) -> User | None:
    """The citizen an entry concerns (shown in their access log); staff records concern nobody."""
    return None if user.is_jobcenter_staff else user


def normalise_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def is_pending_verification(user: User) -> bool:
    """A self-registered client who has not clicked the verification link yet."""
    return (
        not user.is_active
        and user.email_verified_at is None
        and user.has_usable_password()
        and user.role_set == {Role.CLIENT}
    )


# --- Language and profile ---------------------------------------------------------------------


def set_preferred_language(user: User, language: str) -> None:
    if user.language == language:
        return
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def update_profile(
    *, user: User, first_name: str, last_name: str, language: str, request: HttpRequest | None = None
) -> User:
    changed = {
        field: value
        for field, value in {"first_name": first_name, "last_name": last_name, "language": language}.items()
        if getattr(user, field) != value
    }
    if not changed:
        return user
    with transaction.atomic():
        for field, value in changed.items():
            setattr(user, field, value)
        user.save(update_fields=list(changed))
        log_change(
            actor=user,
            jobcenter=user.jobcenter,
            action="accounts.profile_updated",
            target=user,
            subject=_subject(user),
            details={"fields": sorted(changed)},
            request=request,
        )
    return user


# --- Citizen registration and e-mail verification ---------------------------------------------


def register_citizen(
    *,
    jobcenter: Jobcenter,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    language: str,
    request: HttpRequest | None = None,
) -> User | None:
    """Create a client account that can sign in once its address is verified.

    Returns ``None`` when the address already has an account. The caller shows the same
    confirmation either way, so the form never tells a stranger who is registered; the owner
    of the address gets a mail instead.
    """
    email = normalise_email(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the same hashing work as a real registration: timing tells nothing
        _handle_repeated_registration(existing, jobcenter, request)
        return None
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                jobcenter=jobcenter,
                language=language,
                is_active=False,
            )
            RoleAssignment.objects.create(user=user, role=Role.CLIENT)
            log_change(
                actor=user,
                jobcenter=jobcenter,
                action="accounts.citizen_registered",
                target=user,
                subject=user,
                request=request,
            )
            _send_verification(user, jobcenter, request)
    except IntegrityError:  # a second request registered the same address a moment earlier
        return None
    return user


def _handle_repeated_registration(user: User, jobcenter: Jobcenter, request: HttpRequest | None) -> None:
    if is_pending_verification(user) and user.jobcenter_id == jobcenter.pk:
        with transaction.atomic():
            _send_verification(user, jobcenter, request)
        return
    home = user.jobcenter or jobcenter
    with transaction.atomic():
        log_change(
            actor=None,
            jobcenter=jobcenter,
            action="accounts.registration_with_existing_address",
            target=user,
            subject=_subject(user),
            request=request,
        )
        notify(
            user,
            "accounts_registration_exists",
            {
                "login_url": _link(request, reverse("accounts:login", kwargs={"jobcenter": home.slug})),
                "reset_url": _link(request, reverse("accounts:password_reset", kwargs={"jobcenter": home.slug})),
                "registered_at": jobcenter,
            },
            channels=EMAIL_ONLY,
            jobcenter=home,
        )


def _send_verification(user: User, jobcenter: Jobcenter, request: HttpRequest | None) -> None:
    token = tokens.make_verification_token(user)
    path = reverse("accounts:verify_email", kwargs={"jobcenter": jobcenter.slug, "token": token})
    notify(
        user,
        "accounts_verify_email",
        {"verify_url": _link(request, path), "valid_days": tokens.VERIFY_MAX_AGE_DAYS},
        channels=EMAIL_ONLY,
        jobcenter=jobcenter,
    )


def resend_verification(*, jobcenter: Jobcenter, email: str, request: HttpRequest | None = None) -> None:
    """Mail a fresh link if ``email`` has an unverified account here; otherwise do nothing, silently."""
    user = User.objects.filter(email__iexact=normalise_email(email), jobcenter=jobcenter).first()
    if user is None or not is_pending_verification(user):
        return
    with transaction.atomic():
        _send_verification(user, jobcenter, request)


def verify_email(*, jobcenter: Jobcenter, token: str, request: HttpRequest | None = None) -> User:
    """Confirm the address in ``token`` and open the account for sign-in.

    Raises ``tokens.VerificationExpired`` or ``tokens.VerificationError``. A second click on the
    same link just returns the account (it never re-activates an account an admin switched off).
    """
    user_id, email = tokens.read_verification_token(token)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, email=email, jobcenter=jobcenter).first()
        if user is None:
            raise tokens.VerificationError
        if user.email_verified_at is not None:
            return user
        user.email_verified_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["email_verified_at", "is_active"])
        log_change(
            actor=user,
            jobcenter=jobcenter,
            action="accounts.email_verified",
            target=user,
            subject=user,
            request=request,
        )
    return user


# --- Sign-in ------------------------------------------------------------------------------------


def sign_in(request: HttpRequest, user: User, *, jobcenter: Jobcenter) -> None:
    """Start the session. ``auth.login`` rotates the session key; the audit trail records the
    sign-in through Django's ``user_logged_in`` signal."""
    auth.login(request, user)
    request.session[LOGIN_JOBCENTER_KEY] = jobcenter.slug


# --- Passwords ----------------------------------------------------------------------------------


def request_password_reset(*, jobcenter: Jobcenter, email: str, request: HttpRequest | None = None) -> None:
    """Mail a reset link to ``email`` if it has an active account usable here. Says nothing either way.

    An account still waiting for its verification gets a fresh verification link instead: that
    is what the person is missing.
    """
    user = User.objects.filter(email__iexact=normalise_email(email)).first()
    if user is None or not user.belongs_to(jobcenter):
        return
    if is_pending_verification(user):
        resend_verification(jobcenter=jobcenter, email=user.email, request=request)
        return
    if not user.is_active:
        return
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "jobcenter": jobcenter.slug,
            "uidb64": tokens.encode_uid(user),
            "token": tokens.token_generator_for("reset").make_token(user),
        },
    )
    with transaction.atomic():
        log_change(
            actor=None,
            jobcenter=jobcenter,
            action="accounts.password_reset_requested",
            target=user,
            subject=_subject(user),
            request=request,
        )
        notify(
            user,
            "accounts_password_reset",
            {"reset_url": _link(request, path), "valid_hours": tokens.reset_timeout_hours()},
            channels=EMAIL_ONLY,
            jobcenter=jobcenter,
        )


def set_new_password(
    *, user: User, password: str, purpose: str, jobcenter: Jobcenter, request: HttpRequest | None = None
) -> None:
    """Set the password chosen through a reset or invitation link (the link proved the mailbox)."""
    with transaction.atomic():
        user.set_password(password)
        fields = ["password"]
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            fields.append("email_verified_at")
        user.save(update_fields=fields)
        action = "accounts.invitation_accepted" if purpose == "invitation" else "accounts.password_reset"
        log_change(actor=user, jobcenter=jobcenter, action=action, target=user, subject=_subject(user), request=request)
        if purpose != "invitation":
            _notify_password_changed(user, jobcenter, request)


def change_password(*, user: User, password: str, request: HttpRequest | None = None) -> None:
    """Change a signed-in person's password (the form has checked the current one)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        log_change(
            actor=user,
            jobcenter=user.jobcenter,
            action="accounts.password_changed",
            target=user,
            subject=_subject(user),
            request=request,
        )
        _notify_password_changed(user, user.jobcenter, request)


def _notify_password_changed(user: User, jobcenter: Jobcenter | None, request: HttpRequest | None) -> None:
    # A security notice: if it was not them, they learn of it and can react.
    context = {}
    if jobcenter is not None:
        context["reset_url"] = _link(request, reverse("accounts:password_reset", kwargs={"jobcenter": jobcenter.slug}))
    notify(user, "accounts_password_changed", context, channels=EMAIL_ONLY, jobcenter=jobcenter)


# --- Staff accounts (Jobcenter admins) ------------------------------------------------------


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
            subject=_subject(user),
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
            "invitation_url": _link(request, path),
            "valid_days": tokens.INVITATION_MAX_AGE_DAYS,
            "roles": _role_labels(user.role_set & set(ASSIGNABLE_ROLES)),
        },
        channels=EMAIL_ONLY,
        jobcenter=jobcenter,
    )
