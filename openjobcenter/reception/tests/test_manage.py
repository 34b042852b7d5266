"""Team leads and the Jobcenter admin set up zones and counters; reception staff find the displays."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import ReceptionZone
from openjobcenter.reception.models import Counter, CounterSession, ZoneSettings
from openjobcenter.reception.services import queue

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "demo", **kwargs) -> str:
    return reverse(f"reception:{name}", kwargs={"jobcenter": slug, **kwargs})


@pytest.fixture
def zone_b(demo, demo_location) -> ReceptionZone:
    return ReceptionZone.all_tenants.create(jobcenter=demo, location=demo_location, code="B", name={"de": "Leistungen"})


@pytest.fixture
def nord_zone(nord, nord_location) -> ReceptionZone:
    zone = ReceptionZone.all_tenants.create(jobcenter=nord, location=nord_location, code="N", name={"de": "Empfang"})
    ZoneSettings.all_tenants.create(jobcenter=nord, zone=zone)
    return zone


@pytest.fixture
def nord_counter(nord, nord_location, nord_zone) -> Counter:
    return Counter.all_tenants.create(jobcenter=nord, location=nord_location, zone=nord_zone, name="1")


def manage_pages(zone, counter) -> list[str]:
    return [
        url("counter_list"),
        url("counter_create"),
        url("counter_edit", pk=counter.pk),
        url("zone_settings", zone_id=zone.pk),
    ]


# --- Who may open what ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, zone, counter):
    for page in [*manage_pages(zone, counter), url("display_list")]:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/demo/login/"), page


@pytest.mark.parametrize("persona", ["anja", "tanja"])
def test_admin_and_team_lead_manage_zones_and_counters(client, request, persona, zone, counter):
    sign_in(client, request.getfixturevalue(persona))
    for page in [*manage_pages(zone, counter), url("display_list")]:
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("persona", ["emre", "bernd", "lena", "aylin", "anton"])
def test_others_may_not_change_the_queue_setup(client, request, persona, zone, counter):
    sign_in(client, request.getfixturevalue(persona))
    for page in manage_pages(zone, counter):
        assert client.get(page).status_code == 403, page
    response = client.post(url("counter_create"), {"zone": zone.pk, "name": "9", "is_active": "on"})
    assert response.status_code == 403
    assert not Counter.all_tenants.filter(name="9").exists()


def test_reception_staff_see_the_display_addresses_but_advisors_do_not(client, emre, bernd, zone, counter):
    sign_in(client, emre)
    response = client.get(url("display_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert url("display", location_id=zone.location_id, zone_id=zone.pk) in html
    assert url("kiosk", location_id=zone.location_id) in html
    assert url("counter_list") not in html  # not theirs to manage
    client.logout()
    sign_in(client, bernd)
    assert client.get(url("display_list")).status_code == 403


def test_another_jobcenters_zones_and_counters_stay_invisible(client, anja, zone, counter, nord_zone, nord_counter):
    sign_in(client, anja)
    assert client.get(url("zone_settings", zone_id=nord_zone.pk)).status_code == 404
    assert client.get(url("counter_edit", pk=nord_counter.pk)).status_code == 404
    response = client.post(url("counter_edit", pk=nord_counter.pk), {"zone": zone.pk, "name": "X", "is_active": "on"})
    assert response.status_code == 404
    nord_counter.refresh_from_db()
    assert nord_counter.name == "1" and nord_counter.zone_id == nord_zone.pk
    # Another Jobcenter's zone cannot be chosen for a counter either.
    response = client.post(url("counter_create"), {"zone": nord_zone.pk, "name": "7", "is_active": "on"})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Eingangszone aus der Liste." in response.content.decode()
    assert not Counter.all_tenants.filter(name="7").exists()
    for page in (url("counter_list"), url("display_list")):
        assert nord_zone.location.name not in client.get(page).content.decode()


def test_the_admin_of_another_jobcenter_gets_a_404_here(client, nord, zone, counter):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    nina = make_user("nina@nord.example", Role.JOBCENTER_ADMIN, jobcenter=nord, name="Nina Neumann")
    sign_in(client, nina)
    for page in [*manage_pages(zone, counter), url("display_list")]:
        assert client.get(page).status_code == 404, page


# --- The overview --------------------------------------------------------------------------------


def test_overview_lists_zones_settings_counters_and_who_sits_where(
    client, anja, emre, zone, counter, counter2, concern
):
    settings = ZoneSettings.all_tenants.get(zone=zone)
    settings.concerns.set([concern])
    queue.open_counter(counter, emre)
    Counter.all_tenants.filter(pk=counter2.pk).update(is_active=False)
    sign_in(client, anja)
    html = client.get(url("counter_list")).content.decode()
    assert "Anmeldung" in html and concern.display_name() in html
    assert "Emre Yilmaz" in html
    assert "außer Betrieb" in html and "in Betrieb" in html
    assert url("zone_settings", zone_id=zone.pk) in html
    assert url("counter_edit", pk=counter.pk) in html


def test_a_zone_never_configured_shows_the_defaults(client, anja, zone_b):
    sign_in(client, anja)
    response = client.get(url("counter_list"))
    assert response.status_code == 200
    assert "Leistungen" in response.content.decode()
    response = client.get(url("zone_settings", zone_id=zone_b.pk))
    assert response.status_code == 200
    assert 'value="10"' in response.content.decode()


# --- Zone settings -------------------------------------------------------------------------------


def test_admin_sets_what_a_zone_serves_and_takes_with_an_audit_entry(client, anja, zone, concern):
    sign_in(client, anja)
    data = {"concerns": [concern.pk], "is_open": "", "default_service_minutes": "15"}
    response = client.post(url("zone_settings", zone_id=zone.pk), data)
    assert response.status_code == 302
    assert response["Location"] == url("counter_list") + f"#zone-{zone.pk}"
    settings = ZoneSettings.all_tenants.get(zone=zone)
    assert not settings.is_open and not settings.remote_join and settings.default_service_minutes == 15
    assert list(settings.concerns.all()) == [concern]
    entry = AuditEntry.all_tenants.get(action="reception.zone_settings_changed")
    assert entry.actor == anja and set(entry.details["fields"]) == {
        "is_open",
        "remote_join",
        "default_service_minutes",
        "concerns",
    }
    # A closed zone gives no tickets.
    with pytest.raises(queue.ZoneClosed):
        queue.issue_ticket(zone.location, zone=zone)
    # Saving the same again changes nothing and logs nothing.
    response = client.post(url("zone_settings", zone_id=zone.pk), data, follow=True)
    assert "Sie haben nichts geändert." in response.content.decode()
    assert AuditEntry.all_tenants.filter(action="reception.zone_settings_changed").count() == 1


def test_first_save_of_a_zone_creates_its_settings(client, tanja, zone_b):
    sign_in(client, tanja)
    response = client.post(
        url("zone_settings", zone_id=zone_b.pk), {"is_open": "on", "remote_join": "on", "default_service_minutes": "8"}
    )
    assert response.status_code == 302
    settings = ZoneSettings.all_tenants.get(zone=zone_b)
    assert (
        settings.remote_join and settings.default_service_minutes == 8 and settings.jobcenter_id == zone_b.jobcenter_id
    )


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "Bitte geben Sie eine ganze Zahl von 1 bis 240 an."),
        ("500", "Bitte geben Sie eine ganze Zahl von 1 bis 240 an."),
        ("zehn", "Bitte geben Sie eine ganze Zahl von 1 bis 240 an."),
        ("", "Bitte geben Sie eine Zahl an."),
    ],
)
def test_bad_service_minutes_get_a_clear_message(client, anja, zone, minutes, message):
    sign_in(client, anja)
    response = client.post(url("zone_settings", zone_id=zone.pk), {"is_open": "on", "default_service_minutes": minutes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ZoneSettings.all_tenants.get(zone=zone).default_service_minutes == 10


def test_another_jobcenters_concern_cannot_be_assigned(client, anja, zone, nord):
    from openjobcenter.appointments.models import Concern

    foreign = Concern.all_tenants.create(jobcenter=nord, name={"de": "Nord-Anliegen"}, duration_minutes=30)
    sign_in(client, anja)
    response = client.post(
        url("zone_settings", zone_id=zone.pk),
        {"concerns": [foreign.pk], "is_open": "on", "default_service_minutes": "10"},
    )
    assert response.status_code == 400
    assert "Bitte wählen Sie nur Anliegen aus der Liste." in response.content.decode()
    assert "Nord-Anliegen" not in response.content.decode()
    assert not ZoneSettings.all_tenants.get(zone=zone).concerns.exists()


# --- Counters ------------------------------------------------------------------------------------


def test_create_a_counter_with_an_audit_entry(client, anja, zone):
    sign_in(client, anja)
    response = client.get(url("counter_create") + f"?zone={zone.pk}")
    assert f'<option value="{zone.pk}" selected>' in response.content.decode()
    response = client.post(url("counter_create"), {"zone": zone.pk, "name": " Platz 3 ", "is_active": "on"})
    assert response.status_code == 302
    counter = Counter.all_tenants.get(name="Platz 3")
    assert counter.zone == zone and counter.location_id == zone.location_id and counter.is_active
    entry = AuditEntry.all_tenants.get(action="reception.counter_created")
    assert entry.actor == anja and entry.details["name"] == "Platz 3"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "1"}, "In dieser Eingangszone gibt es schon einen Schalter mit dieser Bezeichnung."),
        ({"name": "   "}, "Bitte geben Sie eine Bezeichnung an, z. B. 3."),
        ({"name": "x" * 41}, "Bitte höchstens 40 Zeichen."),
        ({"name": "3", "zone": ""}, "Bitte wählen Sie eine Eingangszone."),
        ({"name": "3", "zone": "999999"}, "Bitte wählen Sie eine Eingangszone aus der Liste."),
    ],
)
def test_counter_validation_messages(client, anja, zone, counter, data, message):
    sign_in(client, anja)
    response = client.post(url("counter_create"), {"zone": zone.pk, "is_active": "on", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Counter.all_tenants.count() == 1


def test_the_same_name_is_fine_in_another_zone(client, anja, zone, counter, zone_b):
    sign_in(client, anja)
    response = client.post(url("counter_create"), {"zone": zone_b.pk, "name": "1", "is_active": "on"})
    assert response.status_code == 302
    assert Counter.all_tenants.filter(name="1").count() == 2


def test_taking_a_counter_out_of_service_signs_off_whoever_sits_there(client, tanja, emre, zone, counter):
    queue.open_counter(counter, emre)
    sign_in(client, tanja)
    response = client.post(url("counter_edit", pk=counter.pk), {"zone": zone.pk, "name": "1"}, follow=True)
    assert "ist außer Betrieb. Wer dort saß, wurde abgemeldet." in response.content.decode()
    counter.refresh_from_db()
    assert not counter.is_active
    assert not CounterSession.all_tenants.filter(counter=counter, closed_at__isnull=True).exists()
    entry = AuditEntry.all_tenants.get(action="reception.counter_changed")
    assert entry.details["signed_off"] == 1 and entry.details["fields"] == ["is_active"]


def test_rename_and_move_a_counter(client, anja, zone, counter, counter2, zone_b):
    sign_in(client, anja)
    # Renaming to a name taken in the same zone is refused.
    response = client.post(url("counter_edit", pk=counter.pk), {"zone": zone.pk, "name": "2", "is_active": "on"})
    assert response.status_code == 400
    assert "schon einen Schalter mit dieser Bezeichnung" in response.content.decode()
    # Moving it to zone B under that name is fine.
    response = client.post(url("counter_edit", pk=counter.pk), {"zone": zone_b.pk, "name": "2", "is_active": "on"})
    assert response.status_code == 302
    counter.refresh_from_db()
    assert counter.zone == zone_b and counter.name == "2"
    # Nothing changed: a notice, no audit entry.
    response = client.post(
        url("counter_edit", pk=counter.pk), {"zone": zone_b.pk, "name": "2", "is_active": "on"}, follow=True
    )
    assert "Sie haben nichts geändert." in response.content.decode()
    assert AuditEntry.all_tenants.filter(action="reception.counter_changed").count() == 1


def test_unknown_counter_and_zone_are_404(client, anja):
    sign_in(client, anja)
    assert client.get(url("counter_edit", pk=424242)).status_code == 404
    assert client.get(url("zone_settings", zone_id=424242)).status_code == 404
    assert client.get(url("counter_create") + "?zone=abc").status_code == 200
