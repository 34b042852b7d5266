"""Models of the job exchange.

Reference data (``Occupation``, ``OccupationLabel``) is the same for every Jobcenter and loaded by a
data migration. Employers, vacancies and saved searches are tenant-owned.

Search: ``Vacancy.search_text`` holds the searchable words as written (title, occupation, skills,
description …); ``Vacancy.search_stems`` the same words stemmed by Snowball German (``jobs.text``).
PostgreSQL indexes a stored generated ``tsvector`` column (``german`` configuration) with GIN; SQLite
an FTS5 table over ``search_stems`` kept in sync by triggers. Both live outside Django's model
state (migration 0003) because they differ by database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class Occupation(models.Model):
    """A position of the KldB 2010 (Fassung 2020): levels 1 (Berufsbereich) to 5 (Berufsgattung)."""

    code = models.CharField(max_length=5, primary_key=True)
    level = models.PositiveSmallIntegerField()
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=200)
    skill_level = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Beruf (KldB 2010)")
        verbose_name_plural = _("Berufe (KldB 2010)")

    def __str__(self) -> str:
        return f"{self.code} {self.short_title}"


class OccupationLabel(models.Model):
    """An everyday title of an occupation (ESCO labels and the KldB titles), for finding it by name."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="labels")
    label = models.CharField(max_length=300)
    normalised = models.CharField(max_length=300, db_index=True)
    label_en = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class EmployerStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Bestätigung")
    CONFIRMED = "confirmed", _("bestätigt")
    REJECTED = "rejected", _("abgelehnt")


class CompanySize(models.TextChoices):
    MICRO = "micro", _("bis 9 Beschäftigte")
    SMALL = "small", _("10 bis 49 Beschäftigte")
    MEDIUM = "medium", _("50 bis 249 Beschäftigte")
    LARGE = "large", _("250 Beschäftigte und mehr")


class Employer(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("Name des Unternehmens"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5)
    city = models.CharField(_("Ort"), max_length=120)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200)
    contact_email = models.EmailField(_("E-Mail-Adresse"))
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    size = models.CharField(_("Größe"), max_length=10, choices=CompanySize.choices)
    description = models.TextField(_("Beschreibung"), max_length=4000, blank=True)
    website = models.URLField(_("Website"), blank=True)
    status = models.CharField(max_length=10, choices=EmployerStatus.choices, default=EmployerStatus.PENDING)
    decision_note = models.CharField(_("Begründung"), max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The people who act for the company in the portal (role employer). Staff of the employer
    # service act for it through ``jobs.manage_vacancies_for_employers``.
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="jobs_employers", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Arbeitgeber")
        verbose_name_plural = _("Arbeitgeber")
        indexes = [models.Index(fields=["jobcenter", "status"], name="jobs_employer_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_confirmed(self) -> bool:
        return self.status == EmployerStatus.CONFIRMED


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("Vollzeit")
    PART_TIME = "part_time", _("Teilzeit")
    MINI_JOB = "mini_job", _("Minijob")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")
    EXPIRED = "expired", _("abgelaufen")


class PayPeriod(models.TextChoices):
    HOUR = "hour", _("pro Stunde")
    MONTH = "month", _("pro Monat")
    YEAR = "year", _("pro Jahr")


class Vacancy(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="vacancies")
    title = models.CharField(_("Stellenbezeichnung"), max_length=200)
    description = models.TextField(_("Beschreibung"), max_length=10000)
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    postal_code = models.CharField(_("Postleitzahl des Arbeitsorts"), max_length=5)
    place = models.CharField(_("Arbeitsort"), max_length=120)
    lat = models.FloatField()
    lon = models.FloatField()
    working_time = models.CharField(_("Arbeitszeit"), max_length=10, choices=WorkingTime.choices)
    hours_per_week = models.PositiveSmallIntegerField(_("Stunden pro Woche"), null=True, blank=True)
    shifts = models.BooleanField(_("Schichtarbeit"), default=False)
    remote_share = models.PositiveSmallIntegerField(_("Anteil mobiles Arbeiten (Prozent)"), default=0)
    fixed_term = models.BooleanField(_("befristet"), default=False)
    fixed_term_months = models.PositiveSmallIntegerField(_("Befristung in Monaten"), null=True, blank=True)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    requirements = models.TextField(_("Anforderungen"), max_length=4000, blank=True)
    skills = models.CharField(_("Kenntnisse und Fähigkeiten"), max_length=1000, blank=True)
    pay_min = models.DecimalField(_("Gehalt von"), max_digits=9, decimal_places=2, null=True, blank=True)
    pay_max = models.DecimalField(_("Gehalt bis"), max_digits=9, decimal_places=2, null=True, blank=True)
    pay_period = models.CharField(_("Gehalt bezieht sich auf"), max_length=5, choices=PayPeriod.choices, blank=True)
    inclusion_notes = models.TextField(_("Inklusion und Barrierefreiheit"), max_length=2000, blank=True)
    suitable_part_time_training = models.BooleanField(_("geeignet für Teilzeitausbildung"), default=False)
    suitable_single_parents = models.BooleanField(_("geeignet für Alleinerziehende"), default=False)
    status = models.CharField(max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_on = models.DateField(_("Anzeige läuft bis"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(blank=True, default="")
    search_stems = models.TextField(blank=True, default="")

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("Stellenangebot")
        verbose_name_plural = _("Stellenangebote")
        indexes = [
            models.Index(fields=["jobcenter", "status", "published_at"], name="jobs_vacancy_published"),
            models.Index(fields=["lat", "lon"], name="jobs_vacancy_lat"),
            models.Index(fields=["lon", "lat"], name="jobs_vacancy_lon"),
            models.Index(fields=["status", "expires_on"], name="jobs_vacancy_expiry"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == VacancyStatus.PUBLISHED


class SavedSearch(models.Model):
    """A search a citizen keeps; new matches are mailed once (``last_alerted_at``)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("Name der Suche"), max_length=120)
    query = models.JSONField(default=dict)
    alerts = models.BooleanField(_("Neue Stellen per E-Mail"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_alerted_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("gespeicherte Suche")
        verbose_name_plural = _("gespeicherte Suchen")

    def __str__(self) -> str:
        return self.name


class AlertedVacancy(models.Model):
    """A vacancy already mailed for a saved search: each match is mailed once."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "vacancy"], name="jobs_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.saved_search_id}: {self.vacancy_id}"
