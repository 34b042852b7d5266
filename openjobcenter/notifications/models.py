"""The e-mail outbox and in-portal notifications.

Mail is never sent from the request: ``notify()`` writes an ``OutboxMessage`` in the caller's
transaction and the background worker delivers it, retrying while the mail server is down.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Versand")
    SENDING = "sending", _("wird gesendet")
    SENT = "sent", _("gesendet")
    FAILED = "failed", _("endgültig fehlgeschlagen")


class OutboxMessage(models.Model):
    """One e-mail, fully rendered in the recipient's language, waiting for (or past) delivery.

    Not read through a tenant manager: only the worker reads it, across all Jobcenters, and
    mails to addresses without an account have no Jobcenter at all. No view shows it.

    While a worker sends (status ``sending``), ``next_attempt_at`` is the end of its lease: a
    worker that died mid-send leaves a row that becomes claimable again once the lease is over.
    """

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_address = models.EmailField(_("an"))
    language = models.CharField(_("Sprache"), max_length=8)
    template = models.CharField(_("Vorlage"), max_length=100)
    subject = models.CharField(_("Betreff"), max_length=255)
    text_body = models.TextField(_("Text"))
    html_body = models.TextField(_("HTML"), blank=True)
    # Text attachments, e.g. an appointment's calendar file: [{"filename", "content_type", "content"}].
    attachments = models.JSONField(_("Anhänge"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    # When a delivery task was last put on the queue; cleared when a task has run. Keeps the
    # sweeper from queueing the same message again every 30 s while the worker is busy or down.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("letzter Fehler"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gesendet"), null=True, blank=True)

    class Meta:
        verbose_name = _("E-Mail im Postausgang")
        verbose_name_plural = _("Postausgang")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.template} → {self.to_address} ({self.status})"


class Notification(models.Model):
    """A message shown in the recipient's inbox in the portal of one Jobcenter."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("Titel"), max_length=255)
    text = models.TextField(_("Text"), blank=True)
    link_url = models.CharField(_("Link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelesen"), null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "jobcenter", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
