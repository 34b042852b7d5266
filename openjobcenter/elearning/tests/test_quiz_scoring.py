"""Scoring: a question is right only with exactly the right answers; the pass mark decides; completion once."""

from __future__ import annotations

from openjobcenter.audit.models import AuditEntry
from openjobcenter.elearning.models import Completion, QuizAttempt
from openjobcenter.elearning.services.progress import questions_of, score, submit_quiz

from .conftest import right_answers, wrong_answers


def test_all_right_scores_full_marks(application):
    result = score(questions_of(application), right_answers(application))
    assert (result.right, result.total, result.percent) == (5, 5, 100)


def test_multiple_choice_counts_only_with_all_right_answers_and_no_wrong_one(application):
    answers = right_answers(application)
    answers["unterlagen"] = ["a"]  # one of two right answers
    assert score(questions_of(application), answers).right == 4
    answers["unterlagen"] = ["a", "b", "c"]  # both right ones and a wrong one
    assert score(questions_of(application), answers).right == 4


def test_missing_answers_count_as_wrong(application):
    assert score(questions_of(application), {}).right == 0


def test_four_of_five_passes_at_80_percent_and_three_does_not(demo, aylin, application):
    answers = right_answers(application)
    answers["laenge"] = ["a"]
    attempt = submit_quiz(aylin, demo, application, answers)
    assert (attempt.score, attempt.percent, attempt.passed) == (4, 80, True)
    answers["foto"] = ["a"]
    attempt = submit_quiz(aylin, demo, application, answers)
    assert (attempt.score, attempt.percent, attempt.passed) == (3, 60, False)


def test_the_first_pass_completes_the_module_once_and_a_later_fail_keeps_it(demo, aylin, application):
    submit_quiz(aylin, demo, application, wrong_answers(application))
    assert not Completion.objects.for_tenant(demo).filter(person=aylin).exists()
    submit_quiz(aylin, demo, application, right_answers(application))
    submit_quiz(aylin, demo, application, right_answers(application))
    submit_quiz(aylin, demo, application, wrong_answers(application))
    completion = Completion.objects.for_tenant(demo).get(person=aylin, module=application)
    assert completion.percent == 100 and completion.number.startswith("EL-")
    assert QuizAttempt.objects.for_tenant(demo).filter(person=aylin).count() == 4
    assert (
        AuditEntry.objects.for_tenant(demo).filter(action="elearning.module_completed", subject_id=aylin.pk).count()
        == 1
    )
