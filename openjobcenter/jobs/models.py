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
            # Matching's prefilter: occupation codes near the candidate's wishes, then a bounding box.
            models.Index(fields=["occupation", "lat", "lon"], name="jobs_vacancy_occ_geo"),
            # ... and fully remote vacancies, which count from anywhere.
            models.Index(fields=["occupation"], condition=models.Q(remote_share__gte=100), name="jobs_vacancy_remote"),
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


# --- Candidate profiles, contact requests, feedback, suggestions (issue 8, part 2) -------------------


class LanguageLevel(models.TextChoices):
    """Levels of the Common European Framework of Reference (GER)."""

    NATIVE = "native", _("Muttersprache")
    C2 = "C2", _("C2 – annähernd muttersprachlich")
    C1 = "C1", _("C1 – fachkundig")
    B2 = "B2", _("B2 – selbstständig")
    B1 = "B1", _("B1 – fortgeschritten")
    A2 = "A2", _("A2 – Grundkenntnisse")
    A1 = "A1", _("A1 – Anfänger")


class Childcare(models.TextChoices):
    """When a citizen can work because of childcare or care of relatives."""

    NONE = "", _("keine Einschränkung")
    MORNINGS = "mornings", _("nur vormittags (etwa 8 bis 13 Uhr)")
    SCHOOL_HOURS = "school_hours", _("nur während Kita- oder Schulzeiten (etwa 8 bis 15 Uhr)")
    NO_WEEKENDS = "no_weekends", _("keine Wochenenden und keine Schichten")


class CandidateProfile(models.Model):
    """What a citizen looks for, for matching. Shown to employers only with ``visible_to_employers``
    and then anonymised (region and age band, never name, contact data or address) until the
    citizen accepts a ``ContactRequest`` of that employer."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    headline = models.CharField(_("Kurzbeschreibung für Arbeitgeber"), max_length=150, blank=True)
    desired_occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="+", verbose_name=_("Wunschberufe")
    )
    skills = models.CharField(_("Kenntnisse und Fähigkeiten"), max_length=1000, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("Berufserfahrung in Jahren"), null=True, blank=True)
    experience = models.TextField(_("Berufserfahrung (Stationen)"), max_length=3000, blank=True)
    # [{"language": "Deutsch", "level": "B2"}, …] with levels from ``LanguageLevel``.
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    postal_code = models.CharField(_("Postleitzahl des Wohnorts"), max_length=5)
    place = models.CharField(max_length=120, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    mobility_radius_km = models.PositiveSmallIntegerField(
        _("Wie weit dürfen Arbeitsorte entfernt sein (km)?"), default=25
    )
    accepts_full_time = models.BooleanField(_("Vollzeit"), default=True)
    accepts_part_time = models.BooleanField(_("Teilzeit"), default=True)
    accepts_mini_job = models.BooleanField(_("Minijob"), default=False)
    max_hours_per_week = models.PositiveSmallIntegerField(_("höchstens Stunden pro Woche"), null=True, blank=True)
    accepts_shifts = models.BooleanField(_("Schichtarbeit möglich"), default=True)
    available_from = models.DateField(_("verfügbar ab"), null=True, blank=True)
    childcare = models.CharField(
        _("Kinderbetreuung oder Pflege"), max_length=14, choices=Childcare.choices, blank=True, default=""
    )
    driving_licence = models.CharField(_("Führerschein"), max_length=60, blank=True)
    has_car = models.BooleanField(_("eigenes Auto"), default=False)
    birth_year = models.PositiveSmallIntegerField(_("Geburtsjahr"), null=True, blank=True)
    visible_to_employers = models.BooleanField(_("Für Arbeitgeber sichtbar (anonym)"), default=False)
    visibility_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Bewerberprofil")
        verbose_name_plural = _("Bewerberprofile")
        constraints = [models.UniqueConstraint(fields=["jobcenter", "person"], name="jobs_profile_one_per_person")]
        indexes = [
            models.Index(fields=["jobcenter", "visible_to_employers"], name="jobs_profile_visible"),
            models.Index(fields=["lat", "lon"], name="jobs_profile_lat"),
        ]

    def __str__(self) -> str:
        return str(_("Bewerberprofil %(pk)s") % {"pk": self.pk})

    @property
    def language_list(self) -> list[str]:
        """The languages as shown: "Englisch (B1 – fortgeschritten)"."""
        levels = dict(LanguageLevel.choices)
        return [
            f"{item.get('language', '')} ({levels[item['level']]})"
            if item.get("level") in levels
            else item.get("language", "")
            for item in self.languages or []
            if isinstance(item, dict)
        ]

    @property
    def working_times(self) -> list[str]:
        accepted = []
        if self.accepts_full_time:
            accepted.append(WorkingTime.FULL_TIME.value)
        if self.accepts_part_time:
            accepted.append(WorkingTime.PART_TIME.value)
        if self.accepts_mini_job:
            accepted.append(WorkingTime.MINI_JOB.value)
        return accepted


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("offen")
    ACCEPTED = "accepted", _("angenommen")
    DECLINED = "declined", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class ContactRequest(models.Model):
    """An employer asks an (anonymous) candidate for contact. Accepting reveals name and contact
    data to this employer only."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_requests")
    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="contact_requests")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    message = models.TextField(_("Nachricht an die Bewerberin oder den Bewerber"), max_length=2000)
    status = models.CharField(max_length=10, choices=ContactStatus.choices, default=ContactStatus.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Kontaktanfrage")
        verbose_name_plural = _("Kontaktanfragen")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "profile"],
                condition=models.Q(status="pending"),
                name="jobs_contact_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} → {self.profile_id} ({self.status})"


