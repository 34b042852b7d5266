"""The audit trail: an append-only, hash-chained record of changes, reads and sign-ins.

Each Jobcenter has its own chain (and platform-level events share one more), so writers of one
tenant never wait for another. ``AuditChainHead`` holds the end of each chain; appending locks
that one row (see ``chain.py``). The database refuses UPDATE and DELETE on entries (triggers
installed by migration 0002, see ``guards.py``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from openjobcenter.accounts.roles import Role
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager

GENESIS_HASH = "0" * 64
PLATFORM_CHAIN = "platform"


def chain_key(jobcenter_id: int | None) -> str:
    return f"jobcenter:{jobcenter_id}" if jobcenter_id is not None else PLATFORM_CHAIN


class Kind(models.TextChoices):
    CHANGE = "change", _("Änderung")
    READ = "read", _("Einsicht")
    AUTH = "auth", _("Anmeldung")


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


class AuditChainHead(models.Model):
    """The end of one chain: its last sequence number and hash. Locked while appending."""

    key = models.CharField(max_length=40, unique=True)
    jobcenter = models.OneToOneField(
        Jobcenter, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Jobcenter")
    )
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Protokollkette")
        verbose_name_plural = _("Protokollketten")

    def __str__(self) -> str:
        return f"{self.key} @ {self.sequence}"


class AuditEntry(models.Model):
    """One audited event. Written once by ``chain.append``; never changed afterwards.

    ``actor``/``subject`` are links that become NULL when the account is deleted; the hash covers
    ``actor_ref``/``subject_ref`` (the account ids at the time) and the actor snapshot instead,
    so the chain stays verifiable after an account is erased.
    """

    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Jobcenter")
    )
    sequence = models.PositiveBigIntegerField(_("laufende Nummer"))
    version = models.PositiveSmallIntegerField(default=1, help_text="Format version of the hashed serialisation.")
    timestamp = models.DateTimeField(_("Zeitpunkt"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handelnde Person"),
    )
    actor_ref = models.PositiveBigIntegerField(null=True, blank=True)
    actor_label = models.CharField(_("Name der handelnden Person"), max_length=200, blank=True)
    actor_roles = models.JSONField(_("Rollen der handelnden Person"), default=list, blank=True)
    actor_team = models.CharField(_("Team der handelnden Person"), max_length=200, blank=True)
    action = models.CharField(_("Aktion"), max_length=100)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Objekttyp")
    )
    target_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True)
    target_label = models.CharField(_("Objekt"), max_length=200, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("betroffene Person"),
    )
    subject_ref = models.PositiveBigIntegerField(null=True, blank=True)
    purpose = models.CharField(_("Zweck"), max_length=200, blank=True)
    details = models.JSONField(_("Einzelheiten"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    user_agent = models.CharField(_("Browser"), max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokolleinträge")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "sequence"], name="audit_entry_unique_sequence"),
            # NULLs never collide in a unique index, so the platform chain needs its own.
            models.UniqueConstraint(
                fields=["sequence"],
                condition=models.Q(jobcenter__isnull=True),
                name="audit_entry_unique_platform_sequence",
            ),
        ]
        indexes = [
            models.Index(fields=["jobcenter", "subject", "kind", "sequence"], name="audit_entry_subject_idx"),
            models.Index(fields=["jobcenter", "timestamp"], name="audit_entry_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.sequence}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be deleted.")

    @property
    def chain(self) -> str:
        return chain_key(self.jobcenter_id)

    def actor_role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(role, role)) for role in self.actor_roles]
