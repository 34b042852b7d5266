"""The Jobcenter admin sets the booking rules (bot challenge, cap per e-mail, reminder) and the
state whose public holidays close the Jobcenter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import BookingPolicy
from openjobcenter.appointments.services.booking import policy_for
from openjobcenter.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/demo/staff/appointments-settings/"


@pytest.fixture
def admin_client(client, anja):
    return sign_in(client, anja)


def test_the_url_is_the_policy_page():
    assert reverse("appointments:policy", kwargs={"jobcenter": "demo"}) == URL


def test_anonymous_visitors_are_sent_to_sign_in(client, demo):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/demo/login/")


@pytest.mark.parametrize("persona", ["aylin", "bernd", "tanja", "emre"])
def test_only_admins_change_the_rules(client, request, persona):
    sign_in(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"challenge": "off"}).status_code == 403


def test_nobody_of_nord_reaches_them(client, niklas, demo):
    sign_in(client, niklas)
    assert client.get(URL).status_code == 404


def test_the_page_explains_the_default_and_shows_the_server_value(admin_client, demo, settings):
    settings.BOOKING_CHALLENGE = True
    page = admin_client.get(URL).content.decode()
    assert "BOOKING_CHALLENGE (derzeit: an)" in page
    assert "Derzeit gilt: Die Rechenaufgabe ist an." in page
    settings.BOOKING_CHALLENGE = False
    assert "BOOKING_CHALLENGE (derzeit: aus)" in admin_client.get(URL).content.decode()


def test_the_admin_changes_the_rules(admin_client, demo, settings):
    settings.BOOKING_CHALLENGE = True
    data = {"challenge": "off", "max_open_bookings_per_email": "2", "reminder_hours_before": "48"}
    response = admin_client.post(URL, data)
    assert response.status_code == 302
    policy = policy_for(demo)
    assert (policy.challenge, policy.max_open_bookings_per_email, policy.reminder_hours_before) == ("off", 2, 48)
    assert not policy.challenge_enabled()
    entry = AuditEntry.all_tenants.get(action="appointments.booking_policy_changed")
    assert entry.details["before"] == {
        "challenge": "default",
        "max_open_bookings_per_email": 3,
        "reminder_hours_before": 24,
    }
    assert "Derzeit gilt: Die Rechenaufgabe ist aus." in admin_client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reminder_hours_before": "0"}, "reminder_hours_before", "ganze Zahl von 1 bis 72"),
        ({"reminder_hours_before": "73"}, "reminder_hours_before", "ganze Zahl von 1 bis 72"),
        ({"max_open_bookings_per_email": "0"}, "max_open_bookings_per_email", "ganze Zahl von 1 bis 20"),
        ({"max_open_bookings_per_email": "viele"}, "max_open_bookings_per_email", "ganze Zahl von 1 bis 20"),
        ({"challenge": "vielleicht"}, "challenge", "Bitte wählen Sie eine der Möglichkeiten."),
    ],
)
def test_invalid_rules_are_refused_at_the_field(admin_client, demo, changes, field, message):
    data = {"challenge": "on", "max_open_bookings_per_email": "5", "reminder_hours_before": "12", **changes}
    response = admin_client.post(URL, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and f'id="id_{field}_error"' in page
    assert BookingPolicy.objects.for_tenant(demo).get().reminder_hours_before == 24


# --- The state in the Jobcenter's settings ------------------------------------------------


def test_the_settings_form_offers_the_state(admin_client, demo):
    page = admin_client.get("/demo/staff/settings/").content.decode()
    assert 'name="state"' in page and "Bayern" in page and "gesetzlichen Feiertage" in page


def test_the_admin_changes_the_state(admin_client, demo):
    data = {
        "street": demo.street, "postal_code": demo.postal_code, "city": demo.city, "phone": demo.phone,
        "email": demo.email, "organisation_type": demo.organisation_type, "brand_colour": demo.brand_colour,
        "languages": ["de"], "state": "BY",
    }  # fmt: skip
    assert admin_client.post("/demo/staff/settings/", data).status_code == 302
    demo.refresh_from_db()
    assert demo.state == "BY"
    entry = AuditEntry.all_tenants.get(action="core.jobcenter_settings_changed")
    assert "state" in entry.details["fields"]
    data["state"] = "XX"
    response = admin_client.post("/demo/staff/settings/", data)
    assert response.status_code == 400 and 'id="id_state_error"' in response.content.decode()
