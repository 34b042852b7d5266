"""A person's way through the modules: lessons read, quiz attempts and their score, completion.

Passing the quiz completes the module (a ``Completion``, kept when a later attempt fails): that is
when the certificate can be downloaded. Lessons visited and finished are saved, so the module page
offers to go on where the person left off.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from openjobcenter.audit.services import log_change
from openjobcenter.elearning.models import Choice, Completion, Lesson, LessonProgress, Module, Question, QuizAttempt

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter


@dataclass(frozen=True)
class ModuleState:
    module: Module
    lessons: int
    lessons_done: int
    completion: Completion | None
    last_attempt: QuizAttempt | None

    @property
    def started(self) -> bool:
        return self.lessons_done > 0 or self.last_attempt is not None

    @property
    def percent_done(self) -> int:
        return round(100 * self.lessons_done / self.lessons) if self.lessons else 0


def module_states(person: User, jobcenter: Jobcenter) -> list[ModuleState]:
    """Every module offered in the Jobcenter with the person's progress: a fixed number of queries."""
    modules = list(Module.objects.offered_in(jobcenter))
    lesson_counts: dict[int, int] = {}
    for lesson in Lesson.objects.filter(module__in=modules).only("pk", "module_id"):
        lesson_counts[lesson.module_id] = lesson_counts.get(lesson.module_id, 0) + 1
    done: dict[int, int] = {}
    finished = LessonProgress.objects.for_tenant(jobcenter).filter(person=person, completed_at__isnull=False)
    for module_id in finished.values_list("lesson__module_id", flat=True):
        done[module_id] = done.get(module_id, 0) + 1
    completions = {c.module_id: c for c in Completion.objects.for_tenant(jobcenter).filter(person=person)}
    attempts: dict[int, QuizAttempt] = {}
    for attempt in QuizAttempt.objects.for_tenant(jobcenter).filter(person=person).order_by("created_at", "pk"):
        attempts[attempt.module_id] = attempt
    return [
        ModuleState(
            module=module,
            lessons=lesson_counts.get(module.pk, 0),
            lessons_done=done.get(module.pk, 0),
            completion=completions.get(module.pk),
            last_attempt=attempts.get(module.pk),
        )
        for module in modules
    ]


def module_state(person: User, jobcenter: Jobcenter, module: Module) -> ModuleState:
    lessons = module.lessons.count()
    done = (
        LessonProgress.objects.for_tenant(jobcenter)
        .filter(person=person, lesson__module=module, completed_at__isnull=False)
        .count()
    )
    return ModuleState(
        module=module,
        lessons=lessons,
        lessons_done=done,
        completion=completion_of(person, jobcenter, module),
        last_attempt=QuizAttempt.objects.for_tenant(jobcenter).filter(person=person, module=module).first(),
    )


def completion_of(person: User, jobcenter: Jobcenter, module: Module) -> Completion | None:
    return Completion.objects.for_tenant(jobcenter).filter(person=person, module=module).first()


def finished_lesson_ids(person: User, jobcenter: Jobcenter, module: Module) -> set[int]:
    return set(
        LessonProgress.objects.for_tenant(jobcenter)
        .filter(person=person, lesson__module=module, completed_at__isnull=False)
        .values_list("lesson_id", flat=True)
    )


def resume_lesson(person: User, jobcenter: Jobcenter, module: Module) -> Lesson | None:
    """Where to go on: the first lesson not finished yet; ``None`` when all are (then: the quiz)."""
    done = finished_lesson_ids(person, jobcenter, module)
    return next((lesson for lesson in module.lessons.all() if lesson.pk not in done), None)


def visit_lesson(person: User, jobcenter: Jobcenter, lesson: Lesson) -> LessonProgress:
    try:
        with transaction.atomic():
            progress, _created = LessonProgress.objects.for_tenant(jobcenter).get_or_create(
                person=person, lesson=lesson, defaults={"jobcenter": jobcenter}
            )
    except IntegrityError:  # the same page opened twice at once
        progress = LessonProgress.objects.for_tenant(jobcenter).get(person=person, lesson=lesson)
    return progress


def complete_lesson(person: User, jobcenter: Jobcenter, lesson: Lesson) -> None:
    visit_lesson(person, jobcenter, lesson)
    LessonProgress.objects.for_tenant(jobcenter).filter(person=person, lesson=lesson, completed_at__isnull=True).update(
        completed_at=timezone.now()
    )


# --- Quiz -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    right: int
    total: int

    @property
    def percent(self) -> int:
        return (100 * self.right) // self.total if self.total else 0


def is_right(question: Question, chosen: Sequence[str], choices: Sequence[Choice]) -> bool:
    """Right when exactly the right answers are chosen (for multiple choice: all of them, no others)."""
    return set(chosen) == {choice.key for choice in choices if choice.correct}


def score(questions: Sequence[Question], answers: Mapping[str, Sequence[str]]) -> Score:
    right = sum(is_right(q, answers.get(q.key, ()), list(q.choices.all())) for q in questions)
    return Score(right=right, total=len(questions))


def questions_of(module: Module) -> list[Question]:
    return list(module.questions.prefetch_related("choices"))


def submit_quiz(
    person: User,
    jobcenter: Jobcenter,
    module: Module,
    answers: Mapping[str, Sequence[str]],
    *,
    request: HttpRequest | None = None,
) -> QuizAttempt:
    """Save an attempt; the first passed one completes the module."""
    questions = questions_of(module)
    result = score(questions, answers)
    passed = result.percent >= module.pass_mark
    with transaction.atomic():
        attempt = QuizAttempt.objects.create_for_tenant(
            jobcenter,
            person=person,
            module=module,
            answers={key: sorted(value) for key, value in answers.items()},
            score=result.right,
            max_score=result.total,
            percent=result.percent,
            passed=passed,
        )
        if passed and completion_of(person, jobcenter, module) is None:
            _complete(person, jobcenter, module, attempt, request=request)
    return attempt


def _complete(
    person: User, jobcenter: Jobcenter, module: Module, attempt: QuizAttempt, *, request: HttpRequest | None
) -> None:
    try:
        with transaction.atomic():
            completion = Completion.objects.create_for_tenant(
                jobcenter,
                person=person,
                module=module,
                completed_at=attempt.created_at,
                percent=attempt.percent,
                number=f"EL-{timezone.localdate():%Y}-{secrets.token_hex(4).upper()}",
            )
    except IntegrityError:  # a parallel attempt completed it first
        return
    log_change(
        actor=person,
        jobcenter=jobcenter,
        action="elearning.module_completed",
        target=completion,
        subject=person,
        details={"module": module.slug, "percent": attempt.percent},
        request=request,
    )
