"""Concerns (Anliegen), staff working hours and absences, the bookable slots, and bookings.

Slots are rows, generated ahead from the working hours (``services.slots``). A booking takes a
seat in one slot: the slot row is locked by a conditional ``UPDATE … booked = booked + 1 WHERE
booked < capacity`` late in the transaction, and the unique constraint on (slot, seat) of the
bookings that hold a seat is the last guard on every database.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openjobcenter.core.i18n import translated
from openjobcenter.core.models import Jobcenter, Location, Team
from openjobcenter.core.tenancy import TenantManager


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("vor Ort")
    PHONE = "phone", _("telefonisch")
    VIDEO = "video", _("per Video")


CHANNEL_VALUES = tuple(Channel.values)


class Concern(models.Model):
    """An Anliegen people can book an appointment for, with its rules."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    name = models.JSONField(_("Bezeichnung"), default=dict, help_text=_("Ein Text je Sprache."))
    description = models.JSONField(_("Beschreibung"), default=dict, blank=True)
    what_to_bring = models.JSONField(_("Bitte mitbringen"), default=dict, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("Dauer in Minuten"), default=30)
    channels = models.JSONField(_("Wege"), default=list, help_text=_("vor Ort, telefonisch, per Video"))
    teams = models.ManyToManyField(Team, verbose_name=_("Zuständige Teams"), related_name="concerns", blank=True)
    requires_sign_in = models.BooleanField(
        _("Nur mit Anmeldung"),
        default=False,
        help_text=_("Für Anliegen zum eigenen Fall. Sonst können Termine auch ohne Konto gebucht werden."),
    )
    booking_horizon_days = models.PositiveSmallIntegerField(_("Buchbar für die nächsten … Tage"), default=42)
    min_lead_minutes = models.PositiveIntegerField(_("Frühestens buchbar … Minuten vorher"), default=120)
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    is_active = models.BooleanField(_("buchbar"), default=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("Anliegen")
        verbose_name_plural = _("Anliegen")
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=5), name="concern_min_duration"),
        ]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self) -> str:
        return translated(self.name)

    def description_text(self) -> str:
        return translated(self.description)

    def what_to_bring_text(self) -> str:
        return translated(self.what_to_bring)

    def offers(self, channel: str) -> bool:
        return channel in (self.channels or [])


class BookingPolicy(models.Model):
    """A Jobcenter's booking rules that are not per concern."""

    class Challenge(models.TextChoices):
        DEFAULT = "default", _("wie in der Konfiguration (BOOKING_CHALLENGE)")
        ON = "on", pgettext_lazy("switched", "an")
        OFF = "off", pgettext_lazy("switched", "aus")

    jobcenter = models.OneToOneField(Jobcenter, on_delete=models.CASCADE, related_name="booking_policy")
    challenge = models.CharField(
        _("Rechenaufgabe gegen Bots bei Buchung ohne Konto"),
        max_length=8,
        choices=Challenge.choices,
        default=Challenge.DEFAULT,
    )
    max_open_bookings_per_email = models.PositiveSmallIntegerField(
        _("Höchstens offene Termine je E-Mail-Adresse"), default=3
    )
    reminder_hours_before = models.PositiveSmallIntegerField(_("Erinnerung … Stunden vorher"), default=24)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Buchungsregeln")
        verbose_name_plural = _("Buchungsregeln")

    def __str__(self) -> str:
        return str(self.jobcenter)

    def challenge_enabled(self) -> bool:
        if self.challenge == self.Challenge.DEFAULT:
            return bool(settings.BOOKING_CHALLENGE)
        return self.challenge == self.Challenge.ON


