"""Video interviews: who may be invited, the answers and their states, the outcome, and the signed,
just-in-time join on the video server with the same privacy settings as video appointments."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit
from urllib.request import urlopen

import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.employerservice.models import Interview, InterviewStatus
from openjobcenter.employerservice.services import interviews
from openjobcenter.employerservice.tests.conftest import soon
from openjobcenter.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_only_people_who_shared_their_folder_or_accepted_contact_can_be_invited(company, anton, aylin, other_company):
    with pytest.raises(interviews.InterviewError, match="weder"):
        interviews.invite(actor=anton, employer=company, candidate=aylin, start=soon())
    from openjobcenter.employerservice.tests.conftest import share_folder

    share_folder(aylin, other_company)  # a share with another company does not count
    with pytest.raises(interviews.InterviewError):
        interviews.invite(actor=anton, employer=company, candidate=aylin, start=soon())


def test_an_invitation_reaches_the_candidate_and_the_invited_advisor(interview, aylin, bernd):
    assert interview.status == InterviewStatus.PROPOSED and interview.team_id == bernd.team_id
    assert Notification.all_tenants.filter(recipient=aylin).exists()
    assert Notification.all_tenants.filter(recipient=bernd).exists()


def test_times_in_the_past_are_refused(company, anton, candidate):
    with pytest.raises(interviews.InterviewError, match="Zukunft"):
        interviews.invite(
            actor=anton, employer=company, candidate=candidate, start=timezone.now() - dt.timedelta(hours=1)
        )


def test_the_candidate_proposes_another_time_and_the_employer_accepts_it(interview, aylin, anton):
    later = soon(24 * 60)
    interviews.respond(interview, actor=aylin, answer="propose", proposed_start=later)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.COUNTER and interview.proposed_start == later
    with pytest.raises(interviews.InterviewError):  # no second answer
        interviews.respond(interview, actor=aylin, answer="accept")
    interviews.accept_proposal(interview, actor=anton)
    interview.refresh_from_db()
    assert (
        interview.status == InterviewStatus.ACCEPTED and interview.start == later and interview.proposed_start is None
    )


def test_only_the_candidate_answers_and_a_decline_is_final(interview, anton, aylin):
    with pytest.raises(interviews.InterviewError):
        interviews.respond(interview, actor=anton, answer="accept")
    interviews.respond(interview, actor=aylin, answer="decline")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.DECLINED
    with pytest.raises(interviews.InterviewError):
        interviews.cancel(interview, actor=anton)


def test_the_outcome_comes_after_the_interview_and_not_hired_needs_a_reason(interview, aylin, anton, bernd):
    interviews.respond(interview, actor=aylin, answer="accept")
    with pytest.raises(interviews.InterviewError, match="nach dem Gespräch"):
        interviews.record_outcome(interview, actor=anton, outcome="hired")
    after = interview.start + dt.timedelta(minutes=40)
    with pytest.raises(interviews.InterviewError, match="begründen"):
        interviews.record_outcome(interview, actor=anton, outcome="not_hired", reason="", now=after)
    interviews.record_outcome(interview, actor=anton, outcome="not_hired", reason="Führerschein fehlt", now=after)
    interview.refresh_from_db()
    assert (interview.status, interview.outcome, interview.outcome_reason) == (
        "done",
        "not_hired",
        "Führerschein fehlt",
    )
    assert Notification.all_tenants.filter(recipient=bernd, title__contains="Rückmeldung").exists()
    from openjobcenter.casefile.models import Case
    from openjobcenter.casefile.services.timeline import timeline

    case = Case.objects.for_tenant(interview.jobcenter).get(memberships__person=aylin)
    advisor_view = {str(e.text) for e in timeline(case, viewer=bernd, for_citizen=False)}
    assert any("Führerschein fehlt" in text for text in advisor_view)
    citizen_view = {str(e.text) for e in timeline(case, viewer=aylin, for_citizen=True)}
    assert not any("Führerschein" in text for text in citizen_view)  # the employer's reason is for the advisor


def _accepted_now(interview, aylin) -> Interview:
    interviews.respond(interview, actor=aylin, answer="accept")
    Interview.all_tenants.filter(pk=interview.pk).update(start=timezone.now() + dt.timedelta(minutes=5))
    interview.refresh_from_db()
    return interview


def _join(client, user, interview) -> str:
    sign_in(client, user)
    response = client.get(f"/demo/vorstellungsgespraeche/{interview.code}/join")
    client.logout()
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def test_everybody_invited_joins_with_a_signed_link_and_the_candidate_waits_in_the_lobby(
    client, bbb, video_settings, interview, aylin, anton, bernd
):
    interview = _accepted_now(interview, aylin)
    assert not bbb.seen
    employer_url = _join(client, anton, interview)
    candidate_url = _join(client, aylin, interview)
    advisor_url = _join(client, bernd, interview)
    for url in (employer_url, candidate_url, advisor_url):
        assert bbb.verify("join", urlsplit(url).query)[0]
    params = bbb.meetings[interview.meeting_id].params
    assert params["record"] == "false" and params["guestPolicy"] == "ASK_MODERATOR"
    assert "Aylin" not in params["name"]
    assert b"<guestStatus>WAIT</guestStatus>" in urlopen(candidate_url).read()
    assert b"<guestStatus>ALLOW</guestStatus>" in urlopen(employer_url).read()
    assert dict(parse_qsl(urlsplit(candidate_url).query))["role"] == "VIEWER"
    interview.refresh_from_db()
    assert interview.employer_joined_at and interview.candidate_joined_at and interview.advisor_joined_at


def test_nobody_else_can_join(client, bbb, video_settings, interview, aylin, berta, tanja, nora, sabine):
    interview = _accepted_now(interview, aylin)
    for outsider in (berta, sabine, nora):
        sign_in(client, outsider)
        assert client.get(f"/demo/vorstellungsgespraeche/{interview.code}/join").status_code == 404
        client.logout()
    assert not bbb.seen


def test_the_room_opens_only_for_an_agreed_interview_shortly_before_it(client, bbb, video_settings, interview, aylin):
    sign_in(client, aylin)
    response = client.get(f"/demo/vorstellungsgespraeche/{interview.code}/join")
    assert response.status_code == 200 and b'data-reason="not_agreed"' in response.content
    interviews.respond(interview, actor=aylin, answer="accept")
    Interview.all_tenants.filter(pk=interview.pk).update(start=timezone.now() + dt.timedelta(hours=2))
    response = client.get(f"/demo/vorstellungsgespraeche/{interview.code}/join")
    assert b'data-reason="too_early"' in response.content and not bbb.seen


def test_a_failing_video_server_shows_a_clear_page(client, bbb, video_settings, interview, aylin):
    interview = _accepted_now(interview, aylin)
    bbb.mode = "http500"
    sign_in(client, aylin)
    response = client.get(f"/demo/vorstellungsgespraeche/{interview.code}/join")
    assert response.status_code == 503 and b"Fehlerkennung" in response.content
