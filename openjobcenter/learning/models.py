"""Programme providers (Maßnahmeträger), the course catalogue, enrolments with a waiting list,
attendance per session, absence notices and session reminders.

Seats are scarce like appointment slots: a confirmed enrolment takes a seat by the conditional
``UPDATE course SET confirmed = confirmed + 1 WHERE confirmed < seats`` (which locks the one
course row, late in the transaction), and the unique constraint on (course, seat) of confirmed
enrolments is the last guard on every database.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.i18n import translated
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class Provider(models.Model):
    """A Maßnahmeträger: an organisation that runs courses for the Jobcenter."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    website = models.URLField(_("Internetseite"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="ProviderMembership", related_name="+")

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Maßnahmeträger")
        verbose_name_plural = _("Maßnahmeträger")
        constraints = [models.UniqueConstraint(fields=["jobcenter", "name"], name="learning_provider_unique_name")]

    def __str__(self) -> str:
        return self.name


class ProviderMembership(models.Model):
    """A provider's user belongs to exactly one provider."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_provider")

    class Meta:
        verbose_name = _("Mitarbeit beim Träger")
        verbose_name_plural = _("Mitarbeit beim Träger")

    def __str__(self) -> str:
        return f"{self.user} – {self.provider}"


def default_childcare_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


class LearningSettings(models.Model):
    """A Jobcenter's rules for the catalogue: the usual childcare hours and the reminder lead."""

    jobcenter = models.OneToOneField(Jobcenter, on_delete=models.CASCADE, related_name="learning_settings")
    childcare_weekdays = models.JSONField(_("Betreuungstage"), default=default_childcare_weekdays)
    childcare_starts = models.TimeField(_("Kinderbetreuung von"), default=dt.time(8, 30))
    childcare_ends = models.TimeField(_("Kinderbetreuung bis"), default=dt.time(14, 30))
    reminder_hours_before = models.PositiveSmallIntegerField(_("Erinnerung … Stunden vorher"), default=24)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Einstellungen Qualifizierung")
        verbose_name_plural = _("Einstellungen Qualifizierung")

    def __str__(self) -> str:
        return str(self.jobcenter)


class Programme(models.Model):
    """A programme (Maßnahme) that groups courses, e.g. "Sprachförderung" or "Berufliche Weiterbildung"."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    name = models.JSONField(_("Bezeichnung"), default=dict, help_text=_("Ein Text je Sprache."))
    description = models.JSONField(_("Beschreibung"), default=dict, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("Programm")
        verbose_name_plural = _("Programme")

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self) -> str:
        return translated(self.name)


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("vor Ort")
    ONLINE = "online", _("online")


class Funding(models.TextChoices):
    VOUCHER = "bildungsgutschein", _("Bildungsgutschein")
    AVGS = "avgs", _("Aktivierungs- und Vermittlungsgutschein (AVGS)")
    JOBCENTER = "jobcenter", _("vom Jobcenter finanziert")
    FREE = "free", _("kostenlos")


class Course(models.Model):
    """One bookable course of a provider, with its sessions and seats."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="courses", verbose_name=_("Träger"))
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="courses", verbose_name=_("Programm")
    )
    title = models.JSONField(_("Titel"), default=dict)
    description = models.JSONField(_("Beschreibung"), default=dict, blank=True)
    requirements = models.JSONField(_("Voraussetzungen"), default=dict, blank=True)
    accessibility = models.JSONField(_("Barrierefreiheit"), default=dict, blank=True)
    format = models.CharField(_("Form"), max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    seats = models.PositiveSmallIntegerField(_("Plätze"), default=12)
    confirmed = models.PositiveSmallIntegerField(_("belegte Plätze"), default=0, editable=False)
    # Codes between commas (",de,en,"), so one filter works on SQLite and PostgreSQL alike.
    languages = models.CharField(_("Kurssprachen"), max_length=100, default=",de,")
    funding = models.CharField(_("Förderung"), max_length=100, blank=True, default="")
    wheelchair_accessible = models.BooleanField(_("rollstuhlgerecht"), default=False)
    # Kept up to date by ``services.catalogue`` whenever sessions or the Jobcenter's hours change.
    childcare_compatible = models.BooleanField(_("passt zu Kinderbetreuungszeiten"), default=False, editable=False)
    starts_on = models.DateField(_("Beginn"), null=True, blank=True, editable=False)
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("Kurs")
        verbose_name_plural = _("Kurse")
        constraints = [
            models.CheckConstraint(condition=Q(confirmed__lte=models.F("seats")), name="learning_course_not_oversold"),
        ]

    def __str__(self) -> str:
        return self.display_title()

    def display_title(self) -> str:
        return translated(self.title)

    def description_text(self) -> str:
        return translated(self.description)

    def requirements_text(self) -> str:
        return translated(self.requirements)

    def accessibility_text(self) -> str:
        return translated(self.accessibility)

    @property
    def free_seats(self) -> int:
        return max(self.seats - self.confirmed, 0)

    @property
    def is_online(self) -> bool:
        return self.format == Format.ONLINE

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}".strip(", ")

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def funding_codes(self) -> list[str]:
        return [code for code in self.funding.split(",") if code]

    def funding_labels(self) -> list[str]:
        labels = dict(Funding.choices)
        return [str(labels[key]) for key in self.funding_codes if key in labels]

    def language_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [str(names.get(code, code)) for code in self.language_codes]


