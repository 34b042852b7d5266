"""Who may see an application: its applicant; the case's team; other staff with a reason; nobody else."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.applications.services.submission import submit
from openjobcenter.core.models import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(aylin, draft):
    return submit(draft, actor=aylin, key=uuid.uuid4())


def url(name, **kwargs):
    return reverse(f"applications:{name}", kwargs={"jobcenter": "demo", **kwargs})


def test_another_citizen_gets_404(client, demo, submitted):
    david = make_user("david@example.org", Role.CLIENT, jobcenter=demo, name="David Demir")
    sign_in(client, david)
    for name in ("status", "receipt", "status_live", "review"):
        assert client.get(url(name, pk=submitted.pk)).status_code == 404, name


def test_the_other_jobcenter_gets_404(client, nora, niklas, submitted):
    for user in (nora, niklas):
        sign_in(client, user)
        assert client.get(url("status", pk=submitted.pk)).status_code == 404
        assert client.get(url("staff_detail", pk=submitted.pk)).status_code == 404


def test_the_case_team_sees_it_in_the_inbox(client, bernd, tanja, submitted):
    for user in (bernd, tanja):
        sign_in(client, user)
        assert submitted.reference in client.get(url("staff_inbox")).content.decode()
        assert client.get(url("staff_detail", pk=submitted.pk)).status_code == 200


def test_another_team_must_give_a_reason(client, demo, submitted):
    other = Team.all_tenants.create(jobcenter=demo, name="Leistung 2")
    carla = make_user("carla@demo.example", Role.BENEFITS_OFFICER, jobcenter=demo, team=other, name="Carla Claasen")
    sign_in(client, carla)
    assert submitted.reference not in client.get(url("staff_inbox")).content.decode()
    assert client.get(url("staff_detail", pk=submitted.pk)).status_code == 403
    client.post(url("staff_reason", pk=submitted.pk), {"reason": "Vertretung für Kollegin Tiedemann heute"})
    assert client.get(url("staff_detail", pk=submitted.pk)).status_code == 200


def test_reception_and_clients_may_not_use_the_staff_pages(client, emre, aylin, submitted):
    for user in (emre, aylin):
        sign_in(client, user)
        assert client.get(url("staff_inbox")).status_code == 403


def test_an_advisor_may_not_act(client, bernd, submitted):
    sign_in(client, bernd)
    assert client.post(url("staff_act", pk=submitted.pk), {"action": "assign_me"}).status_code == 403


def test_staff_may_not_use_the_citizen_pages(client, tanja, submitted):
    sign_in(client, tanja)
    assert client.get(url("start")).status_code == 403
