"""Web Push subscriptions: one per device that a person (or a walk-in ticket) switched on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class Topic(models.TextChoices):
    APPOINTMENTS = "appointments", _("Termine")
    MESSAGES = "messages", _("Nachrichten im Postfach")
    APPLICATIONS = "applications", _("Bearbeitungsstand von Anträgen")
    TICKETS = "tickets", _("Aufruf Ihrer Wartenummer")


class PushSubscription(models.Model):
    """The browser's subscription (endpoint and keys); it belongs to a person or to one ticket."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="push_subscriptions"
    )
    ticket = models.ForeignKey(
        "reception.Ticket", on_delete=models.CASCADE, null=True, blank=True, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000)
    endpoint_hash = models.CharField(max_length=64)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    topics = models.JSONField(default=list)
    device = models.CharField(_("Gerät"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("eingeschaltet am"), auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    soon_sent = models.BooleanField(default=False)  # tickets: "Sie sind gleich dran" went out

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Push-Abonnement")
        verbose_name_plural = _("Push-Abonnements")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint_hash", "user"], condition=Q(user__isnull=False), name="push_one_per_device_user"
            ),
            models.UniqueConstraint(
                fields=["endpoint_hash", "ticket"], condition=Q(ticket__isnull=False), name="push_one_per_device_ticket"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, ticket__isnull=True) | Q(user__isnull=True, ticket__isnull=False),
                name="push_for_user_or_ticket",
            ),
        ]

    def __str__(self) -> str:
        return self.device or self.endpoint[:40]
