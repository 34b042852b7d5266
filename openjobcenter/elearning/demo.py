"""Demo data of elearning for ``load_demo``.

Aylin has finished "Sicher im Internet" (quiz passed, shared with her advisor) and read the first
lesson of "Bewerbung schreiben"; Oleksandr has opened the first lesson of "Videoberatung nutzen".
Idempotent: nothing is added while Aylin has progress. Everything goes through the real services.
"""

from __future__ import annotations

from django.db import transaction

from openjobcenter.accounts.models import User
from openjobcenter.core.models import Jobcenter
from openjobcenter.elearning.models import LessonProgress, Module
from openjobcenter.elearning.services import progress, sharing
from openjobcenter.elearning.services.content import sync_builtin

AYLIN = "kundin@demo.example"
OLEKSANDR = "kunde@demo.example"


def _right_answers(module: Module) -> dict[str, list[str]]:
    return {
        question.key: [choice.key for choice in question.choices.all() if choice.correct]
        for question in progress.questions_of(module)
    }


@transaction.atomic
def load_demo_elearning() -> dict[str, int]:
    sync_builtin()
    jobcenter = Jobcenter.objects.get(slug="demo")
    aylin = User.objects.get(email=AYLIN)
    if LessonProgress.objects.for_tenant(jobcenter).filter(person=aylin).exists():
        return {"elearning_completions": 0}
    safety = Module.objects.get(jobcenter=None, slug="sicher-im-internet")
    for lesson in safety.lessons.all():
        progress.complete_lesson(aylin, jobcenter, lesson)
    progress.submit_quiz(aylin, jobcenter, safety, _right_answers(safety))
    sharing.set_sharing(aylin, jobcenter, all_modules=True, modules=[])
    application = Module.objects.get(jobcenter=None, slug="bewerbung-schreiben")
    first = application.lessons.first()
    if first is not None:
        progress.complete_lesson(aylin, jobcenter, first)
    oleksandr = User.objects.filter(email=OLEKSANDR).first()
    video = Module.objects.get(jobcenter=None, slug="videoberatung-nutzen")
    video_first = video.lessons.first()
    if oleksandr is not None and video_first is not None:
        progress.visit_lesson(oleksandr, jobcenter, video_first)
    return {"elearning_completions": 1}
