"""The demo data: an accepted interview, an approved § 16i subsidy with payments and a target; loading
twice adds nothing."""

from __future__ import annotations

import pytest

from openjobcenter.core.demo import load_demo
from openjobcenter.employerservice.models import (
    EmployerShareRate,
    Interview,
    InterviewStatus,
    SubsidyApplication,
    SubsidyStatus,
    Target,
)

pytestmark = pytest.mark.django_db


def test_the_demo_shows_an_interview_a_subsidy_and_a_target_once():
    load_demo()
    load_demo()
    assert Interview.all_tenants.get().status == InterviewStatus.ACCEPTED
    application = SubsidyApplication.all_tenants.get()
    assert application.status == SubsidyStatus.APPROVED and application.payments.count() == 60
    assert Target.all_tenants.get().count == 400
    # One example share figure, labelled as such, covering only the first months of the schedule.
    figure = EmployerShareRate.objects.get()
    assert "Beispielwert der Demo, kein amtlicher Wert" in figure.source_note
    payments = list(application.payments.all())
    assert payments[0].share_source == figure.source_note and payments[0].share_amount > 0
    assert payments[-1].share_missing and "employer_share" in application.facts["confirmed"]
