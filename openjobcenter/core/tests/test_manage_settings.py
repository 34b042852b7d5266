"""A Jobcenter admin changes the Jobcenter's contact data, legal details, colour and languages."""

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry

URL = "/demo/staff/settings/"


def form_data(jobcenter, **changes):
    data = {
        "street": jobcenter.street,
        "postal_code": jobcenter.postal_code,
        "city": jobcenter.city,
        "phone": jobcenter.phone,
        "email": jobcenter.email,
        "legal_representative": jobcenter.legal_representative,
        "privacy_officer": jobcenter.privacy_officer,
        "organisation_type": jobcenter.organisation_type,
        "supervisory_authority": "",
        "data_protection_authority": "",
        "accessibility_enforcement": "",
        "accessibility_statement_date": "",
        "brand_colour": jobcenter.brand_colour,
        "languages": ["de", "en"],
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(client, anja):
    return sign_in(client, anja)


def test_the_settings_form_shows_the_current_values(admin_client, demo):
    page = admin_client.get(URL).content.decode()
    assert 'value="0123 4567-0"' in page
    assert 'name="languages"' in page


def test_an_admin_changes_contact_data_and_languages(admin_client, demo):
    data = form_data(demo, phone="0123 4567-99", languages=["en", "ar"])
    response = admin_client.post(URL, data)
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.phone == "0123 4567-99"
    assert demo.languages == ["de", "en", "ar"]  # German always stays
    entry = AuditEntry.all_tenants.filter(action="core.jobcenter_settings_changed").get()
    assert "phone" in str(entry.details)
    assert 'href="tel:01234567-99"' in admin_client.get("/demo/").content.decode()


def test_a_colour_too_light_for_white_text_is_refused(admin_client, demo):
    response = admin_client.post(URL, form_data(demo, brand_colour="#FFD500", phone="0999 1"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Diese Farbe ist zu hell" in page
    assert 'value="0999 1"' in page
    demo.refresh_from_db()
    assert demo.brand_colour == "#004B76" and demo.phone == "0123 4567-0"


def test_an_invalid_email_does_not_reach_header_or_footer(admin_client, demo):
    response = admin_client.post(URL, form_data(demo, email="kein-mail"))
    assert response.status_code == 400
    assert "mailto:kein-mail" not in response.content.decode()


def test_only_admins_may_change_settings(client, tanja):
    assert sign_in(client, tanja).get(URL).status_code == 403
