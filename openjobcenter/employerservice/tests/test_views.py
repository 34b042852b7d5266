"""The pages: who may open what (role, company, Jobcenter), and bad input that keeps what was entered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.employerservice.models import Interview, InterviewStatus, SubsidyApplication, SubsidyStatus
from openjobcenter.employerservice.services import subsidies

pytestmark = pytest.mark.django_db


def test_the_employer_sees_her_candidate_and_invites_her(client, company, anton, candidate):
    sign_in(client, anton)
    page = client.get(f"/demo/arbeitgeber/{company.pk}/")
    assert page.status_code == 200 and "Aylin Kaya" in page.content.decode()
    day = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client.post(f"/demo/arbeitgeber/{company.pk}/einladen/",
                           {"person": candidate.pk, "day": day, "time": "10:00", "duration_minutes": 30})  # fmt: skip
    assert response.status_code == 302
    assert Interview.objects.for_tenant(company.jobcenter).get().status == InterviewStatus.PROPOSED


def test_an_invitation_in_the_past_is_refused_and_keeps_the_input(client, company, anton, candidate):
    sign_in(client, anton)
    response = client.post(f"/demo/arbeitgeber/{company.pk}/einladen/",
                           {"person": candidate.pk, "day": "2020-01-01", "time": "10:00", "duration_minutes": 30,
                            "message": "Bis bald"})  # fmt: skip
    assert response.status_code == 400
    text = response.content.decode()
    assert "Zukunft" in text and "Bis bald" in text and not Interview.all_tenants.exists()
    response = client.post(f"/demo/arbeitgeber/{company.pk}/einladen/", {"person": "x", "day": "kein Datum"})
    assert response.status_code == 400


def test_another_company_never_sees_the_interview_or_the_subsidy(client, interview, company, anton, candidate, berta,
                                                                 other_company):  # fmt: skip
    application = subsidies.apply(actor=anton, employer=company, person=candidate, kind="16e",
                                  start_date=dt.date(2026, 9, 1), hours_per_week=Decimal(39),
                                  gross_wage=Decimal(2400), job_title="Fahrer")  # fmt: skip
    sign_in(client, berta)
    for path in (f"/demo/arbeitgeber/gespraeche/{interview.code}/", f"/demo/arbeitgeber/zuschuesse/{application.pk}/",
                 f"/demo/arbeitgeber/{company.pk}/", f"/demo/arbeitgeber/{company.pk}/nachrichten/",
                 f"/demo/arbeitgeber/{company.pk}/einladen/"):  # fmt: skip
        assert client.get(path).status_code == 404, path
    assert "Aylin" not in client.get(f"/demo/arbeitgeber/{other_company.pk}/").content.decode()


def test_another_jobcenter_gets_404_and_other_roles_403(client, interview, company, nora, aylin, bernd):
    sign_in(client, nora)
    assert client.get(f"/demo/arbeitgeber/gespraeche/{interview.code}/").status_code == 404
    assert client.get(f"/demo/vorstellungsgespraeche/{interview.code}/").status_code == 404
    client.logout()
    sign_in(client, aylin)
    assert client.get(f"/demo/arbeitgeber/{company.pk}/").status_code == 403
    assert client.get("/demo/staff/arbeitgeber-service/").status_code == 403
    client.logout()
    sign_in(client, bernd)  # advisors are not the employer service
    assert client.get("/demo/staff/arbeitgeber-service/zuschuesse/").status_code == 403


def test_the_candidate_answers_and_only_she_sees_her_invitation(client, interview, aylin, demo, demo_team):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    other = make_user("olga@example.org", Role.CLIENT, jobcenter=demo, name="Olga Other")
    sign_in(client, other)
    assert client.get(f"/demo/vorstellungsgespraeche/{interview.code}/").status_code == 404
    client.logout()
    sign_in(client, aylin)
    response = client.post(f"/demo/vorstellungsgespraeche/{interview.code}/", {"answer": "propose", "note": "abends"})
    assert response.status_code == 400 and "abends" in response.content.decode()
    response = client.post(f"/demo/vorstellungsgespraeche/{interview.code}/", {"answer": "accept"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.ACCEPTED


def test_the_advisor_sees_the_outcome_and_an_advisor_of_another_team_does_not(client, interview, aylin, anton, bernd,
                                                                              demo):  # fmt: skip
    from conftest import make_user
    from openjobcenter.accounts.roles import Role
    from openjobcenter.core.models import Team
    from openjobcenter.employerservice.services import interviews

    interviews.respond(interview, actor=aylin, answer="accept")
    interviews.record_outcome(interview, actor=anton, outcome="second", now=interview.start + dt.timedelta(hours=1))
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/arbeitgeber-service/gespraeche/{interview.code}/")
    assert page.status_code == 200 and 'data-outcome="second"' in page.content.decode()
    client.logout()
    carla = make_user("carla@demo.example", Role.ADVISOR, jobcenter=demo,
                      team=Team.all_tenants.create(jobcenter=demo, name="Team 2"), name="Carla C")  # fmt: skip
    sign_in(client, carla)
    assert client.get(f"/demo/staff/arbeitgeber-service/gespraeche/{interview.code}/").status_code == 404


def test_the_employer_service_checks_and_approves_a_subsidy_on_the_page(client, company, anton, candidate, sabine):
    application = subsidies.apply(actor=anton, employer=company, person=candidate, kind="16i",
                                  start_date=dt.date(2026, 9, 1), hours_per_week=Decimal(30),
                                  gross_wage=Decimal(1900), job_title="Hausmeisterhelfer")  # fmt: skip
    sign_in(client, sabine)
    url = f"/demo/staff/arbeitgeber-service/zuschuesse/{application.pk}/"
    page = client.get(url).content.decode()
    assert 'data-result="manual"' in page
    response = client.post(url, {"action": "decide", "decision": "approve"})
    assert response.status_code == 400 and "Voraussetzungen" in response.content.decode()
    response = client.post(url, {"action": "facts", "birth_date": "1975-03-03", "benefit_years": "7",
                                 "confirmed": ["little_employment", "no_prior_16i", "employer_share"]})  # fmt: skip
    assert response.status_code == 302
    assert client.post(url, {"action": "decide", "decision": "approve"}).status_code == 302
    application.refresh_from_db()
    assert application.status == SubsidyStatus.APPROVED and application.payments.count() == 60
    response = client.post(url, {"action": "facts", "benefit_years": "99"})
    assert response.status_code == 400


def test_the_nord_employer_service_cannot_open_demo_subsidies(client, company, anton, candidate, nord):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    application = subsidies.apply(actor=anton, employer=company, person=candidate, kind="16e",
                                  start_date=dt.date(2026, 9, 1), hours_per_week=Decimal(39),
                                  gross_wage=Decimal(2400), job_title="Fahrer")  # fmt: skip
    nils = make_user("nils@nord.example", Role.EMPLOYER_SERVICE, jobcenter=nord, name="Nils N")
    sign_in(client, nils)
    assert client.get(f"/nord/staff/arbeitgeber-service/zuschuesse/{application.pk}/").status_code == 404
    assert client.get(f"/demo/staff/arbeitgeber-service/zuschuesse/{application.pk}/").status_code == 404
    assert SubsidyApplication.objects.for_tenant(nord).count() == 0


def test_targets_are_set_by_the_employer_service_and_seen_by_team_leads(client, sabine, tanja):
    sign_in(client, sabine)
    bad = client.post("/demo/staff/statistik/ziele/", {"name": "Ziel", "count": "400", "period_start": "2026-07-01",
                                                       "period_end": "2026-01-01", "kinds": ["16e", "16i"]})  # fmt: skip
    assert bad.status_code == 400 and 'value="400"' in bad.content.decode()
    ok = client.post("/demo/staff/statistik/ziele/", {"name": "Ziel Halbjahr", "count": "400",
                                                      "period_start": "2026-01-01", "period_end": "2026-06-30",
                                                      "kinds": ["16e", "16i"]})  # fmt: skip
    assert ok.status_code == 302
    client.logout()
    sign_in(client, tanja)
    page = client.get("/demo/staff/statistik/ziele/")
    assert page.status_code == 200 and "Ziel Halbjahr" in page.content.decode()
    figures = client.get("/demo/staff/statistik/service/").content.decode()
    assert "data-target-summary" in figures and "0 / 400" in figures
    assert client.post("/demo/staff/statistik/ziele/", {"name": "x"}).status_code == 404  # team leads only look


def test_messages_and_contact_history_between_company_and_employer_service(client, company, anton, sabine, berta):
    sign_in(client, anton)
    assert client.post(f"/demo/arbeitgeber/{company.pk}/nachrichten/", {"text": ""}).status_code == 400
    assert client.post(f"/demo/arbeitgeber/{company.pk}/nachrichten/", {"text": "Frage zu § 16i"}).status_code == 302
    client.logout()
    sign_in(client, sabine)
    url = f"/demo/staff/arbeitgeber-service/unternehmen/{company.pk}/"
    assert "Frage zu § 16i" in client.get(url).content.decode()
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = client.post(url, {"action": "contact", "on": future, "channel": "phone", "note": "Rückruf"})
    assert response.status_code == 400 and "Rückruf" in response.content.decode()
    today = dt.date.today().isoformat()
    assert (
        client.post(url, {"action": "contact", "on": today, "channel": "phone", "note": "Rückruf"}).status_code == 302
    )
    assert "Rückruf" in client.get(url).content.decode()
