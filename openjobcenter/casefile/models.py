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
