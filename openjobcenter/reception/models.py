"""The walk-in queue: what each reception zone serves, its counters, who sits where, and tickets.

A ticket is called with one conditional ``UPDATE … WHERE status = 'waiting'`` (after a
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL picks the candidate): two counters can never
call the same ticket. Ticket numbers are per zone and day ("A017"), unique by constraint.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.models import Booking, Concern
from openjobcenter.core.models import Jobcenter, Location, ReceptionZone
from openjobcenter.core.tenancy import TenantManager


class ZoneSettings(models.Model):
    """What a reception zone serves and whether it takes tickets now."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    zone = models.OneToOneField(ReceptionZone, on_delete=models.CASCADE, related_name="queue_settings")
    concerns = models.ManyToManyField(Concern, blank=True, related_name="+", verbose_name=_("Anliegen"))
    is_open = models.BooleanField(_("nimmt Wartenummern an"), default=True)
    remote_join = models.BooleanField(
        _("Anstellen per Telefon erlaubt"),
        default=False,
        help_text=_("Menschen können sich von unterwegs in die Warteschlange einreihen."),
    )
    default_service_minutes = models.PositiveSmallIntegerField(
        _("Übliche Bearbeitungszeit in Minuten"),
        default=10,
        help_text=_("Für die Schätzung, solange es noch keine Erfahrungswerte gibt."),
    )

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Einstellungen der Eingangszone")
        verbose_name_plural = _("Einstellungen der Eingangszonen")

    def __str__(self) -> str:
        return str(self.zone)


class Counter(models.Model):
    """A desk (Schalter/Platz) in a reception zone where people are called to."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    zone = models.ForeignKey(ReceptionZone, on_delete=models.CASCADE, related_name="counters")
    name = models.CharField(_("Bezeichnung"), max_length=40, help_text=_("Wie er auf der Anzeige steht, z. B. 3."))
    is_active = models.BooleanField(_("in Betrieb"), default=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["zone", "name"]
        verbose_name = _("Schalter")
        verbose_name_plural = _("Schalter")
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="counter_unique_name")]

    def __str__(self) -> str:
        return self.name


class CounterSession(models.Model):
    """A staff member sitting at a counter: open while ``closed_at`` is empty."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="sessions")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counter_sessions")
    opened_at = models.DateTimeField(_("geöffnet"), auto_now_add=True)
    closed_at = models.DateTimeField(_("geschlossen"), null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["counter"], condition=Q(closed_at__isnull=True), name="counter_one_open"),
            models.UniqueConstraint(fields=["staff"], condition=Q(closed_at__isnull=True), name="staff_one_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.counter} – {self.staff}"


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("wartet")
    CALLED = "called", _("aufgerufen")
    SERVING = "serving", _("in Bearbeitung")
    DONE = "done", _("erledigt")
    NO_SHOW = "no_show", _("nicht erschienen")
    PARKED = "parked", _("zurückgestellt")
    CANCELLED = "cancelled", _("zurückgezogen")


OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.PARKED)


class TicketSource(models.TextChoices):
    KIOSK = "kiosk", _("Terminal")
    RECEPTION = "reception", _("Empfang")
    CHECK_IN = "check_in", _("Termin-Anmeldung")
    REMOTE = "remote", _("von unterwegs")
    API = "api", _("Schnittstelle")


class Priority(models.IntegerChoices):
    NORMAL = 0, _("normal")
    APPOINTMENT = 10, _("mit Termin")
    URGENT = 20, _("dringend")


class Ticket(models.Model):
    """One person waiting in one zone on one day."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    zone = models.ForeignKey(ReceptionZone, on_delete=models.CASCADE, related_name="tickets")
    concern = models.ForeignKey(Concern, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    day = models.DateField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("Wartenummer"), max_length=12)
    # The personal ticket page's key (in the QR code); not guessable.
    token = models.CharField(max_length=40, unique=True)
    status = models.CharField(_("Status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING)
    priority = models.SmallIntegerField(_("Vorrang"), choices=Priority.choices, default=Priority.NORMAL)
    source = models.CharField(_("Herkunft"), max_length=10, choices=TicketSource.choices)
    booking = models.ForeignKey(Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    language = models.CharField(max_length=8, default="de")
    created_at = models.DateTimeField(_("gezogen"), auto_now_add=True)
    # When the ticket (re-)entered the queue: after parking or a transfer it queues from then.
    queued_at = models.DateTimeField()
    # For appointments: not called before this time (minus a few minutes).
    not_before = models.DateTimeField(null=True, blank=True)
    called_at = models.DateTimeField(_("aufgerufen"), null=True, blank=True)
    call_count = models.PositiveSmallIntegerField(default=0)
    counter = models.ForeignKey(Counter, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets")
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service_started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The first estimate given, to measure how good the estimates are.
    estimate_minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-priority", "queued_at", "id"]
        verbose_name = _("Wartenummer")
        verbose_name_plural = _("Wartenummern")
        constraints = [
            models.UniqueConstraint(fields=["zone", "day", "sequence"], name="ticket_unique_number"),
            models.UniqueConstraint(
                fields=["booking"], condition=Q(booking__isnull=False), name="ticket_one_per_booking"
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "status", "day"], name="ticket_queue"),
            models.Index(fields=["location", "day"], name="ticket_location_day"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
