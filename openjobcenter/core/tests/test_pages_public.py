"""The public pages of a Jobcenter render for everybody and show that Jobcenter's own data."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.core.models import Location, OpeningHours, OrganisationType, ReceptionZone

PUBLIC_PAGES = ["", "accessibility/", "accessibility/thanks/", "privacy/", "imprint/", "easy-language/"]
PERSONAS = ["aylin", "bernd", "lena", "emre", "tanja", "anja", "anton", "petra", "paul"]


def add_location(jobcenter, name, *, hours=(), zones=(), **fields):
    location = Location.all_tenants.create(
        jobcenter=jobcenter, name=name, street="Südring 40", postal_code="12347", city=jobcenter.city, **fields
    )
    for weekday, opens, closes in hours:
        OpeningHours.all_tenants.create(
            jobcenter=jobcenter, location=location, weekday=weekday, opens=dt.time(*opens), closes=dt.time(*closes)
        )
    for code, names in zones:
        ReceptionZone.all_tenants.create(jobcenter=jobcenter, location=location, code=code, name=names)
    return location


WEEK = [(day, (8, 0), (12, 30)) for day in range(5)] + [(3, (14, 0), (18, 0))]


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_public_page_renders_for_anonymous_visitors(client, demo, page):
    response = client.get(f"/demo/{page}")
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_public_page_renders_for_every_role(client, request, demo, persona):
    sign_in(client, request.getfixturevalue(persona))
    for page in PUBLIC_PAGES:
        assert client.get(f"/demo/{page}").status_code == 200, page


def test_home_page_puts_the_phone_number_first_and_lists_contact_details(client, demo):
    page = client.get("/demo/").content.decode()
    assert 'href="tel:01234567-0"' in page
    assert "kontakt@musterstadt.example" in page
    assert page.index("tel:01234567-0") < page.index("mailto:kontakt@musterstadt.example")
    assert "Am Rathausplatz 1" in page


def test_home_page_groups_weekdays_with_the_same_opening_hours(client, demo):
    add_location(demo, "Geschäftsstelle Süd", hours=WEEK)
    page = client.get("/demo/").content.decode()
    assert "Montag bis Mittwoch und Freitag" in page
    thursday = page.split("<dt>Donnerstag</dt>", 1)[1].split("</dd>", 1)[0]
    assert "08:00–12:30 Uhr" in thursday and "14:00–18:00 Uhr" in thursday
    assert "Samstag und Sonntag" in page and "geschlossen" in page


def test_home_page_shows_zones_and_accessibility_in_the_visitors_language(client, demo):
    add_location(
        demo,
        "Geschäftsstelle Süd",
        zones=[("S", {"de": "Empfang Süd", "en": "South reception"})],
        accessibility={"de": "Stufenloser Eingang", "en": "Step-free entrance"},
    )
    german = client.get("/demo/").content.decode()
    assert "Empfang Süd" in german and "Stufenloser Eingang" in german
    client.cookies["ojc_language"] = "en"
    english = client.get("/demo/").content.decode()
    assert "South reception" in english and "Step-free entrance" in english


def test_home_page_hides_deactivated_locations(client, demo):
    add_location(demo, "Geschäftsstelle West", is_active=False)
    assert "Geschäftsstelle West" not in client.get("/demo/").content.decode()


def test_home_page_only_links_offers_that_exist(client, demo):
    page = client.get("/demo/").content.decode()
    assert 'href="/demo/login/"' in page
    assert 'href="/demo/register/"' in page
    assert 'href="/demo/easy-language/"' in page


def test_signed_in_clients_get_a_link_to_their_area_instead_of_sign_in(client, aylin):
    page = sign_in(client, aylin).get("/demo/").content.decode()
    assert 'href="/demo/my/"' in page
    assert "Konto anlegen" not in page


def test_home_page_needs_the_same_number_of_queries_for_many_locations(client, demo, django_assert_num_queries):
    add_location(demo, "Standort 1", hours=WEEK, zones=[("A", {"de": "A"})])
    client.get("/demo/")  # warm up caches that are filled once per process
    cache.clear()  # measure rendering, not the page cache
    with CaptureQueriesContext(connection) as few:
        client.get("/demo/")
    for number in range(2, 7):
        add_location(demo, f"Standort {number}", hours=WEEK, zones=[("A", {"de": "A"}), ("B", {"de": "B"})])
    cache.clear()
    with django_assert_num_queries(len(few)):
        assert client.get("/demo/").status_code == 200


def test_home_page_query_count_is_small(client, demo, django_assert_max_num_queries):
    for number in range(5):
        add_location(demo, f"Standort {number}", hours=WEEK, zones=[("A", {"de": "A"})])
    with django_assert_max_num_queries(6):
        client.get("/demo/")


def test_no_page_of_one_jobcenter_shows_another_jobcenters_data(client, demo, nord):
    add_location(nord, "Hafenbüro", accessibility={"de": "Rampe am Hafen"})
    for page in PUBLIC_PAGES:
        html = client.get(f"/demo/{page}").content.decode()
        assert "Nordkreis" not in html and "Hafenbüro" not in html and "kontakt@nordkreis.example" not in html


def test_accessibility_statement_is_honest_about_partial_compliance(client, demo):
    page = client.get("/demo/accessibility/").content.decode()
    assert "teilweise vereinbar" in page
    assert "Selbstbewertung" in page
    assert "Schlichtungsstelle nach § 16 BGG" in page
    assert "info@schlichtungsstelle-bgg.de" in page and "Mauerstraße 53" in page
    assert "22. November 2026" in page


def test_accessibility_statement_uses_the_jobcenters_own_enforcement_body_when_set(client, demo):
    demo.accessibility_enforcement = "Ombudsstelle für barrierefreie IT des Landes"
    demo.accessibility_statement_date = dt.date(2027, 2, 1)
    demo.save()
    page = client.get("/demo/accessibility/").content.decode()
    assert "Ombudsstelle für barrierefreie IT des Landes" in page
    assert "schlichtungsstelle-bgg.de" not in page
    assert "1. Februar 2027" in page


def test_privacy_notice_names_controller_legal_bases_cookies_and_the_federal_authority(client, demo):
    page = client.get("/demo/privacy/").content.decode()
    assert "Jobcenter Musterstadt" in page
    for text in ["§ 35", "§§ 67 ff.", "Art. 6 Abs. 1 Buchst. c und e DSGVO", "Art. 15", "Art. 21", "Art. 77"]:
        assert text in page
    for cookie in ["ojc_session", "ojc_csrftoken", "ojc_language"]:
        assert cookie in page
    assert "Wer hat meine Daten gesehen?" in page
    assert "poststelle@bfdi.bund.de" in page


def test_privacy_notice_of_a_municipal_jobcenter_names_the_state_authority(client, demo):
    demo.organisation_type = OrganisationType.MUNICIPAL
    demo.data_protection_authority = "Landesbeauftragte für Datenschutz Musterland"
    demo.save()
    page = client.get("/demo/privacy/").content.decode()
    assert "Landesbeauftragte für Datenschutz Musterland" in page
    assert "bfdi.bund.de" not in page
    assert "§ 6a" in page


def test_imprint_names_provider_representative_and_supervision(client, demo):
    demo.legal_representative = "Geschäftsführerin Dr. Maria Muster"
    demo.save()
    page = client.get("/demo/imprint/").content.decode()
    assert "§ 5 Digitale-Dienste-Gesetz" in page
    assert "Geschäftsführerin Dr. Maria Muster" in page
    assert "§ 47 SGB II" in page
    assert 'href="tel:01234567-0"' in page


def test_easy_language_page_is_marked_as_german_even_in_other_languages(client, demo):
    client.cookies["ojc_language"] = "ar"
    page = client.get("/demo/easy-language/").content.decode()
    assert 'lang="de"' in page
    assert "Das Job·center ist ein Amt." in page
    assert "Grund·sicherungs·geld" in page


def test_pages_of_an_unknown_jobcenter_are_a_clear_404(client, demo):
    assert client.get("/gibtsnicht/privacy/").status_code == 404
