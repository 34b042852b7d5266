"""Deadline reminders: the continuation invitation eight weeks before the end, document requests; each once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.applications import tasks
from openjobcenter.applications.models import ApprovalPeriod, Kind
from openjobcenter.applications.services import processing
from openjobcenter.applications.services.drafts import start_continuation
from openjobcenter.applications.services.reminders import invite_continuations, remind_document_requests
from openjobcenter.applications.services.submission import submit
from openjobcenter.applications.tests.helpers import answer, submitted_and_approved
from openjobcenter.notifications.models import Notification, OutboxMessage

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 3, 10)
NOTHING_CHANGED = {slug: "no" for slug in ("applicant", "household", "housing", "income", "assets", "health", "bank")}


@pytest.fixture
def approved(aylin, tanja, draft):
    return submitted_and_approved(draft, aylin, tanja, start=dt.date(2026, 6, 1), end=TODAY + dt.timedelta(weeks=8))


def invitations(user):
    return OutboxMessage.objects.filter(template="applications_continuation_invitation", recipient=user)


def test_the_invitation_comes_exactly_eight_weeks_before_the_end(aylin, approved):
    assert invite_continuations(today=TODAY - dt.timedelta(days=1)) == 0
    assert not invitations(aylin).exists()
    assert invite_continuations(today=TODAY) == 1
    assert invitations(aylin).count() == 1
    assert (
        Notification.objects.for_tenant(approved.jobcenter)
        .filter(recipient=aylin, title__contains="Weiterbewilligung")
        .count()
        == 1
    )
    assert ApprovalPeriod.objects.for_tenant(approved.jobcenter).get().invited_at is not None


def test_nobody_is_invited_twice(aylin, approved):
    assert invite_continuations(today=TODAY) == 1
    assert invite_continuations(today=TODAY) == 0
    assert invite_continuations(today=TODAY + dt.timedelta(days=7)) == 0
    assert invitations(aylin).count() == 1


def test_an_ended_or_superseded_period_is_not_invited(aylin, tanja, approved):
    assert invite_continuations(today=TODAY + dt.timedelta(weeks=9)) == 0  # already over
    ApprovalPeriod.objects.create_for_tenant(
        approved.jobcenter, person=aylin, application=approved, start=TODAY, end=TODAY + dt.timedelta(days=365)
    )
    assert invite_continuations(today=TODAY) == 0  # a newer period supersedes it


def test_the_start_page_shows_the_card_from_eight_weeks_before_until_submitted(client, aylin, approved, monkeypatch):
    sign_in(client, aylin)
    start = reverse("applications:start", kwargs={"jobcenter": "demo"})
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY - dt.timedelta(days=1))
    assert 'data-field="continuation"' not in client.get(start).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    assert 'data-field="continuation"' in client.get(start).content.decode()
    draft = answer(start_continuation(aylin, approved.jobcenter), "changes", NOTHING_CHANGED)
    assert draft.kind == Kind.CONTINUATION
    submit(draft, actor=aylin, key=uuid.uuid4())
    assert 'data-field="continuation"' not in client.get(start).content.decode()


def test_document_requests_remind_three_days_before_once_and_staff_when_overdue(aylin, tanja, draft):
    app = submit(draft, actor=aylin, key=uuid.uuid4())
    app = processing.start_review(processing.assign(app, actor=tanja, assignee=tanja), actor=tanja)
    today = timezone.localdate()
    processing.request_documents(app, actor=tanja, title="Lohnabrechnung", category="income",
                                 due_date=today + dt.timedelta(days=4))  # fmt: skip
    assert remind_document_requests(today=today) == (0, 0)
    assert remind_document_requests(today=today + dt.timedelta(days=1)) == (1, 0)
    assert remind_document_requests(today=today + dt.timedelta(days=2)) == (0, 0)
    reminders = OutboxMessage.objects.filter(template="applications_document_reminder", recipient=aylin)
    assert reminders.count() == 1
    assert remind_document_requests(today=today + dt.timedelta(days=5)) == (0, 1)
    assert remind_document_requests(today=today + dt.timedelta(days=6)) == (0, 0)
    overdue = Notification.objects.for_tenant(app.jobcenter).filter(title__contains="Frist")
    assert list(overdue.values_list("recipient", flat=True)) == [tanja.pk]


def test_the_reminders_are_periodic_tasks():
    scheduled = {task for _seconds, task in tasks.PERIODIC}
    assert {tasks.continuation_invitations_task, tasks.document_request_reminders_task} <= scheduled


def test_tenants_are_kept_apart(aylin, nora, approved):
    assert invite_continuations(today=TODAY) == 1
    assert not OutboxMessage.objects.filter(recipient=nora).exists()
    assert not ApprovalPeriod.objects.for_tenant(nora.jobcenter).exists()


def test_the_attention_count_for_mein_bereich(aylin, nora, approved, monkeypatch):
    from openjobcenter.applications.services.reminders import citizen_attention_count

    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY - dt.timedelta(days=1))
    assert citizen_attention_count(aylin, approved.jobcenter) == 0
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    assert citizen_attention_count(aylin, approved.jobcenter) == 1
    assert citizen_attention_count(nora, nora.jobcenter) == 0


def test_mein_bereich_shows_the_count_on_the_applications_tile(client, aylin, approved, monkeypatch):
    from openjobcenter.accounts.tests.helpers import sign_in

    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    sign_in(client, aylin)
    page = client.get(f"/{approved.jobcenter.slug}/my/").content.decode()
    tile = page.split(">Anträge", 1)[1].split("</a>", 1)[0]
    assert "ojc-count-badge" in tile and "1 neu" in tile
