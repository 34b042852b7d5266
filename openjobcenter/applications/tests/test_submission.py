"""Submitting is idempotent: a second click or a repeated request never makes two applications."""

from __future__ import annotations

import uuid

import pytest

from openjobcenter.applications.models import Application, Event, Status
from openjobcenter.applications.services.drafts import start_draft
from openjobcenter.applications.services.submission import AlreadySubmitted, NotReady, submit

pytestmark = pytest.mark.django_db


def test_the_same_key_twice_gives_the_same_application(aylin, draft):
    key = uuid.uuid4()
    first = submit(draft, actor=aylin, key=key)
    second = submit(draft, actor=aylin, key=key)
    assert first.pk == second.pk and first.submitted_at == second.submitted_at
    assert Application.objects.for_tenant(aylin.jobcenter).exclude(status=Status.DRAFT).count() == 1
    assert Event.objects.filter(application=first, status=Status.SUBMITTED).count() == 1


def test_another_key_for_a_submitted_application_is_refused(aylin, draft):
    submit(draft, actor=aylin, key=uuid.uuid4())
    with pytest.raises(AlreadySubmitted):
        submit(draft, actor=aylin, key=uuid.uuid4())


def test_an_incomplete_draft_names_its_missing_steps(aylin, demo, case):
    with pytest.raises(NotReady) as refused:
        submit(start_draft(aylin, demo), actor=aylin, key=uuid.uuid4())
    assert {step.slug for step in refused.value.steps} == {
        "applicant",
        "household",
        "housing",
        "income",
        "assets",
        "health",
        "bank",
        "previous",
    }


def test_after_submitting_a_new_draft_can_start(aylin, demo, draft):
    submit(draft, actor=aylin, key=uuid.uuid4())
    assert start_draft(aylin, demo).pk != draft.pk
