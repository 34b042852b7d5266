"""The digital application folder (Bewerbungsmappe) of one citizen in one Jobcenter.

A ``Folder`` holds the CV (personal details on the folder, the dated and undated entries as
``CvEntry`` rows in a chosen order), certificates (files stored encrypted like case-file documents,
but belonging to the citizen alone: staff see them only with consent), cover letters, share links for
employers with their access log, and the comments of the advisor (only while consent is given).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class Folder(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Personal details of the CV, prefilled from the account when the folder is created.
    first_name = models.CharField(_("Vorname"), max_length=150, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=150, blank=True)
    headline = models.CharField(_("Berufsbezeichnung oder Wunschberuf"), max_length=150, blank=True)
    birth_date = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=150, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    profile = models.TextField(_("Kurzprofil"), max_length=1500, blank=True)
    driving_licence = models.CharField(_("Führerschein"), max_length=60, blank=True)
    interests = models.CharField(_("Interessen"), max_length=300, blank=True)
    advisor_consent = models.BooleanField(_("Beratung darf die Mappe sehen"), default=False)
    consent_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Bewerbungsmappe")
        verbose_name_plural = _("Bewerbungsmappen")
        constraints = [models.UniqueConstraint(fields=["jobcenter", "owner"], name="folder_one_per_person")]

    def __str__(self) -> str:
        return str(_("Bewerbungsmappe von %(name)s") % {"name": self.full_name})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Section(models.TextChoices):
    WORK = "work", _("Berufserfahrung")
    EDUCATION = "education", _("Schule und Ausbildung")
    TRAINING = "training", _("Weiterbildung")
    SKILL = "skill", _("Kenntnisse und Fähigkeiten")
    LANGUAGE = "language", _("Sprachen")


DATED_SECTIONS = frozenset({Section.WORK, Section.EDUCATION, Section.TRAINING})


class Level(models.TextChoices):
    """Language levels of the Common European Framework of Reference (CEFR, GER)."""

    NATIVE = "native", _("Muttersprache")
    C2 = "C2", _("C2 – annähernd muttersprachlich")
    C1 = "C1", _("C1 – fachkundig")
    B2 = "B2", _("B2 – selbstständig")
    B1 = "B1", _("B1 – fortgeschritten")
    A2 = "A2", _("A2 – Grundkenntnisse")
    A1 = "A1", _("A1 – Anfänger")


class CvEntry(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="entries")
    section = models.CharField(max_length=12, choices=Section.choices)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("Bezeichnung"), max_length=150)
    organisation = models.CharField(_("Arbeitgeber oder Einrichtung"), max_length=150, blank=True)
    place = models.CharField(_("Ort"), max_length=100, blank=True)
    start = models.DateField(_("von"), null=True, blank=True)
    end = models.DateField(_("bis"), null=True, blank=True)
    description = models.TextField(_("Beschreibung"), max_length=1500, blank=True)
    level = models.CharField(_("Niveau"), max_length=8, choices=Level.choices, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["section", "position", "pk"]
        verbose_name = _("Eintrag im Lebenslauf")
        verbose_name_plural = _("Einträge im Lebenslauf")

    def __str__(self) -> str:
        return self.title


class Certificate(models.Model):
    """A certificate or other proof: the file is encrypted at rest (binding ``folder.certificate:<uuid>``)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="certificates")
    title = models.CharField(_("Titel"), max_length=150)
    issued_on = models.DateField(_("ausgestellt am"), null=True, blank=True)
    original_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    storage_name = models.CharField(max_length=255)
    key_id = models.CharField(max_length=40)
    scanned = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-issued_on", "-created_at"]
        verbose_name = _("Zeugnis oder Nachweis")
        verbose_name_plural = _("Zeugnisse und Nachweise")

    def __str__(self) -> str:
        return self.title

    @property
    def binding(self) -> str:
        return f"folder.certificate:{self.storage_id}"


class CoverLetter(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="letters")
    title = models.CharField(_("Titel"), max_length=150)
    company = models.CharField(_("Unternehmen"), max_length=150, blank=True)
    text = models.TextField(_("Text"), max_length=8000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("Anschreiben")
        verbose_name_plural = _("Anschreiben")

    def __str__(self) -> str:
        return self.title


class Share(models.Model):
    """A link for an employer. Only the SHA-256 of its token is stored; the link is shown once."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="shares")
    token_hash = models.CharField(max_length=64, unique=True)
    recipient = models.CharField(_("Für wen?"), max_length=150)
    include_cv = models.BooleanField(_("Lebenslauf"), default=True)
    certificates = models.ManyToManyField(Certificate, blank=True, related_name="+")
    cover_letter = models.ForeignKey(CoverLetter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expires_at = models.DateTimeField(_("gültig bis"))
    # Set when the citizen applies to a vacancy with the folder ("Mit Mappe bewerben"): the employer
    # then sees the candidate under the vacancy in the employer area. Free-recipient links leave both empty.
    employer = models.ForeignKey(
        "jobs.Employer", on_delete=models.SET_NULL, null=True, blank=True, related_name="folder_shares"
    )
    vacancy = models.ForeignKey("jobs.Vacancy", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Freigabe")
        verbose_name_plural = _("Freigaben")

    def __str__(self) -> str:
        return self.recipient

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class AccessKind(models.TextChoices):
    PAGE = "page", _("Mappe geöffnet")
    CV = "cv", _("Lebenslauf heruntergeladen")
    CERTIFICATE = "certificate", _("Nachweis heruntergeladen")
    LETTER = "letter", _("Anschreiben heruntergeladen")


class ShareAccess(models.Model):
    """One access through a share link: when, what, and a coarse description of the client."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="accesses")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=12, choices=AccessKind.choices)
    item = models.CharField(max_length=150, blank=True)  # the certificate's title, for downloads
    client = models.CharField(max_length=80, blank=True)  # "Firefox auf Windows"
    network = models.CharField(max_length=50, blank=True)  # the address, shortened (192.0.2.0/24)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("Zugriff auf eine Freigabe")
        verbose_name_plural = _("Zugriffe auf Freigaben")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class ConsentChange(models.Model):
    """Every change of the advisor consent, with its time (the record the citizen and staff see)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="consent_changes")
    given = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'given' if self.given else 'withdrawn'}"


class Comment(models.Model):
    """A comment of the advisor on the folder, or the citizen's answer to one (``parent``)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_staff = models.BooleanField(default=False)
    text = models.TextField(_("Kommentar"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Kommentar zur Bewerbungsmappe")
        verbose_name_plural = _("Kommentare zur Bewerbungsmappe")

    def __str__(self) -> str:
        return self.text[:40]
