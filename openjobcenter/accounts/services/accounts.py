"""Citizens' and everybody's own account: profile, registration, verification, sign-in, passwords."""

from __future__ import annotations

from django.contrib import auth
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from openjobcenter.accounts import tokens
from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.services.common import (
    EMAIL_ONLY,
    LOGIN_JOBCENTER_KEY,
    absolute_link,
    audit_subject,
    is_pending_verification,
    normalise_email,
)
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter
from openjobcenter.notifications.services import notify

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
            subject=audit_subject(user),
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
            subject=audit_subject(user),
            request=request,
        )
        notify(
            user,
            "accounts_registration_exists",
            {
                "login_url": absolute_link(request, reverse("accounts:login", kwargs={"jobcenter": home.slug})),
                "reset_url": absolute_link(
                    request, reverse("accounts:password_reset", kwargs={"jobcenter": home.slug})
                ),
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
        {"verify_url": absolute_link(request, path), "valid_days": tokens.VERIFY_MAX_AGE_DAYS},
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
            subject=audit_subject(user),
            request=request,
        )
        notify(
            user,
            "accounts_password_reset",
            {"reset_url": absolute_link(request, path), "valid_hours": tokens.reset_timeout_hours()},
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
        log_change(
            actor=user, jobcenter=jobcenter, action=action, target=user, subject=audit_subject(user), request=request
        )
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
            subject=audit_subject(user),
            request=request,
        )
        _notify_password_changed(user, user.jobcenter, request)


def _notify_password_changed(user: User, jobcenter: Jobcenter | None, request: HttpRequest | None) -> None:
    # A security notice: if it was not them, they learn of it and can react.
    context = {}
    if jobcenter is not None:
        context["reset_url"] = absolute_link(
            request, reverse("accounts:password_reset", kwargs={"jobcenter": jobcenter.slug})
        )
    notify(user, "accounts_password_changed", context, channels=EMAIL_ONLY, jobcenter=jobcenter)
