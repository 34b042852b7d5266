"""The cooperation plan (Kooperationsplan, § 15 SGB II): one plan per person, kept as numbered versions.

A version is a draft while the advisor works on it; publishing freezes it. Its content (goals, steps,
support, review date) never changes afterwards: a later change is a new draft with the next number.
Only progress is recorded on a published version: steps marked done, comments, the acknowledgement.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.models import Case
from openjobcenter.cooperation.rules import BreachKind
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class Plan(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("Person")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Kooperationsplan")
        verbose_name_plural = _("Kooperationspläne")
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="plan_one_per_person")]

    def __str__(self) -> str:
        return str(_("Kooperationsplan von %(person)s") % {"person": self.person})


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")


FROZEN_FIELDS = ("plan_id", "number", "goals", "support", "review_date")


class FrozenVersion(Exception):
    """Raised on an attempt to change the content of a published version."""


class Version(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("Version"))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    goals = models.TextField(_("Ziele"), max_length=4000)
    support = models.TextField(_("Unterstützung durch das Jobcenter"), max_length=4000, blank=True)
    review_date = models.DateField(_("Überprüfung spätestens am"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("Version des Kooperationsplans")
        verbose_name_plural = _("Versionen des Kooperationsplans")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number"),
            # One draft at a time: two advisors editing cannot fork the plan.
            models.UniqueConstraint(fields=["plan"], condition=Q(status="draft"), name="plan_one_draft"),
        ]

    def __str__(self) -> str:
        return str(_("Version %(number)d") % {"number": self.number})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The last guard behind the services: a published version is a snapshot, whoever calls save().
        stored = Version.all_tenants.filter(pk=self.pk).values("status", *FROZEN_FIELDS).first() if self.pk else None
        if (
            stored
            and stored["status"] == Status.PUBLISHED
            and any(stored[name] != getattr(self, name) for name in FROZEN_FIELDS)
        ):
            raise FrozenVersion(f"Version {self.pk} is published and cannot change; save a new draft.")
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class Owner(models.TextChoices):
    CITIZEN = "citizen", _("Kundin / Kunde")
    JOBCENTER = "jobcenter", _("Jobcenter")


class Step(models.Model):
    """An agreed step. ``key`` stays the same across versions, so versions can be compared."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="steps")
    key = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("Schritt"), max_length=500)
    owner = models.CharField(_("Wer?"), max_length=10, choices=Owner.choices, default=Owner.CITIZEN)
    due_date = models.DateField(_("Bis wann?"), null=True, blank=True)
    done = models.BooleanField(_("erledigt"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("Schritt")
        verbose_name_plural = _("Schritte")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="plan_step_unique_key")]

    def __str__(self) -> str:
        return self.text


class Comment(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("Kommentar"), max_length=2000)
    from_staff = models.BooleanField(default=False)  # an answer of the Jobcenter, not the citizen's comment
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")

    def __str__(self) -> str:
        return self.text[:40]


class Acknowledgement(models.Model):
    """ "Ich habe den Plan gelesen und bin einverstanden": who, when, which version."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="acknowledgements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Bestätigung")
        verbose_name_plural = _("Bestätigungen")
        constraints = [models.UniqueConstraint(fields=["version", "person"], name="plan_ack_once")]

    def __str__(self) -> str:
        return f"{self.person} – {self.version}"


class Audience(models.TextChoices):
    STAFF = "staff", _("Team")
    CITIZEN = "citizen", _("Kundin / Kunde")


class ReviewReminder(models.Model):
    """Sent once per version and audience; the unique constraint makes the reminder task idempotent."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "audience"], name="plan_review_reminder_once")]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.audience}"


class Breach(models.Model):
    """A breach (Pflichtverletzung) recorded by staff. The decision is theirs; nothing is computed."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="breaches")
    kind = models.CharField(_("Art"), max_length=20, choices=BreachKind.choices)
    occurred_on = models.DateField(_("Datum der Pflichtverletzung"))
    description = models.TextField(_("Was ist geschehen?"), max_length=2000)
    hearing_done = models.BooleanField(_("Anhörung durchgeführt"), default=False)
    hardship_checked = models.BooleanField(_("Härtefall geprüft"), default=False)
    decision = models.TextField(_("Entscheidung und Begründung"), max_length=2000, blank=True)
    reduction = models.CharField(
        _("Gewählte Rechtsfolge"),
        max_length=200,
        blank=True,
        # xgettext:no-python-format
        help_text=_("z. B. „keine“ oder „30 % für einen Monat“"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("Pflichtverletzung")
        verbose_name_plural = _("Pflichtverletzungen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"
