"""Drafts are kept on the server: autosave, resume after signing out, one draft per person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openjobcenter.applications.models import Application
from openjobcenter.applications.services.drafts import start_draft

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"applications:{name}", kwargs={"jobcenter": "demo", **kwargs})


def test_autosave_keeps_what_was_typed_also_when_invalid(client, aylin, case):
    client.force_login(aylin)
    client.post(url("begin"))
    application = Application.objects.for_tenant(aylin.jobcenter).get(applicant=aylin)
    response = client.post(url("autosave", pk=application.pk, step="housing"), {"housing": "rent", "size": "6x"})
    assert response.status_code == 200 and "Entwurf gespeichert" in response.content.decode()
    application.refresh_from_db()
    assert application.data["housing"]["raw"] == {"housing": "rent", "size": "6x"}
    assert application.current_step == "housing"


def test_the_draft_resumes_at_its_step_after_signing_in_again(client, aylin, case):
    client.force_login(aylin)
    client.post(url("begin"))
    application = Application.objects.for_tenant(aylin.jobcenter).get(applicant=aylin)
    client.post(url("autosave", pk=application.pk, step="housing"), {"housing": "rent", "base_rent": "512,40"})
    client.logout()
    assert client.get(url("start")).status_code == 302  # signed out: to the login page
    client.force_login(aylin)
    start = client.get(url("start")).content.decode()
    assert "Antrag fortsetzen" in start and "Wohnung" in start
    response = client.post(url("begin"))
    assert response.url == url("step", pk=application.pk, step="housing")
    page = client.get(response.url).content.decode()
    assert 'value="512,40"' in page and "kern-error" not in page  # kept, without nagging on open


def test_one_draft_per_person(aylin, demo, case):
    assert start_draft(aylin, demo).pk == start_draft(aylin, demo).pk


def test_the_household_grows_by_one_row_at_a_time(client, aylin, case):
    client.force_login(aylin)
    client.post(url("begin"))
    application = Application.objects.for_tenant(aylin.jobcenter).get(applicant=aylin)
    row = {"member_count": "0", "m0-first_name": "Murat", "m0-last_name": "Kaya", "m0-birth_date": "01.02.1988",
           "m0-relationship": "partner", "action": "add_person"}  # fmt: skip
    client.post(url("step", pk=application.pk, step="household"), row)
    page = client.get(url("step", pk=application.pk, step="household")).content.decode()
    assert 'value="Murat"' in page and 'name="m1-first_name"' in page and 'name="m2-first_name"' not in page
