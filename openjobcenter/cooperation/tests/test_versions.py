"""Drafts, publication and versions: a published version never changes; a change is a new version."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from openjobcenter.audit.models import AuditEntry
from openjobcenter.cooperation.models import FrozenVersion, Owner, Status, Version
from openjobcenter.cooperation.services.compare import compare
from openjobcenter.cooperation.services.plans import PlanError, StepData, current_version, publish, save_draft

from .conftest import GOALS


def test_publishing_freezes_the_version_and_a_change_makes_a_new_draft(published, case, aylin, bernd):
    assert published.status == Status.PUBLISHED and published.number == 1
    assert published.published_by == bernd and published.published_at is not None
    keys = [s.key for s in published.steps.all()]
    draft = save_draft(
        actor=bernd, case=case, person=aylin, goals="Neues Ziel", support="", review_date=None,
        steps=[StepData("Vier Bewerbungen im Monat schreiben", Owner.CITIZEN, key=keys[0], done=True)],
    )  # fmt: skip
    assert draft.number == 2 and draft.status == Status.DRAFT
    published.refresh_from_db()
    assert published.goals == GOALS and published.steps.count() == 2
    assert current_version(published.plan) == published  # the draft is not in force yet

    changes = compare(published, draft)
    assert next(label for label, _before, _after in changes.fields) == "Ziele"
    assert [s.text for s in changes.removed] == ["Bewerbungscoaching buchen"]
    assert [after.done for _before, after in changes.changed] == [True]

    publish(actor=bernd, draft=draft)
    assert getattr(current_version(published.plan), "number", None) == 2


def test_a_published_version_cannot_be_changed_even_by_save(published):
    published.goals = "heimlich geändert"
    with pytest.raises(FrozenVersion):
        published.save()
    published.refresh_from_db()
    assert published.goals == GOALS


def test_publishing_twice_is_refused(published, bernd):
    with pytest.raises(PlanError):
        publish(actor=bernd, draft=published)


def test_a_second_draft_cannot_exist(published, case, aylin, bernd):
    save_draft(actor=bernd, case=case, person=aylin, goals="x", support="", review_date=None, steps=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.create_for_tenant(case.jobcenter, plan=published.plan, number=9, goals="y")


def test_the_review_date_defaults_to_six_months_after_publication(case, aylin, bernd):
    draft = save_draft(actor=bernd, case=case, person=aylin, goals="x", support="", review_date=None, steps=[])
    version = publish(actor=bernd, draft=draft)
    assert version.review_date is not None and version.published_at is not None
    today = version.published_at.date()
    assert 181 <= (version.review_date - today).days <= 184


def test_a_person_outside_the_household_gets_no_plan(case, david, bernd):
    with pytest.raises(PlanError):
        save_draft(actor=bernd, case=case, person=david, goals="x", support="", review_date=None, steps=[])


def test_changes_are_audited(published):
    actions = set(AuditEntry.objects.for_tenant(published.jobcenter).values_list("action", flat=True))
    assert {"cooperation.draft_saved", "cooperation.plan_published"} <= actions


def test_the_citizen_is_told_about_a_published_plan_without_its_content(published, aylin):
    from openjobcenter.notifications.models import OutboxMessage

    mail = OutboxMessage.objects.get(recipient=aylin)
    assert "Kooperationsplan" in mail.subject and GOALS not in mail.text_body
