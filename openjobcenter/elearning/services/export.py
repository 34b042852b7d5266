"""The person's eLearning data for their copy of their data (contract in ``casefile.services.export``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openjobcenter.elearning.models import Completion, LessonProgress, QuizAttempt, SharingConsent

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User


def export(user: User) -> dict[str, Any]:
    jobcenter = user.jobcenter_id
    if jobcenter is None:
        return {"lessons": [], "quiz_attempts": [], "completions": [], "sharing": []}
    lessons = LessonProgress.objects.for_tenant(jobcenter).filter(person=user).select_related("lesson__module")
    attempts = QuizAttempt.objects.for_tenant(jobcenter).filter(person=user).select_related("module")
    completions = Completion.objects.for_tenant(jobcenter).filter(person=user).select_related("module")
    sharing = SharingConsent.objects.for_tenant(jobcenter).filter(person=user).select_related("module")
    return {
        "lessons": [
            {
                "module": p.lesson.module.slug,
                "lesson": p.lesson.key,
                "visited_at": p.visited_at,
                "completed_at": p.completed_at,
            }
            for p in lessons
        ],
        "quiz_attempts": [
            {
                "module": a.module.slug,
                "at": a.created_at,
                "score": a.score,
                "max_score": a.max_score,
                "percent": a.percent,
                "passed": a.passed,
                "answers": a.answers,
            }
            for a in attempts
        ],
        "completions": [
            {"module": c.module.slug, "completed_at": c.completed_at, "percent": c.percent, "certificate": c.number}
            for c in completions
        ],
        "sharing": [{"module": s.module.slug if s.module else "*", "granted_at": s.granted_at} for s in sharing],
    }
