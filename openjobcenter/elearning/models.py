"""Built-in eLearning: modules with lessons and a quiz, progress per person, consent to share completion.

Content (``Module``, ``Lesson``, ``Question``, ``Choice``) is synced from the data files under
``elearning/content/`` (see ``services/content.py``). A module with ``jobcenter = None`` ships with
the product and is offered in every Jobcenter; a module with a Jobcenter is that Jobcenter's own.
Texts are stored per language as a JSON map (``{"de": "…", "en": "…"}``).

Everything a person does (progress, attempts, completions, consent) and every uploaded video is
tenant-owned: ``jobcenter`` foreign key and ``TenantManager``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter
from openjobcenter.core.tenancy import TenantManager

FALLBACK_LANGUAGE = "de"


def localised(texts: dict[str, Any] | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), German when that one is missing."""
    texts = texts or {}
    language = (language or translation.get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return str(texts.get(language) or texts.get(FALLBACK_LANGUAGE) or "")


class ModuleQuerySet(models.QuerySet["Module"]):
    def offered_in(self, jobcenter: Jobcenter | int) -> ModuleQuerySet:
        """The built-in modules and the Jobcenter's own ones, never another Jobcenter's."""
        return self.filter(Q(jobcenter__isnull=True) | Q(jobcenter=jobcenter), is_active=True)


class Module(models.Model):
    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Jobcenter")
    )
    slug = models.SlugField(_("Kennung"), max_length=64)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    title = models.JSONField(_("Titel"), default=dict)
    summary = models.JSONField(_("Kurzbeschreibung"), default=dict)
    image = models.CharField(_("Bild"), max_length=100, blank=True)
    image_alt = models.JSONField(_("Bildbeschreibung"), default=dict)
    minutes = models.PositiveSmallIntegerField(_("Dauer in Minuten"), default=15)
    pass_mark = models.PositiveSmallIntegerField(_("Bestehensgrenze in Prozent"), default=80)
    is_active = models.BooleanField(_("angeboten"), default=True)
    content_hash = models.CharField(max_length=64, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("Lernmodul")
        verbose_name_plural = _("Lernmodule")
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "slug"], name="elearning_module_unique_slug"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(jobcenter__isnull=True), name="elearning_builtin_unique_slug"
            ),
        ]
        permissions = [
            ("take_module", _("Lernmodule bearbeiten")),
            ("manage_modules", _("Lernmodule verwalten")),
        ]

    def __str__(self) -> str:
        return self.localised_title()

    def localised_title(self, language: str | None = None) -> str:
        return localised(self.title, language) or self.slug

    def localised_summary(self) -> str:
        return localised(self.summary)

    def localised_image_alt(self) -> str:
        return localised(self.image_alt)


class Lesson(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    key = models.SlugField(max_length=64)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.JSONField(default=dict)
    body = models.JSONField(default=dict)  # Markdown subset per language, see services/markup.py
    image = models.CharField(max_length=100, blank=True)
    image_alt = models.JSONField(default=dict)

    class Meta:
        ordering = ["module", "position"]
        verbose_name = _("Lektion")
        verbose_name_plural = _("Lektionen")
        constraints = [models.UniqueConstraint(fields=["module", "key"], name="elearning_lesson_unique_key")]

    def __str__(self) -> str:
        return localised(self.title) or self.key

    def localised_title(self) -> str:
        return localised(self.title) or self.key

    def localised_body(self) -> str:
        return localised(self.body)

    def localised_image_alt(self) -> str:
        return localised(self.image_alt)


class Question(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=64)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.JSONField(default=dict)
    multiple = models.BooleanField(default=False)  # several answers may be right: check boxes

    class Meta:
        ordering = ["module", "position"]
        constraints = [models.UniqueConstraint(fields=["module", "key"], name="elearning_question_unique_key")]

    def __str__(self) -> str:
        return localised(self.text) or self.key

    def localised_text(self) -> str:
        return localised(self.text)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(max_length=64)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.JSONField(default=dict)
    feedback = models.JSONField(default=dict)
    correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="elearning_choice_unique_key")]

    def __str__(self) -> str:
        return localised(self.text) or self.key

    def localised_text(self) -> str:
        return localised(self.text)

    def localised_feedback(self) -> str:
        return localised(self.feedback)


class LessonVideo(models.Model):
    """A video a Jobcenter admin uploaded for a lesson; served by the portal itself (with ranges)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="videos")
    file_name = models.CharField(max_length=200)  # path in the default storage
    original_name = models.CharField(_("Dateiname"), max_length=120)
    content_type = models.CharField(max_length=20)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        verbose_name = _("Lernvideo")
        verbose_name_plural = _("Lernvideos")
        constraints = [models.UniqueConstraint(fields=["jobcenter", "lesson"], name="elearning_video_one_per_lesson")]

    def __str__(self) -> str:
        return self.original_name


class LessonProgress(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    visited_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "lesson"], name="elearning_progress_unique")]

    def __str__(self) -> str:
        return f"{self.person_id}/{self.lesson_id}"


class QuizAttempt(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)  # question key -> list of chosen choice keys
    score = models.PositiveSmallIntegerField(default=0)
    max_score = models.PositiveSmallIntegerField(default=0)
    percent = models.PositiveSmallIntegerField(default=0)
    passed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "module", "-created_at"], name="elearning_attempt_person")]

    def __str__(self) -> str:
        return f"{self.module_id}: {self.score}/{self.max_score}"


class Completion(models.Model):
    """A module finished: every lesson read and the quiz passed. Kept when later attempts fail."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()
    percent = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=32)  # printed on the certificate

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-completed_at"]
        constraints = [models.UniqueConstraint(fields=["person", "module"], name="elearning_completion_unique")]

    def __str__(self) -> str:
        return self.number


class SharingConsent(models.Model):
    """The person agrees that their advisor sees completion: of one module, or of all (``module`` empty).

    Revoking deletes the row; the audit trail keeps when it was given and taken back.
    """

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "module"], name="elearning_consent_unique"),
            models.UniqueConstraint(
                fields=["person"], condition=Q(module__isnull=True), name="elearning_consent_unique_global"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}/{self.module_id or '*'}"
