"""Module content from data files, synced into the database.

A module is a folder ``<slug>/`` holding ``module.yaml`` (structure: lessons, questions, which
answers are right, pictures, pass mark) and one ``<language>.yaml`` per language with the texts,
keyed exactly like the structure. The built-in modules live in ``elearning/content/`` and are
synced after every ``migrate`` (``apps.py``) and by ``manage.py sync_elearning``; a Jobcenter adds
its own with ``manage.py sync_elearning --jobcenter SLUG PATH``.

A module is synced only when its files changed (hash), so running it often costs nothing.
Progress stays: lessons, questions and answers are matched by their keys.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openjobcenter.core.models import Jobcenter
from openjobcenter.elearning.models import Choice, Lesson, Module, Question

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
STRUCTURE_FILE = "module.yaml"


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class ContentError(ValueError):
    """A module's files are incomplete or contradict each other (message names file and key)."""


@dataclass(frozen=True)
class ChoiceContent:
    key: str
    correct: bool
    text: dict[str, str]
    feedback: dict[str, str]


@dataclass(frozen=True)
class QuestionContent:
    key: str
    multiple: bool
    text: dict[str, str]
    choices: list[ChoiceContent]


@dataclass(frozen=True)
class LessonContent:
    key: str
    image: str
    title: dict[str, str]
    body: dict[str, str]
    image_alt: dict[str, str]


@dataclass(frozen=True)
class ModuleContent:
    slug: str
    position: int
    minutes: int
    pass_mark: int
    image: str
    title: dict[str, str]
    summary: dict[str, str]
    image_alt: dict[str, str]
    lessons: list[LessonContent] = field(default_factory=list)
    questions: list[QuestionContent] = field(default_factory=list)
    content_hash: str = ""


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{path}: missing") from None
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: {error}") from None
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping")
    return data


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' is missing or empty")
    return value.strip()


def _keys(items: Any, where: str) -> dict[str, Any]:
    if not isinstance(items, dict):
        raise ContentError(f"{where}: expected a mapping")
    return items


def load_module(folder: Path) -> ModuleContent:
    """Read and check one module folder: every language has every text, nothing more."""
    structure = _read_yaml(folder / STRUCTURE_FILE)
    texts = {lang: _read_yaml(folder / f"{lang}.yaml") for lang in languages()}
    digest = hashlib.sha256()
    for name in [STRUCTURE_FILE, *(f"{lang}.yaml" for lang in languages())]:
        digest.update((folder / name).read_bytes())

    def per_language(path: list[str], key: str) -> dict[str, str]:
        result = {}
        for lang, data in texts.items():
            node: Any = data
            where = f"{folder.name}/{lang}.yaml"
            for step in path:
                node = _keys(node, f"{where}: {'.'.join(path)}").get(step)
                where = f"{where}: {step}"
                if node is None:
                    raise ContentError(f"{where} is missing")
            result[lang] = _text(node, key, where)
        return result

    lessons = []
    for lesson in structure.get("lessons") or []:
        key = str(lesson["key"])
        lessons.append(
            LessonContent(
                key=key,
                image=str(lesson.get("image") or ""),
                title=per_language(["lessons", key], "title"),
                body=per_language(["lessons", key], "body"),
                image_alt=per_language(["lessons", key], "image_alt") if lesson.get("image") else {},
            )
        )
    questions = []
    for question in structure.get("questions") or []:
        key = str(question["key"])
        choices = [
            ChoiceContent(
                key=str(choice["key"]),
                correct=bool(choice.get("correct")),
                text=per_language(["questions", key, "choices", str(choice["key"])], "text"),
                feedback=per_language(["questions", key, "choices", str(choice["key"])], "feedback"),
            )
            for choice in question.get("choices") or []
        ]
        multiple = bool(question.get("multiple"))
        right = sum(choice.correct for choice in choices)
        if len(choices) < 2 or right < 1 or (not multiple and right != 1):
            raise ContentError(f"{folder.name}: question '{key}' needs 2+ answers and exactly one right one")
        questions.append(
            QuestionContent(key=key, multiple=multiple, text=per_language(["questions", key], "text"), choices=choices)
        )
    _no_extra_keys(folder, texts, structure)
    return ModuleContent(
        slug=str(structure["slug"]),
        position=int(structure.get("position", 0)),
        minutes=int(structure.get("minutes", 15)),
        pass_mark=int(structure.get("pass_mark", 80)),
        image=str(structure.get("image") or ""),
        title=per_language([], "title"),
        summary=per_language([], "summary"),
        image_alt=per_language([], "image_alt") if structure.get("image") else {},
        lessons=lessons,
        questions=questions,
        content_hash=digest.hexdigest(),
    )


