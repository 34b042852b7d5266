"""What the account services share: the roles an admin may grant, link and audit helpers."""

from __future__ import annotations

from django.http import HttpRequest

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role

# Roles a Jobcenter admin may give to accounts of their Jobcenter. Clients register themselves;
# platform administration is never granted from inside a Jobcenter.
ASSIGNABLE_ROLES: tuple[str, ...] = (
    Role.ADVISOR,
    Role.BENEFITS_OFFICER,
    Role.RECEPTION,
    Role.TEAM_LEAD,
    Role.EMPLOYER_SERVICE,
    Role.JOBCENTER_ADMIN,
    Role.EMPLOYER,
    Role.PROGRAMME_PROVIDER,
)

# Session key: the Jobcenter whose sign-in page was used (platform admins belong to none).
LOGIN_JOBCENTER_KEY = "ojc_login_jobcenter"

EMAIL_ONLY = ("email",)


def absolute_link(request: HttpRequest | None, path: str) -> str:
    """Mail is read outside the portal, so links carry scheme and host when we know them."""
    return request.build_absolute_uri(path) if request is not None else path


def audit_subject(user: User) -> User | None:
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
