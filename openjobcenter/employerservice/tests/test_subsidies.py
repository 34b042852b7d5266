"""Wage subsidies: the employer applies, the employer service confirms the facts, decides, the
payments due are recorded and can be marked paid; the advisor sees it in the case file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openjobcenter.casefile.services.timeline import timeline
from openjobcenter.employerservice.models import SubsidyPayment, SubsidyStatus
from openjobcenter.employerservice.services import subsidies

pytestmark = pytest.mark.django_db


def apply_16i(anton, company, person, **fields):
    data = {"kind": "16i", "start_date": dt.date(2026, 8, 1), "hours_per_week": Decimal(30),
            "gross_wage": Decimal("1800.00"), "job_title": "Lagerhelferin", **fields}  # fmt: skip
    return subsidies.apply(actor=anton, employer=company, person=person, **data)


def test_an_application_for_someone_who_is_not_a_candidate_is_refused(company, anton, aylin):
    with pytest.raises(subsidies.SubsidyError):
        apply_16i(anton, company, aylin)


def test_bad_contract_dates_are_refused(company, anton, candidate):
    with pytest.raises(subsidies.SubsidyError) as refused:
        apply_16i(anton, company, candidate, contract_end=dt.date(2026, 7, 1))
    assert refused.value.field == "contract_end"


def test_approval_needs_every_condition_met_or_confirmed_and_then_records_the_payments(
    company, anton, candidate, sabine
):
    application = apply_16i(anton, company, candidate)
    assert {c["result"] for c in application.checks} == {"manual"}
    with pytest.raises(subsidies.SubsidyError, match="Voraussetzungen"):
        subsidies.decide(application, actor=sabine, approve=True)
    facts = {"birth_date": dt.date(1980, 5, 5), "benefit_years": 6,
             "confirmed": ["little_employment", "no_prior_16i", "employer_share"]}  # fmt: skip
    checks = subsidies.confirm_facts(application, actor=sabine, facts=facts)
    assert all(c.result == "met" for c in checks)
    subsidies.decide(application, actor=sabine, approve=True)
    application.refresh_from_db()
    assert application.status == SubsidyStatus.APPROVED and application.decided_by == sabine
    payments = list(SubsidyPayment.objects.for_tenant(application.jobcenter).filter(application=application))
    assert (
        len(payments) == 60 and payments[0].amount == Decimal("1800.00") and payments[-1].amount == Decimal("1260.00")
    )
    assert subsidies.mark_paid(payments[0], actor=sabine) is True
    assert subsidies.mark_paid(payments[0], actor=sabine) is False  # a second click changes nothing
    with pytest.raises(subsidies.SubsidyError):
        subsidies.decide(application, actor=sabine, approve=False, reason="zu spät gemerkt")


def test_a_refusal_needs_a_reason(company, anton, candidate, sabine):
    application = apply_16i(anton, company, candidate)
    with pytest.raises(subsidies.SubsidyError, match="begründen"):
        subsidies.decide(application, actor=sabine, approve=False, reason="nein")
    subsidies.decide(application, actor=sabine, approve=False, reason="Leistungsbezug zu kurz (4 Jahre)")
    application.refresh_from_db()
    assert application.status == SubsidyStatus.REFUSED and not application.payments.exists()


def test_coaching_is_only_for_approved_subsidies(company, anton, candidate, sabine):
    application = apply_16i(anton, company, candidate)
    with pytest.raises(subsidies.SubsidyError):
        subsidies.add_coaching(
            application, actor=sabine, start=dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), topic="Start"
        )


def test_the_advisor_sees_the_subsidy_in_the_case_timeline_and_the_citizen_her_own(
    company, anton, candidate, sabine, bernd, aylins_case
):
    application = apply_16i(anton, company, candidate)
    subsidies.decide(application, actor=sabine, approve=False, reason="Leistungsbezug zu kurz (4 Jahre)")
    titles = [str(e.title) for e in timeline(aylins_case, viewer=bernd, for_citizen=False)]
    assert "Lohnkostenzuschuss beantragt" in titles and "Lohnkostenzuschuss abgelehnt" in titles
    mine = [str(e.title) for e in timeline(aylins_case, viewer=candidate, for_citizen=True)]
    assert "Lohnkostenzuschuss abgelehnt" in mine