def _no_extra_keys(folder: Path, texts: dict[str, dict[str, Any]], structure: dict[str, Any]) -> None:
    """A lesson or question in a translation that the structure does not know is a mistake too."""
    lesson_keys = {str(item["key"]) for item in structure.get("lessons") or []}
    question_keys = {str(item["key"]) for item in structure.get("questions") or []}
    for lang, data in texts.items():
        extra = set(_keys(data.get("lessons") or {}, lang)) - lesson_keys
        extra |= set(_keys(data.get("questions") or {}, lang)) - question_keys
        if extra:
            raise ContentError(f"{folder.name}/{lang}.yaml: unknown keys {sorted(extra)}")


def builtin_folders() -> list[Path]:
    return sorted(path for path in CONTENT_DIR.iterdir() if (path / STRUCTURE_FILE).is_file())


@cache
def builtin_modules() -> tuple[ModuleContent, ...]:
    """Parsed once per process: syncing after each test database flush must stay cheap."""
    return tuple(load_module(folder) for folder in builtin_folders())


def sync_builtin() -> int:
    """Bring the built-in modules in the database up to date; returns how many changed."""
    changed = sum(sync_module(content, jobcenter=None) for content in builtin_modules())
    shipped = {content.slug for content in builtin_modules()}
    Module.objects.filter(jobcenter__isnull=True).exclude(slug__in=shipped).update(is_active=False)
    return changed


@transaction.atomic
def sync_module(content: ModuleContent, *, jobcenter: Jobcenter | None) -> bool:
    module = Module.objects.filter(jobcenter=jobcenter, slug=content.slug).first()
    if module is not None and module.content_hash == content.content_hash and module.is_active:
        return False
    module = module or Module(jobcenter=jobcenter, slug=content.slug)
    module.position, module.minutes, module.pass_mark = content.position, content.minutes, content.pass_mark
    module.title, module.summary = content.title, content.summary
    module.image, module.image_alt = content.image, content.image_alt
    module.is_active, module.content_hash, module.synced_at = True, content.content_hash, timezone.now()
    module.save()
    _sync_lessons(module, content.lessons)
    _sync_questions(module, content.questions)
    return True


def _sync_lessons(module: Module, lessons: list[LessonContent]) -> None:
    existing = {lesson.key: lesson for lesson in module.lessons.all()}
    for position, item in enumerate(lessons, start=1):
        lesson = existing.pop(item.key, None) or Lesson(module=module, key=item.key)
        lesson.position, lesson.title, lesson.body = position, item.title, item.body
        lesson.image, lesson.image_alt = item.image, item.image_alt
        lesson.save()
    Lesson.objects.filter(pk__in=[lesson.pk for lesson in existing.values()]).delete()


def _sync_questions(module: Module, questions: list[QuestionContent]) -> None:
    existing = {question.key: question for question in module.questions.all()}
    for position, item in enumerate(questions, start=1):
        question = existing.pop(item.key, None) or Question(module=module, key=item.key)
        question.position, question.text, question.multiple = position, item.text, item.multiple
        question.save()
        choices = {choice.key: choice for choice in question.choices.all()}
        for choice_position, choice_item in enumerate(item.choices, start=1):
            choice = choices.pop(choice_item.key, None) or Choice(question=question, key=choice_item.key)
            choice.position, choice.text, choice.feedback = choice_position, choice_item.text, choice_item.feedback
            choice.correct = choice_item.correct
            choice.save()
        Choice.objects.filter(pk__in=[choice.pk for choice in choices.values()]).delete()
    Question.objects.filter(pk__in=[question.pk for question in existing.values()]).delete()
