"""The second factor for local citizen accounts is offered per Jobcenter; staff keep it always."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from openjobcenter.accounts.models import User
from openjobcenter.accounts.oidc.models import IdentitySettings
from openjobcenter.accounts.tests.helpers import sign_in as sign_in_with_app

pytestmark = pytest.mark.django_db


def test_citizens_are_offered_the_second_factor_by_default(client: Client, aylin: User) -> None:
    client.force_login(aylin)
    assert client.get(reverse("accounts:two_factor_setup", kwargs={"jobcenter": "demo"})).status_code == 200


def test_a_jobcenter_can_switch_the_offer_off_for_citizens(client: Client, demo, aylin: User) -> None:
    IdentitySettings.all_tenants.create(jobcenter=demo, citizen_two_factor=False)
    client.force_login(aylin)
    assert client.get(reverse("accounts:two_factor_setup", kwargs={"jobcenter": "demo"})).status_code == 404
    page = client.get(reverse("accounts:settings", kwargs={"jobcenter": "demo"})).content.decode()
    assert "derzeit nicht an" in page


def test_staff_keep_their_second_factor_whatever_the_setting(client: Client, demo, bernd: User) -> None:
    IdentitySettings.all_tenants.create(jobcenter=demo, citizen_two_factor=False)
    sign_in_with_app(client, bernd)
    assert client.get(reverse("accounts:two_factor_setup", kwargs={"jobcenter": "demo"})).status_code == 200


def test_the_admin_switches_the_offer(client: Client, anja: User) -> None:
    sign_in_with_app(client, anja)
    url = reverse("accounts:identity_settings", kwargs={"jobcenter": "demo"})
    assert client.post(url, {"section": "settings"}).status_code == 302
    assert IdentitySettings.all_tenants.get(jobcenter__slug="demo").citizen_two_factor is False
