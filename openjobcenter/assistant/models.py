"""The assistant's knowledge: topics with versions (draft → reviewed → published), and feedback.

A topic without a Jobcenter is shipped with OpenJobcenter (``knowledge/<id>.json``, loaded by
``manage.py load_assistant_knowledge``). A Jobcenter can add its own topics and publish its own
version of a shipped topic: for that Jobcenter, its own published version wins.
The assistant uses the newest published version of every active topic. Feedback is stored as topic,
score, language and date only — never the question.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.i18n import translated
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager


class Topic(models.Model):
    jobcenter = models.ForeignKey(
        Jobcenter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leer bei Themen, die mit OpenJobcenter ausgeliefert werden."),
    )
    key = models.SlugField(_("Kennung"), max_length=60)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["key", "id"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(jobcenter__isnull=True), name="assistant_shipped_key"),
            models.UniqueConstraint(fields=["jobcenter", "key"], name="assistant_jobcenter_key"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def is_shipped(self) -> bool:
        return self.jobcenter_id is None


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    REVIEWED = "reviewed", _("geprüft")
    PUBLISHED = "published", _("veröffentlicht")


class TopicVersion(models.Model):
    """One version of a topic's content. ``jobcenter`` says whose version it is (empty = shipped)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="versions")
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    number = models.PositiveIntegerField(_("Version"))
    status = models.CharField(_("Status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    title = models.JSONField(_("Titel"), default=dict, help_text=_("Ein Text je Sprache."))
    answer = models.JSONField(_("Antwort"), default=dict, help_text=_("Ein Text je Sprache."))
    examples = models.JSONField(_("Beispielfragen"), default=dict, help_text=_("Eine Liste je Sprache."))
    sources = models.JSONField(_("Quellen"), default=list, blank=True)
    actions = models.JSONField(_("Aktionen"), default=list, blank=True)
    reviewed_on = models.DateField(_("geprüft am"), null=True, blank=True)
    change_note = models.CharField(_("Änderungshinweis"), max_length=300, blank=True)
    review_note = models.CharField(
        _("Hinweis der Prüfung"),
        max_length=500,
        blank=True,
        help_text=_("Warum die Fassung zurück an den Entwurf ging."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("geprüft um"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("veröffentlicht um"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["topic", "-number"]
        verbose_name = _("Themenversion")
        verbose_name_plural = _("Themenversionen")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "number"], condition=Q(jobcenter__isnull=True), name="assistant_shipped_version"
            ),
            models.UniqueConstraint(fields=["topic", "jobcenter", "number"], name="assistant_version_number"),
        ]
        indexes = [models.Index(fields=["status", "jobcenter"], name="assistant_version_status")]

    def __str__(self) -> str:
        return f"{self.topic.key} v{self.number} ({self.status})"

    def title_text(self, language: str | None = None) -> str:
        return translated(self.title, language)


class Feedback(models.Model):
    """ "Helpful?" — the topic's key, +1 or −1, the language and the day. Nothing else."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    topic_key = models.CharField(_("Thema"), max_length=60)
    score = models.SmallIntegerField(_("Bewertung"), choices=[(1, "+1"), (-1, "−1")])
    language = models.CharField(_("Sprache"), max_length=8)
    date = models.DateField(_("Tag"))

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Rückmeldungen")
        constraints = [models.CheckConstraint(condition=Q(score__in=[1, -1]), name="assistant_feedback_score")]

    def __str__(self) -> str:
        return f"{self.topic_key} {self.score:+d} ({self.language}, {self.date})"


class Outcome(models.TextChoices):
    """What the assistant did with a question (the reply's ``reason``)."""

    ANSWER = "answer", _("beantwortet")
    SUGGEST = "suggest", _("Vorschläge angeboten")
    OWN_CASE = "own_case", _("an Beratung verwiesen (eigener Fall)")
    OUT_OF_SCOPE = "out_of_scope", _("nicht zuständig")
    UNSURE = "unsure", _("nicht beantwortet")


class QuestionCount(models.Model):
    """How many questions got which outcome, per Jobcenter, day, language and topic — an aggregate
    only, never the question."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("Tag"))
    language = models.CharField(_("Sprache"), max_length=8)
    outcome = models.CharField(_("Ergebnis"), max_length=16, choices=Outcome.choices)
    topic_key = models.CharField(_("Thema"), max_length=60, blank=True)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Fragenzählung")
        verbose_name_plural = _("Fragenzählungen")
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "date", "language", "outcome", "topic_key"], name="assistant_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.language} {self.outcome} {self.topic_key}: {self.count}"


class RetainedQuestion(models.Model):
    """A redacted question kept for a short, configurable time so that staff can improve the knowledge
    base. Off by default; deleted by the worker when ``expires_at`` has passed."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("Frage (geschwärzt)"))
    language = models.CharField(_("Sprache"), max_length=8)
    outcome = models.CharField(_("Ergebnis"), max_length=16, choices=Outcome.choices)
    topic_key = models.CharField(_("Thema"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("wird gelöscht am"), db_index=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("gespeicherte Frage")
        verbose_name_plural = _("gespeicherte Fragen")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.outcome}"
