"""An approving decision records the approval period (Bewilligungszeitraum); staff enter it on the decision."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.applications.models import ApprovalPeriod, Decision, Status
from openjobcenter.applications.services import processing
from openjobcenter.applications.services.submission import submit
from openjobcenter.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 12, 1), dt.date(2027, 11, 30)


@pytest.fixture
def in_review(aylin, tanja, draft):
    app = submit(draft, actor=aylin, key=uuid.uuid4())
    return processing.start_review(processing.assign(app, actor=tanja, assignee=tanja), actor=tanja)


def url(name, **kwargs):
    return reverse(f"applications:{name}", kwargs={"jobcenter": "demo", **kwargs})


def test_an_approving_decision_records_the_period_for_the_household(aylin, tanja, in_review):
    app = processing.decide(in_review, actor=tanja, decision=Decision.APPROVED, period_start=START, period_end=END)
    period = ApprovalPeriod.objects.for_tenant(app.jobcenter).get()
    assert (period.person, period.case, period.application, period.start, period.end) == (
        aylin,
        app.case,
        app,
        START,
        END,
    )
    entry = AuditEntry.objects.for_tenant(app.jobcenter).get(action="applications.decide")
    assert entry.details["period_end"] == "2027-11-30"


def test_without_dates_the_period_is_twelve_months_from_the_first_of_the_month(tanja, in_review):
    app = processing.decide(in_review, actor=tanja, decision=Decision.APPROVED)
    period = app.periods.get()
    submitted = in_review.submitted_at.astimezone().date()
    assert period.start == submitted.replace(day=1)
    assert period.end == period.start.replace(year=period.start.year + 1) - dt.timedelta(days=1)


def test_a_rejection_records_no_period(tanja, in_review):
    processing.decide(in_review, actor=tanja, decision=Decision.REJECTED)
    assert not ApprovalPeriod.objects.for_tenant(in_review.jobcenter).exists()


def test_an_end_before_the_start_is_refused(tanja, in_review):
    with pytest.raises(processing.InvalidDecision):
        processing.decide(in_review, actor=tanja, decision=Decision.APPROVED, period_start=END, period_end=START)
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_staff_enter_the_period_on_the_decision_form(client, tanja, in_review):
    sign_in(client, tanja)
    page = client.get(url("staff_detail", pk=in_review.pk)).content.decode()
    assert 'name="period_start"' in page and 'name="period_end"' in page
    bad = client.post(url("staff_act", pk=in_review.pk),
                      {"action": "decide", "decision": "approved", "period_start": "01.12.2026",
                       "period_end": "31.02.2027"})  # fmt: skip
    assert bad.status_code == 400 and "Den 31. Februar 2027 gibt es nicht" in bad.content.decode()
    good = client.post(url("staff_act", pk=in_review.pk),
                       {"action": "decide", "decision": "approved", "period_start": "01.12.2026",
                        "period_end": "30.11.2027"})  # fmt: skip
    assert good.status_code == 302
    assert in_review.periods.get().end == END


def test_the_citizen_sees_the_period(client, aylin, tanja, in_review):
    processing.decide(in_review, actor=tanja, decision=Decision.APPROVED, period_start=START, period_end=END)
    sign_in(client, aylin)
    assert "30.11.2027" in client.get(url("status", pk=in_review.pk)).content.decode()
    assert "30.11.2027" in client.get(url("start")).content.decode()