class WorkingHours(models.Model):
    """A staff member's weekly bookable time at one location (several per day are allowed)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="working_hours",
        verbose_name=_("Mitarbeiterin / Mitarbeiter"),
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+", verbose_name=_("Standort"))
    weekday = models.PositiveSmallIntegerField(
        _("Wochentag"),
        choices=[
            (i, n)
            for i, n in enumerate(
                [_("Montag"), _("Dienstag"), _("Mittwoch"), _("Donnerstag"), _("Freitag"), _("Samstag"), _("Sonntag")]
            )
        ],
    )
    starts = models.TimeField(_("von"))
    ends = models.TimeField(_("bis"))
    channels = models.JSONField(_("Wege"), default=list)
    desks = models.PositiveSmallIntegerField(
        _("Plätze je Termin"), default=1, help_text=_("Wie viele Personen gleichzeitig einen Termin haben können.")
    )
    slot_minutes = models.PositiveSmallIntegerField(_("Terminlänge in Minuten"), default=30)
    buffer_minutes = models.PositiveSmallIntegerField(_("Pause zwischen Terminen in Minuten"), default=0)
    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["staff", "weekday", "starts"]
        verbose_name = _("Sprechzeit")
        verbose_name_plural = _("Sprechzeiten")
        constraints = [
            models.CheckConstraint(condition=Q(starts__lt=F("ends")), name="working_hours_order"),
            models.CheckConstraint(condition=Q(desks__gte=1), name="working_hours_desks"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="working_hours_slot_length"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Absence(models.Model):
    """Time a staff member is not bookable (leave, training, illness): their slots are blocked."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("Mitarbeiterin / Mitarbeiter"),
    )
    starts_at = models.DateTimeField(_("von"))
    ends_at = models.DateTimeField(_("bis"))
    reason = models.CharField(_("Grund (intern)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("Abwesenheit")
        verbose_name_plural = _("Abwesenheiten")
        constraints = [models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="absence_order")]

    def __str__(self) -> str:
        return f"{self.staff}: {self.starts_at:%d.%m.%Y %H:%M} – {self.ends_at:%d.%m.%Y %H:%M}"


class Slot(models.Model):
    """A bookable time of one staff member at one location, with ``capacity`` seats."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slots")
    working_hours = models.ForeignKey(
        WorkingHours, on_delete=models.SET_NULL, null=True, blank=True, related_name="slots"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    in_person = models.BooleanField(default=False)
    phone = models.BooleanField(default=False)
    video = models.BooleanField(default=False)
    capacity = models.PositiveSmallIntegerField(default=1)
    booked = models.PositiveSmallIntegerField(default=0)
    blocked = models.BooleanField(default=False, help_text="absence or public holiday")

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "start"], name="slot_unique_staff_start"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="slot_not_overbooked"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="slot_order"),
        ]
        indexes = [
            models.Index(fields=["location", "start"], name="slot_location_start"),
            models.Index(fields=["jobcenter", "start"], name="slot_jobcenter_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} {self.staff_id}"

    @property
    def channels(self) -> list[str]:
        return [c for c in CHANNEL_VALUES if getattr(self, c, False)]

    @property
    def free(self) -> int:
        return 0 if self.blocked else self.capacity - self.booked


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("gebucht")
    CANCELLED = "cancelled", _("abgesagt")
    ATTENDED = "attended", _("wahrgenommen")
    NO_SHOW = "no_show", _("nicht erschienen")


# Statuses that hold a seat in the slot.
SEAT_HOLDING = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


class Booking(models.Model):
    """One person's appointment. Its code is what they quote; the manage token is derived from it."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("Buchungsnummer"), max_length=12, unique=True)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    seat = models.PositiveSmallIntegerField(default=1)
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("Anliegen"))
    channel = models.CharField(_("Weg"), max_length=10, choices=Channel.choices)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("Standort"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_bookings", verbose_name=_("bei")
    )
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    status = models.CharField(_("Status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="staff member who booked on the client's behalf",
    )
    # NULL (not "") when absent, so the unique constraint ignores bookings without a key.
    request_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(_("gebucht am"), auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    cancelled_by_staff = models.BooleanField(default=False)
    cancel_reason = models.CharField(_("Grund der Absage"), max_length=300, blank=True)
    outcome_at = models.DateTimeField(_("Ergebnis erfasst am"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reschedule_count = models.PositiveSmallIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # For video appointments: the key of the meeting the video capability creates just in time.
    meeting_key = models.CharField(max_length=40, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "seat"], condition=Q(status__in=SEAT_HOLDING), name="booking_one_per_seat"
            ),
            models.UniqueConstraint(
                fields=["jobcenter", "request_key"], condition=Q(request_key__isnull=False), name="booking_request_once"
            ),
            models.CheckConstraint(condition=Q(channel__in=CHANNEL_VALUES), name="booking_channel_valid"),
        ]
        indexes = [
            models.Index(fields=["jobcenter", "start"], name="booking_jobcenter_start"),
            models.Index(fields=["staff", "start"], name="booking_staff_start"),
            models.Index(fields=["jobcenter", "email", "status"], name="booking_email_status"),
            models.Index(fields=["status", "reminder_sent_at", "start"], name="booking_reminder_due"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status == BookingStatus.BOOKED

    @property
    def display_code(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}" if len(self.code) == 10 else self.code
