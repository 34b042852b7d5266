"""An interview's outcome becomes the company's feedback in the job exchange: the advisor sees it once
(matching page and case timeline), the citizen sees the outcome without the employer's reason, and
nobody outside the case's team and Jobcenter sees it."""

from __future__ import annotations

import datetime as dt

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.casefile.services.timeline import timeline
from openjobcenter.employerservice.models import Interview
from openjobcenter.employerservice.services import interviews
from openjobcenter.jobs.models import CandidateFeedback

pytestmark = pytest.mark.django_db

REASON = "Führerschein Klasse C fehlt"
OUTCOME_TITLES = {"Rückmeldung eines Arbeitgebers", "Rückmeldung nach dem Vorstellungsgespräch"}


def done(interview: Interview, aylin, anton, outcome="not_hired", **fields) -> Interview:
    interviews.respond(interview, actor=aylin, answer="accept")
    interviews.record_outcome(interview, actor=anton, outcome=outcome, now=interview.start + dt.timedelta(hours=1),
                              **fields)  # fmt: skip
    interview.refresh_from_db()
    return interview


def outcome_entries(case, viewer, *, for_citizen: bool):
    return [e for e in timeline(case, viewer=viewer, for_citizen=for_citizen) if str(e.title) in OUTCOME_TITLES]


def test_the_outcome_is_one_feedback_and_one_timeline_entry_for_the_advisor(interview, aylin, anton, bernd,
                                                                           aylins_case):  # fmt: skip
    interview = done(interview, aylin, anton, reason=REASON, reason_code="qualification")
    feedback = CandidateFeedback.objects.for_tenant(interview.jobcenter).get()
    assert interview.feedback == feedback
    assert (feedback.outcome, feedback.reason, feedback.reason_text) == ("not_hired", "qualification", REASON)
    assert (feedback.employer_id, feedback.person_id) == (interview.employer_id, aylin.pk)
    entries = outcome_entries(aylins_case, bernd, for_citizen=False)
    assert len(entries) == 1 and REASON in str(entries[0].text) and "Qualifikation" in str(entries[0].text)


def test_the_advisor_sees_it_on_the_matching_page_and_the_case_page(client, interview, aylin, anton, bernd,
                                                                  aylins_case):  # fmt: skip
    done(interview, aylin, anton, reason=REASON)
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/cases/{aylins_case.pk}/jobs/").content.decode()
    assert 'data-outcome="not_hired"' in page and REASON in page and "anderer Grund" in page
    case_page = client.get(f"/demo/staff/cases/{aylins_case.pk}/").content.decode()
    assert case_page.count(REASON) == 1


def test_the_citizen_sees_the_outcome_but_not_the_employers_reason(client, interview, aylin, anton, aylins_case):
    done(interview, aylin, anton, reason=REASON, reason_code="experience")
    entries = outcome_entries(aylins_case, aylin, for_citizen=True)
    assert len(entries) == 1 and "nicht eingestellt" in str(entries[0].text)
    assert not any("Führerschein" in str(e.text) for e in timeline(aylins_case, viewer=aylin, for_citizen=True))
    client.force_login(aylin)
    for path in ("/demo/my/timeline/", f"/demo/vorstellungsgespraeche/{interview.code}/"):
        page = client.get(path)
        assert page.status_code == 200 and "Führerschein" not in page.content.decode(), path
        assert "Berufserfahrung" not in page.content.decode(), path


def test_another_jobcenter_and_another_team_do_not_see_it(client, interview, aylin, anton, aylins_case, niklas, demo):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role
    from openjobcenter.core.models import Team

    done(interview, aylin, anton, reason=REASON)
    assert outcome_entries(aylins_case, niklas, for_citizen=False) == []
    sign_in(client, niklas)
    assert client.get(f"/nord/staff/cases/{aylins_case.pk}/jobs/").status_code == 404
    assert client.get(f"/demo/staff/cases/{aylins_case.pk}/jobs/").status_code in (403, 404)
    carla = make_user("carla@demo.example", Role.ADVISOR, jobcenter=demo,
                      team=Team.all_tenants.create(jobcenter=demo, name="Team 2"), name="Carla C")  # fmt: skip
    client.logout()
    sign_in(client, carla)
    assert client.get(f"/demo/staff/cases/{aylins_case.pk}/jobs/").status_code == 403


@pytest.mark.parametrize(("outcome", "expected"), [("hired", "hired"), ("second", "invited")])
def test_hired_and_a_second_interview_map_to_the_job_exchange_outcomes(interview, aylin, anton, outcome, expected):
    interview = done(interview, aylin, anton, outcome=outcome, reason_code="distance")
    assert interview.feedback is not None
    assert (interview.feedback.outcome, interview.feedback.reason) == (expected, "")


def test_an_unknown_reason_is_stored_as_another_reason(interview, aylin, anton):
    interview = done(interview, aylin, anton, reason=REASON, reason_code="gibt-es-nicht")
    assert interview.feedback is not None and interview.feedback.reason == "other"


def test_an_outcome_without_mapping_is_recorded_and_shown_once_from_the_interview(monkeypatch, interview, aylin,
                                                                                 anton, bernd, aylins_case):  # fmt: skip
    monkeypatch.setattr(interviews, "FEEDBACK_OUTCOMES", {})
    interview = done(interview, aylin, anton, reason=REASON)
    assert interview.outcome == "not_hired" and interview.feedback is None
    assert not CandidateFeedback.objects.for_tenant(interview.jobcenter).exists()
    entries = outcome_entries(aylins_case, bernd, for_citizen=False)
    assert len(entries) == 1 and REASON in str(entries[0].text)
