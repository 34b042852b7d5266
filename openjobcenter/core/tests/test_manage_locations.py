"""Jobcenter admins create, change, deactivate and reactivate their locations."""

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import Location

NEW = {
    "name": "Geschäftsstelle Süd",
    "street": "Südring 40",
    "postal_code": "12347",
    "city": "Musterstadt",
    "phone": "0123 4567-200",
    "email": "sued@musterstadt.example",
    "accessibility_de": "Stufenloser Eingang, Aufzug",
    "accessibility_en": "Step-free entrance, lift",
    "directions_de": "Bus 12, Haltestelle Südring",
}


@pytest.fixture
def admin_client(client, anja):
    return sign_in(client, anja)


def test_the_list_shows_active_and_deactivated_locations(admin_client, demo_location):
    Location.all_tenants.create(
        jobcenter=demo_location.jobcenter, name="Altbau", street="X 1", postal_code="12345", city="M", is_active=False
    )
    page = admin_client.get("/demo/staff/locations/").content.decode()
    assert "Hauptstelle Mitte" in page and "Altbau" in page and "deaktiviert" in page


def test_the_create_form_has_one_field_per_offered_language(admin_client, demo):
    demo.languages = ["de", "en", "ar"]
    demo.save()
    page = admin_client.get("/demo/staff/locations/new/").content.decode()
    for code in ["de", "en", "ar"]:
        assert f'name="accessibility_{code}"' in page and f'name="directions_{code}"' in page
    assert 'name="accessibility_tr"' not in page
    assert 'lang="ar"' in page


def test_an_admin_creates_a_location_with_texts_per_language(admin_client, demo):
    response = admin_client.post("/demo/staff/locations/new/", NEW)
    location = Location.objects.for_tenant(demo).get(name="Geschäftsstelle Süd")
    assert response.status_code == 302
    assert response["Location"] == f"/demo/staff/locations/{location.pk}/"
    assert location.accessibility == {"de": "Stufenloser Eingang, Aufzug", "en": "Step-free entrance, lift"}
    assert location.directions == {"de": "Bus 12, Haltestelle Südring"}
    assert AuditEntry.all_tenants.filter(action="core.location_created", jobcenter=demo).exists()
    assert "Geschäftsstelle Süd" in admin_client.get("/demo/").content.decode()


def test_german_accessibility_text_is_required_and_input_is_kept(admin_client, demo):
    response = admin_client.post("/demo/staff/locations/new/", {**NEW, "accessibility_de": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bitte beschreiben Sie auf Deutsch" in page
    assert 'value="Südring 40"' in page and "Step-free entrance, lift" in page
    assert not Location.objects.for_tenant(demo).exists()


def test_bad_postal_code_and_phone_are_explained(admin_client, demo):
    response = admin_client.post("/demo/staff/locations/new/", {**NEW, "postal_code": "1234", "phone": "ruf an"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "fünfstellige Postleitzahl" in page
    assert "Telefonnummer aus Ziffern" in page


def test_a_translation_of_directions_needs_the_german_text(admin_client, demo):
    response = admin_client.post("/demo/staff/locations/new/", {**NEW, "directions_de": "", "directions_en": "Bus 12"})
    assert response.status_code == 400
    assert "zuerst auf Deutsch" in response.content.decode()


def test_names_are_unique_within_the_jobcenter(admin_client, demo_location):
    response = admin_client.post("/demo/staff/locations/new/", {**NEW, "name": "hauptstelle mitte"})
    assert response.status_code == 400
    assert "bereits einen Standort mit diesem Namen" in response.content.decode()


def test_an_admin_edits_a_location(admin_client, demo_location):
    url = f"/demo/staff/locations/{demo_location.pk}/edit/"
    assert "Hauptstelle Mitte" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {**NEW, "name": "Hauptstelle Mitte", "street": "Am Rathausplatz 2"})
    assert response.status_code == 302
    demo_location.refresh_from_db()
    assert demo_location.street == "Am Rathausplatz 2"
    entry = AuditEntry.all_tenants.filter(action="core.location_changed").get()
    assert "street" in str(entry.details)


def test_the_detail_page_shows_hours_zones_and_teams(admin_client, demo_location, demo_team):
    demo_team.location = demo_location
    demo_team.save()
    page = admin_client.get(f"/demo/staff/locations/{demo_location.pk}/").content.decode()
    assert "Öffnungszeiten bearbeiten" in page and "Eingangszonen bearbeiten" in page
    assert "Markt und Integration 1" in page


def test_deactivating_asks_first_then_hides_the_location(admin_client, demo_location):
    url = f"/demo/staff/locations/{demo_location.pk}/status/"
    assert "deaktivieren?" in admin_client.get(url).content.decode()
    assert admin_client.post(url, {"active": "0"}).status_code == 302
    demo_location.refresh_from_db()
    assert not demo_location.is_active
    assert "Hauptstelle Mitte" not in admin_client.get("/demo/").content.decode()
    assert AuditEntry.all_tenants.filter(action="core.location_deactivated").exists()


def test_a_deactivated_location_can_be_reactivated(admin_client, demo_location):
    demo_location.is_active = False
    demo_location.save()
    admin_client.post(f"/demo/staff/locations/{demo_location.pk}/status/", {"active": "1"})
    demo_location.refresh_from_db()
    assert demo_location.is_active


def test_texts_in_languages_no_longer_offered_are_kept_when_editing(admin_client, demo, demo_location):
    demo_location.accessibility = {"de": "Aufzug", "uk": "Ліфт"}
    demo_location.save()
    demo.languages = ["de", "en"]
    demo.save()
    data = {**NEW, "name": "Hauptstelle Mitte", "accessibility_de": "Aufzug vorhanden", "accessibility_en": "Lift"}
    admin_client.post(f"/demo/staff/locations/{demo_location.pk}/edit/", data)
    demo_location.refresh_from_db()
    assert demo_location.accessibility == {"de": "Aufzug vorhanden", "en": "Lift", "uk": "Ліфт"}
