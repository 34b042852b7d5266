"""Bad input is named precisely and kept: impossible dates, invalid IBANs, conditional answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openjobcenter.applications.fields import parse_date
from openjobcenter.applications.forms import BankForm, HousingForm, IncomeForm, MemberForm
from openjobcenter.applications.tests.conftest import HOUSEHOLD_OF_THREE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31.02.1990", "Den 31. Februar 1990 gibt es nicht: Der Februar 1990 hat 28 Tage."),
        ("29.02.2023", "Den 29. Februar 2023 gibt es nicht"),
        ("12.13.1990", "Einen 13. Monat gibt es nicht"),
        ("1990/01/01", "TT.MM.JJJJ"),
        ("01.01.1850", "Das Jahr 1850 ist nicht plausibel"),
    ],
)
def test_impossible_dates_are_named(value, message):
    form = MemberForm(
        {"m-first_name": "A", "m-last_name": "B", "m-birth_date": value, "m-relationship": "child"}, prefix="m"
    )
    assert not form.is_valid()
    assert message in " ".join(str(e) for e in form.errors["birth_date"])


def test_a_leap_day_is_a_date():
    assert parse_date("29.02.2024").isoformat() == "2024-02-29"


def test_a_birth_date_in_the_future_is_refused():
    form = MemberForm({"first_name": "A", "last_name": "B", "birth_date": "01.01.2999", "relationship": "child"})
    assert "liegt in der Zukunft" in " ".join(str(e) for e in form.errors["birth_date"])


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("DE89370400440532013001", "Prüfziffer der IBAN stimmt nicht"),
        ("DE8937040044053201300", "21 Stellen"),
        ("XX89370400440532013000", "gültigen Ländercode"),
    ],
)
def test_invalid_ibans_are_named(iban, message):
    form = BankForm({"iban": iban, "holder": "Aylin Kaya", "own_account": "yes"})
    assert not form.is_valid()
    assert message in " ".join(str(e) for e in form.errors["iban"])


def test_a_valid_iban_is_stored_compact():
    form = BankForm({"iban": "de89 3704 0044 0532 0130 00", "holder": "Aylin Kaya", "own_account": "yes"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["iban"] == "DE89370400440532013000"


def test_renting_requires_the_rent_and_the_landlord():
    form = HousingForm({"housing": "rent", "size": "50", "rooms": "2", "heating_type": "included"})
    assert not form.is_valid()
    assert set(form.errors) == {"base_rent", "utilities", "landlord", "landlord_address"}


def test_income_needs_the_net_amount_and_net_not_above_gross():
    form = IncomeForm({"has_income": "yes", "kind": "employment", "source": "X", "gross": "500", "net": "600"})
    assert "höher als der Bruttobetrag" in " ".join(str(e) for e in form.errors["net"])


@pytest.mark.django_db
def test_an_invalid_iban_is_shown_next_to_the_field_and_kept(client, aylin, draft):
    client.force_login(aylin)
    bank = {**HOUSEHOLD_OF_THREE["bank"], "iban": "DE89370400440532013001"}
    response = client.post(
        reverse("applications:step", kwargs={"jobcenter": "demo", "pk": draft.pk, "step": "bank"}), bank
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Prüfziffer der IBAN stimmt nicht" in page and 'value="DE89370400440532013001"' in page
    draft.refresh_from_db()
    assert draft.data["bank"]["raw"]["iban"] == "DE89370400440532013001" and draft.data["bank"]["clean"] is None


@pytest.mark.django_db
def test_a_second_partner_is_refused(client, aylin, draft):
    client.force_login(aylin)
    household = {**HOUSEHOLD_OF_THREE["household"], "m1-relationship": "partner"}
    response = client.post(
        reverse("applications:step", kwargs={"jobcenter": "demo", "pk": draft.pk, "step": "household"}), household
    )
    assert response.status_code == 400
    assert "nur eine Partnerin oder einen Partner" in response.content.decode()
