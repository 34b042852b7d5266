"""Subsidy rules as data: chosen by the start date, conditions met / not met / to check by hand,
and the monthly payment schedule from the funding rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openjobcenter.employerservice.models import SubsidyRule
from openjobcenter.employerservice.services import rules

pytestmark = pytest.mark.django_db


def test_the_seeded_rules_hold_the_conditions_of_the_law():
    e = rules.rule_for("16e", dt.date(2026, 3, 1))
    i = rules.rule_for("16i", dt.date(2026, 3, 1))
    assert (e.funding_percent, e.max_months) == ([75, 50], 24)
    assert (i.funding_percent, i.max_months) == ([100, 100, 90, 80, 70], 60)
    assert {c["code"] for c in i.conditions} >= {"min_age", "benefit_years"}


def test_the_rule_valid_on_the_start_date_is_chosen():
    old = rules.rule_for("16e", dt.date(2026, 12, 31))
    SubsidyRule.objects.filter(pk=old.pk).update(valid_until=dt.date(2026, 12, 31))
    new = SubsidyRule.objects.create(
        kind="16e", valid_from=dt.date(2027, 1, 1), legal_basis="§ 16e SGB II (neu)",
        conditions=[{"code": "unemployed_months", "value": 12, "label": {"de": "ein Jahr arbeitslos"}}],
        funding_percent=[60, 40], max_months=24,
    )  # fmt: skip
    assert rules.rule_for("16e", dt.date(2026, 12, 31)).pk == old.pk
    assert rules.rule_for("16e", dt.date(2027, 1, 1)).pk == new.pk
    with pytest.raises(rules.NoRule):
        rules.rule_for("16e", dt.date(2018, 12, 31))


def test_each_condition_is_met_not_met_or_left_for_a_person():
    rule = rules.rule_for("16i", dt.date(2026, 7, 1))
    start = dt.date(2026, 7, 1)
    checks = {c.code: c.result for c in rules.evaluate(rule, {}, start=start, contract_end=None)}
    assert checks == {"min_age": "manual", "benefit_years": "manual", "little_employment": "manual",
                      "no_prior_16i": "manual", "employer_share": "manual"}  # fmt: skip
    facts = {"birth_date": "2001-07-02", "benefit_years": 6}  # turns 25 one day after the start
    checks = {c.code: c.result for c in rules.evaluate(rule, facts, start=start, contract_end=None)}
    assert checks["min_age"] == "not_met" and checks["benefit_years"] == "met"
    facts = {"birth_date": "2001-07-01", "benefit_years": 5, "confirmed": ["little_employment"]}
    checks = {c.code: c.result for c in rules.evaluate(rule, facts, start=start, contract_end=None)}
    assert checks["min_age"] == "met" and checks["benefit_years"] == "not_met"
    assert checks["little_employment"] == "met" and checks["no_prior_16i"] == "manual"
    # Five years suffice with a severe disability or a minor child in the household.
    facts = {"benefit_years": 5, "special_group": True}
    assert rules.evaluate(rule, facts, start=start, contract_end=None)[1].result == "met"


def test_16e_needs_two_years_of_unemployment_and_a_two_year_contract():
    rule = rules.rule_for("16e", dt.date(2026, 7, 1))
    start = dt.date(2026, 7, 1)
    facts = {"unemployed_since": "2024-07-01"}
    checks = {c.code: c.result for c in rules.evaluate(rule, facts, start=start, contract_end=dt.date(2028, 6, 30))}
    assert checks["unemployed_months"] == "met" and checks["min_contract_months"] == "met"
    facts = {"unemployed_since": "2024-07-02"}
    checks = {c.code: c.result for c in rules.evaluate(rule, facts, start=start, contract_end=dt.date(2028, 6, 29))}
    assert checks["unemployed_months"] == "not_met" and checks["min_contract_months"] == "not_met"


def test_the_16i_schedule_falls_by_ten_points_a_year_after_two_years():
    rule = rules.rule_for("16i", dt.date(2026, 7, 1))
    plan = rules.schedule(rule, start=dt.date(2026, 7, 15), contract_end=None, wage=Decimal("2200.00"))
    assert len(plan) == 60
    assert plan[0].month == dt.date(2026, 7, 15) and plan[12].month == dt.date(2027, 7, 15)
    assert [plan[i].rate_percent for i in (0, 11, 12, 23, 24, 35, 36, 48, 59)] == [
        100,
        100,
        100,
        100,
        90,
        90,
        80,
        70,
        70,
    ]
    assert plan[24].amount == Decimal("1980.00") and plan[59].amount == Decimal("1540.00")
    assert rules.total(plan) == Decimal("2200.00") * (
        24 + 12 * Decimal("0.9") + 12 * Decimal("0.8") + 12 * Decimal("0.7")
    )


def test_the_16e_schedule_pays_75_then_50_percent_and_stops_with_the_contract():
    rule = rules.rule_for("16e", dt.date(2026, 1, 1))
    plan = rules.schedule(rule, start=dt.date(2026, 1, 1), contract_end=None, wage=Decimal("2501.01"))
    assert len(plan) == 24 and plan[0].amount == Decimal("1875.76") and plan[12].amount == Decimal("1250.51")
    # A contract that ends after 14 and a half months: 15 instalments (a started month counts).
    short = rules.schedule(rule, start=dt.date(2026, 1, 1), contract_end=dt.date(2027, 3, 15), wage=Decimal("2000"))
    assert len(short) == 15
    exact = rules.schedule(rule, start=dt.date(2026, 1, 1), contract_end=dt.date(2026, 12, 31), wage=Decimal("2000"))
    assert len(exact) == 12
