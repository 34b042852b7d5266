"""Secure messages (Postfach): threads between a client and the team responsible for their case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.models import Case, Document
from openjobcenter.core.models import Jobcenter, Team
from openjobcenter.core.tenancy import TenantManager


class Topic(models.TextChoices):
    APPOINTMENT = "appointment", _("Termin")
    BENEFITS = "benefits", _("Antrag und Leistungen")
    DOCUMENTS = "documents", _("Unterlagen")
    WORK = "work", _("Arbeit und Weiterbildung")
    PLAN = "plan", _("Kooperationsplan")
    OTHER = "other", _("Sonstiges")


class Status(models.TextChoices):
    OPEN = "open", _("offen")
    CLOSED = "closed", _("abgeschlossen")


class Side(models.TextChoices):
    CITIZEN = "citizen", _("Kundin / Kunde")
    STAFF = "staff", _("Jobcenter")


class Thread(models.Model):
    """One conversation of one client with the Jobcenter about one topic.

    The responsible team is always the case's current team (``case.team``): when a case moves to
    another team, its threads move with it. ``team`` keeps the team that received the first message.
    """

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kundin / Kunde")
    )
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuständig"),
    )
    topic = models.CharField(_("Thema"), max_length=16, choices=Topic.choices)
    subject = models.CharField(_("Betreff"), max_length=150)
    status = models.CharField(_("Status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    started_by = models.CharField(_("begonnen von"), max_length=8, choices=Side.choices)
    created_at = models.DateTimeField(_("begonnen am"), auto_now_add=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("letzte Nachricht"), null=True, blank=True)
    last_citizen_message_at = models.DateTimeField(null=True, blank=True)
    last_staff_message_at = models.DateTimeField(null=True, blank=True)
    citizen_read_at = models.DateTimeField(_("von der Kundin / vom Kunden gelesen"), null=True, blank=True)
    staff_read_at = models.DateTimeField(_("vom Jobcenter gelesen"), null=True, blank=True)
    # When the last e-mail notice went out (at most one per thread and hour, per side).
    citizen_notified_at = models.DateTimeField(null=True, blank=True)
    staff_notified_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("Nachrichtenverlauf")
        verbose_name_plural = _("Nachrichtenverläufe")
        indexes = [
            models.Index(fields=["case", "-last_message_at"], name="thread_case_last"),
            models.Index(fields=["jobcenter", "status", "-last_message_at"], name="thread_inbox"),
        ]
        permissions = [
            ("use_own_messages", _("Eigenes Postfach nutzen")),
            ("answer_messages", _("Nachrichten von Kundinnen und Kunden beantworten")),
            ("manage_templates", _("Antwortvorlagen verwalten")),
        ]

    def __str__(self) -> str:
        # Shown in audit trails: never the subject the person typed.
        return str(_("Nachrichtenverlauf %(number)s") % {"number": self.pk})

    @property
    def unread_for_citizen(self) -> bool:
        last = self.last_staff_message_at
        return last is not None and (self.citizen_read_at is None or last > self.citizen_read_at)

    @property
    def unread_for_staff(self) -> bool:
        last = self.last_citizen_message_at
        return last is not None and (self.staff_read_at is None or last > self.staff_read_at)


class Message(models.Model):
    """One message in a thread; its attachment is a document in the case file."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    side = models.CharField(_("von"), max_length=8, choices=Side.choices)
    body = models.TextField(_("Nachricht"), max_length=5000)
    # Documents follow the case file's retention: the message stays, the link goes.
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Anhang")
    )
    created_at = models.DateTimeField(_("gesendet am"), auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        indexes = [models.Index(fields=["thread", "created_at"], name="message_thread_created")]

    def __str__(self) -> str:
        return str(_("Nachricht vom %(date)s") % {"date": self.created_at.date() if self.created_at else ""})


class AnswerTemplate(models.Model):
    """A text block staff insert into a reply; ``{name}`` and ``{berater}`` are filled in."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("Bezeichnung"), max_length=100)
    body = models.TextField(_("Text"), max_length=5000)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("Antwortvorlage")
        verbose_name_plural = _("Antwortvorlagen")
        constraints = [models.UniqueConstraint(fields=["jobcenter", "title"], name="answer_template_unique_title")]

    def __str__(self) -> str:
        return self.title
