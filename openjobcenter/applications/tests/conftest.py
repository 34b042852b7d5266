"""Fixtures: Aylin's case (Bernd's team), a filled draft for a household of three, files in temp storage."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from openjobcenter.applications.models import Application, Status
from openjobcenter.applications.services.drafts import save_step, start_draft
from openjobcenter.applications.steps import BY_SLUG, build, cleaned, compact_household
from openjobcenter.casefile.tests.conftest import case  # noqa: F401 – Aylin's household

HOUSEHOLD_OF_THREE = {
    "applicant": {
        "first_name": "Aylin", "last_name": "Kaya", "birth_date": "12.04.1990", "birth_place": "Köln",
        "nationality": "de", "marital_status": "married", "street": "Lindenweg 3", "postal_code": "12345",
        "city": "Musterstadt", "phone": "",
    },
    "household": {
        "member_count": "2",
        "m0-first_name": "Murat", "m0-last_name": "Kaya", "m0-birth_date": "01.02.1988", "m0-relationship": "partner",
        "m1-first_name": "Elif", "m1-last_name": "Kaya", "m1-birth_date": "15.06.2019", "m1-relationship": "child",
    },
    "housing": {
        "housing": "rent", "size": "68", "rooms": "3", "base_rent": "520,00", "utilities": "140", "heating": "85",
        "heating_type": "central", "landlord": "Wohnbau Musterstadt eG", "landlord_address": "Hafenweg 1, 12345 Musterstadt",
    },
    "income": {
        "p0-has_income": "yes", "p0-kind": "employment", "p0-source": "Bäckerei Sonne", "p0-gross": "900", "p0-net": "720",
        "p1-has_income": "no", "p2-has_income": "yes", "p2-kind": "child_benefit", "p2-net": "255",
    },
    "assets": {"savings": "800", "vehicle": "no", "property": "no", "insurance": "no"},
    "health": {
        "p0-insurance": "statutory", "p0-insurer": "AOK", "p1-insurance": "family", "p1-insurer": "AOK",
        "p2-insurance": "family", "p2-insurer": "AOK",
    },
    "bank": {"iban": "DE89 3704 0044 0532 0130 00", "holder": "Aylin Kaya", "own_account": "yes"},
    "previous": {"received": "no"},
}  # fmt: skip


def fill(application: Application, answers: dict[str, dict[str, str]] | None = None) -> Application:
    """Save every step as the forms would, validating each."""
    for slug, raw in (answers or HOUSEHOLD_OF_THREE).items():
        raw = compact_household(dict(raw)) if slug == "household" else dict(raw)
        page = build(BY_SLUG[slug], application.data, raw)
        assert page.is_valid(), (slug, [form.errors for _h, form in page.forms])
        application = save_step(application, slug, raw, clean=cleaned(page))
    return application


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")},
    }}  # fmt: skip


@pytest.fixture
def draft(demo, aylin, case) -> Application:
    return fill(start_draft(aylin, demo))


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


__all__ = ["PASSWORD", "Status"]
