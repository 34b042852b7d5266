"""Identity providers per Jobcenter, the identities linked to accounts, and the citizen's bank details.

Imported by ``openjobcenter.accounts.models`` so that the accounts app owns the tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class Purpose(models.TextChoices):
    CITIZEN = "citizen", _("Bürgerinnen und Bürger (BundID)")
    STAFF = "staff", _("Mitarbeitende (Verzeichnisdienst)")


class TrustLevel(models.TextChoices):
    """Vertrauensniveaus of the BundID (eIDAS low / substantial / high), ordered."""

    BASIS = "basis", _("basis")
    SUBSTANTIAL = "substanziell", _("substanziell")
    HIGH = "hoch", _("hoch")

    @classmethod
    def rank(cls, level: str | None) -> int:
        order = [cls.BASIS.value, cls.SUBSTANTIAL.value, cls.HIGH.value]
        return order.index(level) if level in order else -1


class IdentityProvider(models.Model):
    """One OpenID provider of one Jobcenter: BundID for citizens or the directory for staff.

    Values left empty here fall back to the environment (``OIDC_CITIZEN_*`` / ``OIDC_STAFF_*``).
    """

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="identity_providers")
    purpose = models.CharField(_("Zweck"), max_length=16, choices=Purpose.choices)
    enabled = models.BooleanField(_("eingeschaltet"), default=False)
    display_name = models.CharField(_("Name auf der Schaltfläche"), max_length=60, blank=True)
    issuer = models.URLField(_("Aussteller (Issuer-URL)"), max_length=300, blank=True)
    client_id = models.CharField(_("Client-ID"), max_length=200, blank=True)
    client_secret = models.CharField(_("Client-Geheimnis"), max_length=500, blank=True)
    scopes = models.CharField(_("Scopes"), max_length=300, blank=True)
    trust_level_claim = models.CharField(_("Claim für das Vertrauensniveau"), max_length=100, blank=True)
    groups_claim = models.CharField(_("Claim für Gruppen"), max_length=100, blank=True)
    team_claim = models.CharField(_("Claim für das Team"), max_length=100, blank=True)
    # {"<group in the directory>": "<role>"}: only staff roles of ASSIGNABLE_ROLES are honoured.
    role_mapping = models.JSONField(_("Zuordnung Gruppen zu Rollen"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Identitätsanbieter")
        verbose_name_plural = _("Identitätsanbieter")
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "purpose"], name="identity_provider_unique_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.jobcenter} – {self.get_purpose_display()}"


class LinkedIdentity(models.Model):
    """An account's identity at a provider: ``sub`` is unique per issuer, the e-mail address is not proof."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="linked_identities")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("verknüpfte Identität")
        verbose_name_plural = _("verknüpfte Identitäten")
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "issuer", "subject"], name="linked_identity_unique_subject"),
            models.UniqueConstraint(fields=["user", "purpose"], name="linked_identity_one_per_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.issuer}"


class IdentitySettings(models.Model):
    """Per Jobcenter: whether citizens with a local account are offered a second factor (TOTP)."""

    jobcenter = models.OneToOneField(Jobcenter, on_delete=models.CASCADE, related_name="identity_settings")
    citizen_two_factor = models.BooleanField(
        _("Zweiten Faktor für Bürgerkonten anbieten"),
        default=True,
        help_text=_("Bürgerinnen und Bürger mit lokalem Konto können eine Authenticator-App einrichten."),
    )

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Anmeldeeinstellungen")
        verbose_name_plural = _("Anmeldeeinstellungen")

    def __str__(self) -> str:
        return str(self.jobcenter)


class BankDetails(models.Model):
    """The citizen's account for payments: changing it needs trust level "substanziell"."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bank_details")
    account_holder = models.CharField(_("Kontoinhaberin / Kontoinhaber"), max_length=150)
    iban = models.CharField(_("IBAN"), max_length=34)
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Bankverbindung")
        verbose_name_plural = _("Bankverbindungen")

    def __str__(self) -> str:
        return f"{self.user} – …{self.iban[-4:]}"
