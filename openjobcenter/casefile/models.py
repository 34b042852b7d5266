"""The case file (Akte): one case per household, its documents (with versions) and staff notes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter, Team
from openjobcenter.core.tenancy import TenantManager


class Case(models.Model):
    """The file of one household (Bedarfsgemeinschaft), known by its customer number."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    customer_number = models.CharField(
        _("Kundennummer (BG-Nummer)"), max_length=20, help_text=_("Nummer der Bedarfsgemeinschaft, z. B. 12345BG0001.")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("zuständiges Team"), null=True, blank=True
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="+")
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["customer_number"]
        verbose_name = _("Akte")
        verbose_name_plural = _("Akten")
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "customer_number"], name="case_unique_customer_number")
        ]

    def __str__(self) -> str:
        return str(_("Akte %(number)s") % {"number": self.customer_number})


class HouseholdRole(models.TextChoices):
    HEAD = "head", _("Antragstellende Person")
    PARTNER = "partner", _("Partnerin / Partner")
    CHILD = "child", _("Kind")
    OTHER = "other", _("Weitere Person")


class Membership(models.Model):
    """A client who belongs to the household of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("Rolle im Haushalt"), max_length=16, choices=HouseholdRole.choices)

    class Meta:
        verbose_name = _("Mitglied der Bedarfsgemeinschaft")
        verbose_name_plural = _("Mitglieder der Bedarfsgemeinschaft")
        # A person belongs to one household (one case) at a time.
        constraints = [models.UniqueConstraint(fields=["person"], name="membership_one_case_per_person")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Category(models.TextChoices):
    INCOME = "income", _("Einkommensnachweis")
    RENT = "rent", _("Miete und Nebenkosten")
    ID = "id", _("Ausweis")
    BANK = "bank", _("Kontoauszug")
    SICK_NOTE = "sick_note", _("Arbeitsunfähigkeitsbescheinigung")
    APPLICATION = "application", _("Antrag und Anlagen")
    DECISION = "decision", _("Bescheid")
    LETTER = "letter", _("Schreiben und Schriftverkehr")
    CV = "cv", _("Lebenslauf und Bewerbungsunterlagen")
    OTHER = "other", _("Sonstiges")


class Source(models.TextChoices):
    CITIZEN = "citizen", _("von der Kundin / vom Kunden hochgeladen")
    STAFF = "staff", _("vom Jobcenter hochgeladen")


class Document(models.Model):
    """One version of a document. A new version points to the one it replaces (``previous``)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("betrifft"),
    )  # fmt: skip
    category = models.CharField(_("Art des Dokuments"), max_length=16, choices=Category.choices)
    title = models.CharField(_("Titel"), max_length=200)
    original_name = models.CharField(_("Dateiname"), max_length=140)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("Größe"))
    sha256 = models.CharField(max_length=64)
    storage_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    storage_name = models.CharField(max_length=200)
    key_id = models.CharField(max_length=32)
    scanned = models.BooleanField(_("auf Viren geprüft"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    source = models.CharField(_("Herkunft"), max_length=8, choices=Source.choices)
    version = models.PositiveSmallIntegerField(_("Version"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    created_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)
    delete_after = models.DateField(_("löschen nach"), null=True, blank=True)
    legal_hold = models.BooleanField(_("Löschsperre"), default=False)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        indexes = [models.Index(fields=["case", "-created_at"], name="document_case_created")]

    def __str__(self) -> str:
        return self.title

    @property
    def binding(self) -> str:
        """Associated data of the encryption: ties the stored bytes to this record."""
        return f"casefile.document:{self.storage_id}"

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "next_version")


class NoteVisibility(models.TextChoices):
    TEAM = "team", _("nur zuständiges Team")
    STAFF = "staff", _("alle Mitarbeitenden mit Zugriff auf die Akte")


class Note(models.Model):
    """A staff note in a case; never shown to the client."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(_("Notiz"), max_length=5000)
    visibility = models.CharField(
        _("Sichtbar für"), max_length=8, choices=NoteVisibility.choices, default=NoteVisibility.TEAM
    )
    created_at = models.DateTimeField(_("geschrieben am"), auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Notiz")
        verbose_name_plural = _("Notizen")

    def __str__(self) -> str:
        return str(_("Notiz vom %(date)s") % {"date": self.created_at.date() if self.created_at else ""})


# --- Retention (deletion periods, legal holds, the deletion log) -------------------------------


class RetentionRule(models.Model):
    """How long documents of one category are kept in one Jobcenter (months after upload).

    Without a row the default of ``services.retention.DEFAULT_MONTHS`` applies.
    """

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("Art des Dokuments"), max_length=16, choices=Category.choices)
    months = models.PositiveSmallIntegerField(_("Aufbewahrung in Monaten"))
    changed_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Löschfrist")
        verbose_name_plural = _("Löschfristen")
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "category"], name="retention_rule_one_per_category"),
            models.CheckConstraint(condition=models.Q(months__gte=1), name="retention_rule_min_one_month"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.months}"


class LegalHold(models.Model):
    """A legal hold (Löschsperre) on one document or, without ``document``, on the whole case."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="holds")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, null=True, blank=True, related_name="holds")
    reason = models.CharField(_("Grund der Löschsperre"), max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.CharField(_("Grund der Aufhebung"), max_length=300, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-set_at", "-pk"]
        verbose_name = _("Löschsperre")
        verbose_name_plural = _("Löschsperren")
        constraints = [
            # One active hold per document, and one per case (document NULL).
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(lifted_at__isnull=True, document__isnull=False),
                name="legal_hold_one_active_per_document",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(lifted_at__isnull=True, document__isnull=True),
                name="legal_hold_one_active_per_case",
            ),
        ]

    def __str__(self) -> str:
        return self.reason

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class DeletionCause(models.TextChoices):
    RETENTION = "retention", _("Löschfrist abgelaufen")
    STAFF = "staff", _("von Mitarbeitenden gelöscht")


class DeletionLog(models.Model):
    """That a document was deleted: metadata only, never its title, name or content."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="deletions")
    customer_number = models.CharField(_("Kundennummer"), max_length=20)
    document_ref = models.PositiveBigIntegerField(_("Dokument-Nr."))
    category = models.CharField(_("Art des Dokuments"), max_length=16, choices=Category.choices)
    version = models.PositiveSmallIntegerField(_("Version"), default=1)
    source = models.CharField(_("Herkunft"), max_length=8, choices=Source.choices)
    uploaded_at = models.DateTimeField(_("hochgeladen am"))
    delete_after = models.DateField(_("löschen nach"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("gelöscht am"), auto_now_add=True)
    cause = models.CharField(_("Anlass"), max_length=10, choices=DeletionCause.choices)
    rule_months = models.PositiveSmallIntegerField(_("Frist in Monaten"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        verbose_name = _("Löschprotokoll")
        verbose_name_plural = _("Löschprotokoll")
        indexes = [models.Index(fields=["jobcenter", "-deleted_at"], name="deletion_log_time")]

    def __str__(self) -> str:
        return f"{self.customer_number} #{self.document_ref}"


# --- Document text search (keyed-hash index, no plaintext at rest) ------------------------------


class DocumentTerm(models.Model):
    """One word of a document's extracted text as a keyed hash (HMAC), so search works without the text."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="terms")
    token = models.CharField(max_length=32)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "token"], name="document_term_unique")]
        indexes = [models.Index(fields=["jobcenter", "token"], name="document_term_lookup")]

    def __str__(self) -> str:
        return self.token


# --- The citizen's rights: correction requests (Art. 16 DSGVO) ---------------------------------


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("offen")
    RESOLVED = "resolved", _("beantwortet")


class CorrectionRequest(models.Model):
    """A citizen says something in their file is wrong; the responsible team answers."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="corrections")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Dokument")
    )
    text = models.TextField(_("Was ist falsch?"), max_length=3000)
    status = models.CharField(_("Status"), max_length=10, choices=CorrectionStatus.choices, default="open")
    created_at = models.DateTimeField(_("gestellt am"), auto_now_add=True)
    answer = models.TextField(_("Antwort"), max_length=3000, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Antrag auf Berichtigung")
        verbose_name_plural = _("Anträge auf Berichtigung")

    def __str__(self) -> str:
        return str(
            _("Antrag auf Berichtigung vom %(date)s") % {"date": self.created_at.date() if self.created_at else ""}
        )
