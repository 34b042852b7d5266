"""The flat-rate employer's share of the social-insurance contribution in subsidy instalments: added
for months with a recorded figure (§ 16i without the Arbeitsförderung part, § 16e in full), left out
with a warning and a check staff must confirm for months without one; figures are platform-wide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.employerservice.models import EmployerShareRate, SubsidyPayment, SubsidyStatus
from openjobcenter.employerservice.services import rules, subsidies
from openjobcenter.employerservice.tests.conftest import make_company, share_folder

pytestmark = pytest.mark.django_db

WARNING = "kein pauschalierter Arbeitgeberanteil hinterlegt"
FACTS = {"birth_date": dt.date(1980, 5, 5), "benefit_years": 6, "confirmed": ["little_employment", "no_prior_16i"]}


def record(valid_from: dt.date, valid_until: dt.date | None = None, total="20.00", arbeitsfoerderung="1.30",
           source="Testwert") -> EmployerShareRate:  # fmt: skip
    return EmployerShareRate.objects.create(
        valid_from=valid_from, valid_until=valid_until, total_percent=Decimal(total),
        arbeitsfoerderung_percent=Decimal(arbeitsfoerderung), source_note=source,
    )  # fmt: skip


def apply_16i(anton, company, person, start=dt.date(2026, 8, 1), wage="1800.00"):
    return subsidies.apply(actor=anton, employer=company, person=person, kind="16i", start_date=start,
                           hours_per_week=Decimal(30), gross_wage=Decimal(wage), job_title="Lagerhelferin")  # fmt: skip


def test_without_a_recorded_figure_the_instalments_leave_the_share_out_and_staff_must_check():
    rule = rules.rule_for("16i", dt.date(2026, 8, 1))
    plan = rules.schedule(rule, start=dt.date(2026, 8, 1), contract_end=None, wage=Decimal("1800.00"))
    assert all(item.share_missing and item.share_amount == 0 for item in plan)
    assert plan[0].amount == Decimal("1800.00") and plan[24].amount == Decimal("1620.00")
    check = rules.evaluate(rule, {}, start=dt.date(2026, 8, 1), contract_end=None)[-1]
    assert (check.code, check.result) == ("employer_share", "manual") and "60 Monate" in check.detail
    confirmed = rules.evaluate(rule, {"confirmed": ["employer_share"]}, start=dt.date(2026, 8, 1), contract_end=None)
    assert confirmed[-1].result == "met"


def test_16i_adds_the_share_without_arbeitsfoerderung_and_16e_adds_it_in_full():
    record(dt.date(2026, 1, 1))
    i = rules.rule_for("16i", dt.date(2026, 8, 1))
    plan = rules.schedule(i, start=dt.date(2026, 8, 1), contract_end=None, wage=Decimal("1800.00"))
    # 100 % of (1800 + 18.70 % of 1800 = 336.60); in year 3, 90 % of both parts.
    assert (plan[0].share_percent, plan[0].share_amount, plan[0].amount) == (
        Decimal("18.70"), Decimal("336.60"), Decimal("2136.60"))  # fmt: skip
    assert (plan[24].wage_amount, plan[24].share_amount, plan[24].amount) == (
        Decimal("1620.00"), Decimal("302.94"), Decimal("1922.94"))  # fmt: skip
    assert plan[0].share_source == "Testwert"
    assert not any(c.code == "employer_share" for c in rules.evaluate(i, {}, start=dt.date(2026, 8, 1),
                                                                        contract_end=None))  # fmt: skip
    e = rules.rule_for("16e", dt.date(2026, 8, 1))
    plan = rules.schedule(e, start=dt.date(2026, 8, 1), contract_end=None, wage=Decimal("2000.00"))
    # 75 % of (2000 + 20 % of 2000): 1500 + 300.
    assert (plan[0].share_percent, plan[0].amount) == (Decimal("20.00"), Decimal("1800.00"))


def test_a_figure_ending_mid_schedule_covers_only_the_months_starting_in_its_period():
    record(dt.date(2026, 1, 1), dt.date(2027, 1, 14), source="alt")
    record(dt.date(2027, 2, 1), dt.date(2027, 12, 31), total="21.00", source="neu")
    rule = rules.rule_for("16i", dt.date(2026, 7, 15))
    plan = rules.schedule(rule, start=dt.date(2026, 7, 15), contract_end=None, wage=Decimal("2000.00"))
    by_month = {item.month: item for item in plan}
    assert by_month[dt.date(2026, 12, 15)].share_source == "alt"
    assert by_month[dt.date(2027, 1, 15)].share_missing  # starts the day after the old figure ended
    assert by_month[dt.date(2027, 2, 15)].share_percent == Decimal("19.70")
    assert by_month[dt.date(2027, 12, 15)].share_source == "neu"
    assert by_month[dt.date(2028, 1, 15)].share_missing
    periods = rules.share_periods(plan)
    assert [(p.source, p.months, p.missing) for p in periods] == [
        ("alt", 6, False), ("", 1, True), ("neu", 11, False), ("", 42, True)]  # fmt: skip
    check = rules.evaluate(rule, {}, start=dt.date(2026, 7, 15), contract_end=None)[-1]
    assert check.code == "employer_share" and "43 Monate" in check.detail


def test_overlapping_periods_are_refused_in_the_admin_form():
    record(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    overlapping = EmployerShareRate(valid_from=dt.date(2026, 12, 1), total_percent=Decimal(20),
                                    arbeitsfoerderung_percent=Decimal(1), source_note="x")  # fmt: skip
    with pytest.raises(ValidationError):
        overlapping.full_clean()
    after = EmployerShareRate(valid_from=dt.date(2027, 1, 1), total_percent=Decimal(20),
                              arbeitsfoerderung_percent=Decimal(1), source_note="x")  # fmt: skip
    after.full_clean()


def test_approval_is_refused_until_staff_confirm_the_months_without_a_figure(client, company, anton, candidate, sabine):
    record(dt.date(2026, 1, 1), dt.date(2026, 12, 31), source="Weisung 2026 (Test)")
    application = apply_16i(anton, company, candidate)
    subsidies.confirm_facts(application, actor=sabine, facts=FACTS)
    with pytest.raises(subsidies.SubsidyError, match="Voraussetzungen"):
        subsidies.decide(application, actor=sabine, approve=True)
    sign_in(client, sabine)
    url = f"/demo/staff/arbeitgeber-service/zuschuesse/{application.pk}/"
    page = client.get(url).content.decode()
    assert "Für diese Monate ist kein pauschalierter Arbeitgeberanteil hinterlegt" in page
    assert "Weisung 2026 (Test)" in page and 'data-check="employer_share"' in page
    assert client.post(url, {"action": "decide", "decision": "approve"}).status_code == 400
    response = client.post(url, {"action": "facts", "birth_date": "1980-05-05", "benefit_years": "6",
                                 "confirmed": ["little_employment", "no_prior_16i", "employer_share"]})  # fmt: skip
    assert response.status_code == 302
    assert client.post(url, {"action": "decide", "decision": "approve"}).status_code == 302
    application.refresh_from_db()
    assert application.status == SubsidyStatus.APPROVED
    payments = list(SubsidyPayment.objects.for_tenant(application.jobcenter).filter(application=application))
    assert [p.share_percent for p in payments[:5]] == [Decimal("18.70")] * 5  # August to December 2026
    assert payments[4].amount == Decimal("2136.60") and payments[4].share_source == "Weisung 2026 (Test)"
    assert all(p.share_missing and p.amount == Decimal("1800.00") for p in payments[5:24])
    page = client.get(url).content.decode()
    assert "Für diesen Monat ist kein pauschalierter Arbeitgeberanteil hinterlegt." in page


def test_a_figure_for_every_month_needs_no_confirmation(company, anton, candidate, sabine):
    record(dt.date(2026, 1, 1))
    application = apply_16i(anton, company, candidate)
    subsidies.confirm_facts(application, actor=sabine, facts=FACTS)
    subsidies.decide(application, actor=sabine, approve=True)
    assert not application.payments.filter(share_percent__isnull=True).exists()


def test_figures_are_platform_wide_but_applications_stay_in_their_jobcenter(client, demo, nord, company, anton,
                                                                            candidate, sabine, nora):  # fmt: skip
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    record(dt.date(2026, 1, 1))
    ole = make_user("ole@nord.example", Role.EMPLOYER, jobcenter=nord, name="Ole Olsen")
    nord_company = make_company(nord, ole, name="Nord Bau GmbH")
    share_folder(nora, nord_company)
    theirs = apply_16i(ole, nord_company, nora)
    ours = apply_16i(anton, company, candidate)
    assert theirs.jobcenter == nord and ours.jobcenter == demo
    for application in (theirs, ours):  # the same federal figure in both Jobcenters
        assert not any(c["code"] == "employer_share" for c in application.checks)
    nina = make_user("nina@nord.example", Role.EMPLOYER_SERVICE, jobcenter=nord, name="Nina Nord")
    sign_in(client, nina)
    assert client.get(f"/nord/staff/arbeitgeber-service/zuschuesse/{ours.pk}/").status_code == 404
    assert client.get(f"/demo/staff/arbeitgeber-service/zuschuesse/{ours.pk}/").status_code in (403, 404)
    client.logout()
    sign_in(client, sabine)  # Jobcenter staff do not maintain the figure: that is the platform's admin
    assert client.get("/admin/employerservice/employersharerate/").status_code in (302, 403, 404)


def test_the_platform_admin_records_a_figure_in_djangos_admin(client, paul):
    from openjobcenter.audit.models import AuditEntry

    sign_in(client, paul)
    assert client.get("/admin/employerservice/employersharerate/").status_code == 200
    response = client.post("/admin/employerservice/employersharerate/add/", {
        "valid_from": "2027-01-01", "valid_until": "", "total_percent": "20.00", "arbeitsfoerderung_percent": "1.30",
        "source_note": "Weisung vom 1.12.2026",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EmployerShareRate.objects.get().source_note == "Weisung vom 1.12.2026"
    assert AuditEntry.all_tenants.filter(action="core.admin_employersharerate_created").exists()


def test_a_figure_recorded_after_the_approval_is_added_to_open_instalments_only(client, company, anton, candidate,
                                                                               sabine):  # fmt: skip
    record(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    application = apply_16i(anton, company, candidate)
    confirmed = ["little_employment", "no_prior_16i", "employer_share"]
    subsidies.confirm_facts(application, actor=sabine, facts={**FACTS, "confirmed": confirmed})
    application = subsidies.decide(application, actor=sabine, approve=True)
    january = application.payments.get(month=dt.date(2027, 1, 1))
    assert subsidies.mark_paid(january, actor=sabine)
    record(dt.date(2027, 1, 1), dt.date(2027, 12, 31), total="21.00", source="Weisung 2027 (Test)")
    sign_in(client, sabine)
    url = f"/demo/staff/arbeitgeber-service/zuschuesse/{application.pk}/"
    assert "Für 11 offene Raten ist inzwischen" in client.get(url).content.decode()
    assert client.post(url, {"action": "shares"}).status_code == 302
    payments = {p.month: p for p in application.payments.all()}
    assert payments[dt.date(2027, 1, 1)].share_missing  # paid as it was
    assert payments[dt.date(2027, 2, 1)].share_percent == Decimal("19.70")
    assert payments[dt.date(2027, 2, 1)].amount == Decimal("2154.60")  # 1800 + 19.70 % of 1800
    assert payments[dt.date(2028, 1, 1)].share_missing
    assert subsidies.add_missing_shares(application, actor=sabine) == []  # nothing left to add
