"""The audit trail: an append-only, hash-chained record of changes, reads and sign-ins.

Each Jobcenter has its own chain (and platform-level events share one more). On PostgreSQL an
entry is inserted *unsealed* (no place in the chain, no hash yet) so that writers never wait for
each other; the sealer (``chain.seal``, run by the worker and before every verification) links
and hashes unsealed entries in id order. On SQLite, a single writer anyway, entries are sealed as
they are inserted. ``AuditChainHead`` holds the end of each chain; sealing locks that one row.
The database refuses UPDATE and DELETE on entries, except sealing an unsealed entry once
(triggers installed by migrations 0002/0003, see ``guards.py``).
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
    """The end of one chain: its last sequence number and hash. Locked while sealing."""

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
    """One audited event. Written once by ``chain.append``, sealed once, never changed afterwards.

    Unsealed entries have no ``sequence`` and an empty ``prev_hash``/``hash``; ``chain.seal``
    sets the three together, in id order per chain.

    ``actor``/``subject`` are links that become NULL when the account is deleted; the hash covers
    ``actor_ref``/``subject_ref`` (the account ids at the time) and the actor snapshot instead,
    so the chain stays verifiable after an account is erased.
    """

    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Jobcenter")
    )
    # NULL until the entry is sealed.
    sequence = models.PositiveBigIntegerField(_("laufende Nummer"), null=True, blank=True)
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
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, blank=True, default="")

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
            # Small: only the entries the sealer still has to link.
            models.Index(
                fields=["jobcenter", "id"], condition=models.Q(sequence__isnull=True), name="audit_entry_unsealed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.sequence}" if self.sequence is not None else f"{self.action} (id {self.pk})"

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
