"""The timeline provider: thread starts and messages, subject and topic only, each side its own link."""

from __future__ import annotations

import pytest

from openjobcenter.casefile.services.timeline import providers
from openjobcenter.messaging.models import Topic
from openjobcenter.messaging.services.threads import reply, start_thread
from openjobcenter.messaging.services.timeline import entries

pytestmark = pytest.mark.usefixtures("scanner")


def test_entries_name_subject_and_topic_never_the_text(thread, bernd, aylin):
    reply(actor=bernd, thread=thread, body="Geheimer Inhalt 4711")
    staff = list(entries(thread.case, viewer=bernd, for_citizen=False))
    assert len(staff) == 3  # the start, her message, his answer
    assert all("4711" not in str(e.text) + str(e.title) for e in staff)
    assert all(e.kind == "message" and "Frage zum Antrag" in str(e.text) for e in staff)
    assert {e.url for e in staff} == {f"/demo/staff/messages/{thread.pk}/"}
    citizen = list(entries(thread.case, viewer=aylin, for_citizen=True))
    assert {e.url for e in citizen} == {f"/demo/my/messages/{thread.pk}/"}
    assert "Nachricht des Jobcenters" in {str(e.title) for e in citizen}


def test_a_household_member_sees_only_her_own_threads(case, aylin, bernd, thread, django_user_model):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role
    from openjobcenter.casefile.models import HouseholdRole, Membership

    partner = make_user("partner@example.org", Role.CLIENT, jobcenter=case.jobcenter, name="Pat Kaya")
    Membership.objects.create(case=case, person=partner, role=HouseholdRole.PARTNER)
    start_thread(actor=bernd, case=case, citizen=partner, topic=Topic.WORK, subject="Stellenangebot", body="x")
    assert all("Stellenangebot" not in str(e.text) for e in entries(case, viewer=aylin, for_citizen=True))
    assert any("Stellenangebot" in str(e.text) for e in entries(case, viewer=bernd, for_citizen=False))


def test_the_case_timeline_finds_this_provider():
    assert entries in providers()
