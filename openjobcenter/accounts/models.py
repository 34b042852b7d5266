"""Users (citizens, staff, employers, providers) and their role assignments."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.accounts.roles import STAFF_ROLES, Role
from openjobcenter.core.models import Jobcenter, Team
from openjobcenter.core.tenancy import TenantManager


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        user = self.create_user(email, password, **fields)
        RoleAssignment.objects.create(user=user, role=Role.PLATFORM_ADMIN)
        return user


class TenantUserManager(TenantManager["User"]):
    pass


class User(AbstractBaseUser, PermissionsMixin):
    """One person. Citizens and staff belong to one Jobcenter; platform admins to none.

    ``is_staff`` is Django's flag for the admin site and is only set for platform admins.
    """

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    first_name = models.CharField(_("Vorname"), max_length=150)
    last_name = models.CharField(_("Nachname"), max_length=150)
    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("Jobcenter")
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("Team")
    )
    language = models.CharField(_("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de")
    email_verified_at = models.DateTimeField(_("E-Mail bestätigt am"), null=True, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("Zugang zur Plattform-Administration"), default=False)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)

    objects = UserManager()
    in_tenant: TenantUserManager = TenantUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.role_assignments.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_jobcenter_staff(self) -> bool:
        """Works for the Jobcenter (needs 2FA, short idle timeout, staff workspace)."""
        return bool(self.role_set & STAFF_ROLES)

    def belongs_to(self, jobcenter: Jobcenter | None) -> bool:
        if self.has_role(Role.PLATFORM_ADMIN):
            return True
        return jobcenter is not None and self.jobcenter_id == jobcenter.pk


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("Rolle"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Rollenzuweisung")
        verbose_name_plural = _("Rollenzuweisungen")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class ApiToken(models.Model):
    """A Bearer token for integrations. Only a SHA-256 hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Bezeichnung"), max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text=_("Die ersten Zeichen, um den Token wiederzuerkennen."))
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


# The OpenID Connect models live in their own module; importing them here makes them this app's.
from openjobcenter.accounts.oidc.models import (  # noqa: E402, F401
    BankDetails,
    IdentityProvider,
    IdentitySettings,
    LinkedIdentity,
)
