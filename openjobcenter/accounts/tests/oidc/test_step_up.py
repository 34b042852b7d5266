"""Trust levels as a rule: changing bank details needs "substanziell"; the form waits for the step-up."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from openjobcenter.accounts.models import User
from openjobcenter.accounts.oidc.models import BankDetails
from openjobcenter.accounts.oidc.trust import TRUST_LEVEL_KEY
from openjobcenter.accounts.tests.helpers import add_app
from openjobcenter.accounts.tests.helpers import sign_in as sign_in_with_app
from openjobcenter.accounts.tests.oidc.conftest import come_back, sign_in_at_provider, start
from openjobcenter.accounts.tests.oidc.provider import authenticate

pytestmark = pytest.mark.django_db

IBAN = "DE89 3704 0044 0532 0130 00"
URL = "/demo/account/bank-details/"


def test_a_basis_sign_in_is_asked_to_step_up_and_the_change_is_kept(client: Client, bundid) -> None:
    sign_in_at_provider(client, "anna", level="basis")
    anna = User.objects.get(email="anna@bund.example")
    response = client.post(URL, {"account_holder": "Anna Arslan", "iban": IBAN})
    assert response.status_code == 302
    step_up = response["Location"]
    assert step_up.startswith("/demo/account/step-up/")
    assert not BankDetails.all_tenants.filter(user=anna).exists()
    page = client.get(step_up).content.decode()
    assert "Bankverbindung ändern" in page and "substanziell" in page

    action = parse_qs(urlsplit(step_up).query)["action"][0]
    auth_url = start(client, mode="step_up", level="substanziell", action=action)
    query = parse_qs(urlsplit(auth_url).query)
    assert query["acr_values"] == ["substanziell hoch"] and query["prompt"] == ["login"]
    resumed = come_back(client, authenticate(auth_url, login="anna", level="substanziell"))
    assert resumed.status_code == 302 and resumed["Location"].startswith(URL + "?ojc_resume=")
    assert client.get(resumed["Location"]).status_code == 302
    assert BankDetails.all_tenants.get(user=anna).iban == "DE89370400440532013000"
    assert client.session[TRUST_LEVEL_KEY] == "substanziell"


def test_a_kept_change_runs_only_once(client: Client, bundid) -> None:
    sign_in_at_provider(client, "anna", level="basis")
    step_up = client.post(URL, {"account_holder": "Anna Arslan", "iban": IBAN})["Location"]
    action = parse_qs(urlsplit(step_up).query)["action"][0]
    auth_url = start(client, mode="step_up", level="substanziell", action=action)
    resumed = come_back(client, authenticate(auth_url, login="anna", level="substanziell"))
    client.get(resumed["Location"])
    again = client.get(resumed["Location"])
    assert again.status_code == 200  # just the page: nothing is saved a second time


def test_a_step_up_that_stays_too_low_changes_nothing(client: Client, bundid) -> None:
    sign_in_at_provider(client, "anna", level="basis")
    step_up = client.post(URL, {"account_holder": "Anna Arslan", "iban": IBAN})["Location"]
    action = parse_qs(urlsplit(step_up).query)["action"][0]
    auth_url = start(client, mode="step_up", level="substanziell", action=action)
    response = come_back(client, authenticate(auth_url, login="anna", level="basis"))
    assert response.status_code == 403
    assert not BankDetails.all_tenants.exists()


def test_a_step_up_as_somebody_else_is_refused(client: Client, bundid, aylin: User) -> None:
    sign_in_at_provider(client, "anna", level="basis")
    step_up = client.post(URL, {"account_holder": "Anna Arslan", "iban": IBAN})["Location"]
    action = parse_qs(urlsplit(step_up).query)["action"][0]
    auth_url = start(client, mode="step_up", level="substanziell", action=action)
    response = come_back(client, authenticate(auth_url, login="aylin", level="substanziell"))
    assert response.status_code == 403
    assert not BankDetails.all_tenants.exists()


def test_a_local_sign_in_with_second_factor_counts_as_substanziell(client: Client, demo, aylin: User) -> None:
    add_app(aylin)
    sign_in_with_app(client, aylin)
    response = client.post(URL, {"account_holder": "Aylin Kaya", "iban": IBAN})
    assert response.status_code == 302 and response["Location"] == URL
    assert BankDetails.all_tenants.get(user=aylin).account_holder == "Aylin Kaya"


def test_a_password_alone_is_basis(client: Client, demo, aylin: User) -> None:
    client.force_login(aylin)
    response = client.post(URL, {"account_holder": "Aylin Kaya", "iban": IBAN})
    assert response["Location"].startswith("/demo/account/step-up/")
    page = client.get(response["Location"]).content.decode()
    assert "Zwei-Faktor-Anmeldung einrichten" in page  # no provider configured: the local way up


def test_a_wrong_iban_is_shown_next_to_the_field(client: Client, demo, aylin: User) -> None:
    add_app(aylin)
    sign_in_with_app(client, aylin)
    response = client.post(URL, {"account_holder": "Aylin Kaya", "iban": "DE00 1234"})
    assert response.status_code == 400
    assert "nicht gültig" in response.content.decode()


def test_staff_have_no_bank_details_page(client: Client, bernd: User) -> None:
    sign_in_with_app(client, bernd)
    assert client.get(reverse("accounts:bank_details", kwargs={"jobcenter": "demo"})).status_code == 403
