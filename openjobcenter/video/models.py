"""A Jobcenter's video settings and the meetings created just in time for video appointments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.models import Booking
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class Provider(models.TextChoices):
    BBB = "bbb", _("BigBlueButton (auch hinter Scalelite)")
    JITSI = "jitsi", _("Jitsi Meet mit JWT")


class ChecksumAlgorithm(models.TextChoices):
    DEFAULT = "", _("wie in der Konfiguration (BBB_CHECKSUM_ALGORITHM)")
    SHA1 = "sha1", "SHA-1"
    SHA256 = "sha256", "SHA-256"
    SHA512 = "sha512", "SHA-512"


class VideoSettings(models.Model):
    """Which video server a Jobcenter uses. Empty fields fall back to the environment variables."""

    jobcenter = models.OneToOneField(Jobcenter, on_delete=models.CASCADE, related_name="video_settings")
    provider = models.CharField(_("Anbieter"), max_length=8, choices=Provider.choices, default=Provider.BBB)
    bbb_url = models.URLField(
        _("BigBlueButton-API-Adresse"),
        blank=True,
        help_text=_("z. B. https://bbb.example.de/bigbluebutton/api – leer: BBB_API_URL"),
    )
    bbb_secret = models.CharField(_("Gemeinsames Geheimnis (Shared Secret)"), max_length=200, blank=True)
    bbb_checksum_algorithm = models.CharField(
        _("Prüfsummen-Verfahren"), max_length=8, choices=ChecksumAlgorithm.choices, blank=True, default=""
    )
    jitsi_url = models.URLField(_("Jitsi-Adresse"), blank=True, help_text=_("z. B. https://meet.example.de"))
    jitsi_app_id = models.CharField(_("Jitsi-App-ID"), max_length=100, blank=True)
    jitsi_app_secret = models.CharField(_("Jitsi-App-Geheimnis"), max_length=200, blank=True)
    opens_minutes_before = models.PositiveSmallIntegerField(
        _("Raum öffnet … Minuten vor Beginn"), default=15, help_text=_("Zwischen 0 und 60.")
    )
    grace_minutes = models.PositiveSmallIntegerField(
        _("Raum bleibt … Minuten nach dem Ende offen"), default=30, help_text=_("Zwischen 0 und 120.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Videoeinstellungen")
        verbose_name_plural = _("Videoeinstellungen")

    def __str__(self) -> str:
        return str(self.jobcenter)


class MeetingStatus(models.TextChoices):
    OPEN = "open", _("offen")
    ENDED = "ended", _("beendet")


class Meeting(models.Model):
    """One meeting on the video server for one appointment. A new one (fresh ID) after it ended."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="video_meetings")
    provider = models.CharField(max_length=8, choices=Provider.choices)
    meeting_id = models.CharField(max_length=80, unique=True)
    attendee_pw = models.CharField(max_length=40)
    moderator_pw = models.CharField(max_length=40)
    create_time = models.CharField(max_length=20, blank=True)
    host_joined_at = models.DateTimeField(null=True, blank=True)
    client_joined_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    server_created_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Videobesprechung")
        verbose_name_plural = _("Videobesprechungen")
        constraints = [
            # At most one open meeting per appointment: two people pressing "join" at once share it.
            models.UniqueConstraint(
                fields=["booking"], condition=Q(status="open"), name="video_one_open_meeting_per_booking"
            ),
        ]

    def __str__(self) -> str:
        return self.meeting_id


class AdHocCall(models.Model):
    """A video call an advisor starts from the case file, without an appointment.

    The citizen is invited by a secure message with the join link; the link works only for that
    citizen, signed in, until ``expires_at``. The meeting on the server has the same privacy
    settings as for appointments (no recording, waiting room for the citizen).
    """

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("casefile.Case", on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=12, unique=True)
    provider = models.CharField(max_length=8, choices=Provider.choices)
    meeting_id = models.CharField(max_length=80, unique=True)
    attendee_pw = models.CharField(max_length=40)
    moderator_pw = models.CharField(max_length=40)
    create_time = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    host_joined_at = models.DateTimeField(null=True, blank=True)
    client_joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Spontanes Videogespräch")
        verbose_name_plural = _("Spontane Videogespräche")
        indexes = [models.Index(fields=["jobcenter", "client", "status"], name="video_adhoc_client_status")]

    def __str__(self) -> str:
        return self.code