class FeedbackOutcome(models.TextChoices):
    INVITED = "invited", _("zum Gespräch eingeladen")
    HIRED = "hired", _("eingestellt")
    NOT_HIRED = "not_hired", _("nicht eingestellt")


class FeedbackReason(models.TextChoices):
    """Why a candidate was not hired (required for ``not_hired``)."""

    QUALIFICATION = "qualification", _("Qualifikation passt nicht")
    EXPERIENCE = "experience", _("zu wenig Berufserfahrung")
    LANGUAGE = "language", _("Sprachkenntnisse reichen nicht")
    WORKING_TIME = "working_time", _("Arbeitszeiten passen nicht")
    DISTANCE = "distance", _("Arbeitsweg zu weit")
    NO_SHOW = "no_show", _("nicht zum Gespräch erschienen")
    WITHDREW = "withdrew", _("Bewerbung zurückgezogen")
    OTHER_CANDIDATE = "other_candidate", _("andere Person eingestellt")
    OTHER = "other", _("anderer Grund")


class CandidateFeedback(models.Model):
    """An employer's feedback on a candidate; visible to the citizen's advisor (case-file timeline)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    vacancy = models.ForeignKey(Vacancy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome = models.CharField(_("Ergebnis"), max_length=10, choices=FeedbackOutcome.choices)
    reason = models.CharField(_("Grund"), max_length=16, choices=FeedbackReason.choices, blank=True)
    reason_text = models.CharField(_("Erläuterung"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Rückmeldung des Arbeitgebers")
        verbose_name_plural = _("Rückmeldungen der Arbeitgeber")
        indexes = [models.Index(fields=["jobcenter", "person", "created_at"], name="jobs_feedback_person")]

    def __str__(self) -> str:
        return f"{self.employer_id} → {self.person_id}: {self.outcome}"


class SuggestionReaction(models.TextChoices):
    NONE = "", _("noch keine Rückmeldung")
    INTERESTED = "interested", _("interessiert")
    NOT_SUITABLE = "not_suitable", _("passt nicht")


class Suggestion(models.Model):
    """A vacancy an advisor suggests to a client ("Vorschläge Ihrer Ansprechperson")."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("Notiz für die Kundin oder den Kunden"), max_length=2000, blank=True)
    reaction = models.CharField(
        max_length=12, choices=SuggestionReaction.choices, blank=True, default=SuggestionReaction.NONE
    )
    reaction_note = models.CharField(_("Ihre Anmerkung"), max_length=1000, blank=True)
    reacted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Stellenvorschlag")
        verbose_name_plural = _("Stellenvorschläge")
        constraints = [models.UniqueConstraint(fields=["person", "vacancy"], name="jobs_suggestion_once")]

    def __str__(self) -> str:
        return f"{self.vacancy_id} → {self.person_id}"