def codes_field(codes: list[str]) -> str:
    """The stored form of a list of codes: ``",de,en,"`` (empty list: ``""``)."""
    return f",{','.join(codes)}," if codes else ""


class Session(models.Model):
    """One meeting of a course (a date with start and end time)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="learning_session_order")]

    def __str__(self) -> str:
        return f"{self.course} {self.start:%Y-%m-%d %H:%M}"


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("angefragt")
    CONFIRMED = "confirmed", _("bestätigt")
    WAITING = "waiting", _("auf der Warteliste")
    DECLINED = "declined", _("abgelehnt")
    CANCELLED = "cancelled", _("abgesagt")
    REMOVED = "removed", _("abgemeldet")


# An enrolment in one of these states blocks a second one of the same person in the same course.
ACTIVE = (EnrolmentStatus.REQUESTED, EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITING)


class Enrolment(models.Model):
    """A person's place (or request, or waiting-list place) in a course."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("Status"), max_length=10, choices=EnrolmentStatus.choices)
    seat = models.PositiveSmallIntegerField(null=True, blank=True)
    # The waiting list is ordered by the moment someone joined it.
    waiting_since = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("Bemerkung"), max_length=300, blank=True)
    reason = models.CharField(_("Grund"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"], condition=Q(status__in=ACTIVE), name="learning_one_active_enrolment"
            ),
            models.UniqueConstraint(
                fields=["course", "seat"], condition=Q(status="confirmed"), name="learning_one_person_per_seat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} – {self.person}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("anwesend")
    EXCUSED = "excused", _("entschuldigt gefehlt")
    UNEXCUSED = "unexcused", _("unentschuldigt gefehlt")


class Attendance(models.Model):
    """What the provider recorded for one participant at one session."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("Anwesenheit"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("Grund"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="learning_one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.session.start:%Y-%m-%d}: {self.status}"


class AbsenceNotice(models.Model):
    """A participant tells in advance (or afterwards) that they cannot come, with a reason and
    optionally a sick note stored in the case file."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="absence_notices")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="absence_notices")
    reason = models.CharField(_("Grund"), max_length=300)
    document = models.ForeignKey(
        "casefile.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Abwesenheitsmeldung")
        verbose_name_plural = _("Abwesenheitsmeldungen")

    def __str__(self) -> str:
        return f"{self.enrolment} {self.session.start:%Y-%m-%d}"


class SessionReminder(models.Model):
    """Claimed before a reminder is sent: at most one per session and person."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="learning_one_reminder")]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.session.start:%Y-%m-%d}"
