"""Online applications: the first application (Erstantrag) as a draft, its submission and processing.

The answers live in ``Application.data`` (one entry per form step, as the person typed them), so
a draft keeps everything, also what does not validate yet. Once submitted, ``data`` is frozen.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.models import Case, Document
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class Kind(models.TextChoices):
    FIRST = "first", _("Erstantrag auf Bürgergeld")
    CONTINUATION = "continuation", _("Weiterbewilligungsantrag")
    CHANGE = "change", _("Veränderungsmitteilung")


class Topic(models.TextChoices):
    """What a change notification (Veränderungsmitteilung) is about."""

    JOB = "job", _("Neue Arbeit oder anderes Einkommen")
    HOUSING = "housing", _("Umzug oder neue Miete")
    HOUSEHOLD = "household", _("Jemand zieht ein oder aus")
    BANK = "bank", _("Neue Bankverbindung")
    HEALTH = "health", _("Krankenversicherung geändert")
    ABSENCE = "absence", _("Ortsabwesenheit (Reise, Besuch)")
    SICK_NOTE = "sick_note", _("Arbeitsunfähigkeitsbescheinigung")


# Changing where the money goes or where one lives is sent only at the BundID level "substanziell"
# (or after a local sign-in confirmed with the second factor), as on the Bundesagentur's portal.
SUBSTANTIAL_TOPICS = frozenset({Topic.BANK.value, Topic.HOUSING.value})


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("Eingegangen")
    ASSIGNED = "assigned", _("Zugewiesen")
    IN_REVIEW = "in_review", _("In Bearbeitung")
    DOCUMENTS_REQUESTED = "documents_requested", _("Unterlagen angefordert")
    DOCUMENTS_RECEIVED = "documents_received", _("Unterlagen eingegangen")
    DECIDED = "decided", _("Entschieden")
    DECISION_SENT = "decision_sent", _("Bescheid versandt")


class Decision(models.TextChoices):
    APPROVED = "approved", _("bewilligt")
    PARTLY_APPROVED = "partly_approved", _("teilweise bewilligt")
    REJECTED = "rejected", _("abgelehnt")


class Application(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices, default=Kind.FIRST)
    topic = models.CharField(_("Thema"), max_length=16, choices=Topic.choices, blank=True)
    # A continuation application starts from what the Jobcenter knows: this approved application.
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("Stand"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    decision = models.CharField(_("Entscheidung"), max_length=16, choices=Decision.choices, blank=True)
    decision_note = models.CharField(_("Begründung"), max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    current_step = models.CharField(max_length=24, blank=True)
    reference = models.CharField(_("Aktenzeichen"), max_length=24, blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(_("eingegangen am"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("zuständig"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        constraints = [
            # One draft per person, kind and topic: resuming always finds the same draft.
            models.UniqueConstraint(
                fields=["applicant", "kind", "topic"], condition=models.Q(status="draft"), name="application_one_draft"
            ),
        ]
        indexes = [models.Index(fields=["jobcenter", "status"], name="application_status")]

    def __str__(self) -> str:
        return self.reference or str(_("Antrag %(pk)s") % {"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def decision_text(self) -> str:
        """An absence request is agreed to or refused; everything else approved or rejected."""
        if self.topic == Topic.ABSENCE and self.decision:
            return str(_("zugestimmt") if self.decision == Decision.APPROVED else _("abgelehnt"))
        return str(self.get_decision_display())

    @property
    def title(self) -> str:
        """What the citizen calls it: the kind, and for a change notification its topic."""
        if self.kind == Kind.CHANGE and self.topic:
            return f"{self.get_kind_display()}: {self.get_topic_display()}"
        return str(self.get_kind_display())


class Event(models.Model):
    """One step in an application's history (shown as the timeline of the status page)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=24, choices=Status.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.status}"


class DocumentRequest(models.Model):
    """Staff ask for a proof by a date; the citizen uploads into this request."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="requests")
    title = models.CharField(_("Welche Unterlage?"), max_length=200)
    category = models.CharField(max_length=16, default="other")
    due_date = models.DateField(_("bis wann?"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    # Set once by the reminder task (a conditional update): never twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reported_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A proof handed in with an application.

    With a case it points to the case file's document. Without a case yet the encrypted bytes are
    kept here (``storage_name``) until ``services.attachments.hand_over`` moves them into the case.
    """

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    proof = models.CharField(max_length=40, blank=True)
    request = models.ForeignKey(
        DocumentRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=16)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    storage_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    storage_name = models.CharField(max_length=200, blank=True)
    key_id = models.CharField(max_length=32, blank=True)
    original_name = models.CharField(max_length=140)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    scanned = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def binding(self) -> str:
        return f"applications.attachment:{self.storage_id}"


class ApprovalPeriod(models.Model):
    """A Bewilligungszeitraum: from which day to which day benefits are approved for a household.

    Recorded with an approving decision (usually 12 months, 6 with fluctuating income). Eight weeks
    before ``end`` the applicant is invited to the continuation application (``invited_at``, set once).
    """

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("Bewilligt vom"))
    end = models.DateField(_("Bewilligt bis"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-end", "-pk"]
        verbose_name = _("Bewilligungszeitraum")
        verbose_name_plural = _("Bewilligungszeiträume")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="approval_period_order"),
        ]
        indexes = [models.Index(fields=["jobcenter", "end"], name="approval_period_end")]

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"
