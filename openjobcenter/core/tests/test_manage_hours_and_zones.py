"""Opening hours (no overlaps, from before to) and reception zones of a location."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import OpeningHours, ReceptionZone
from openjobcenter.core.services.hours import Period
from openjobcenter.core.services.locations import replace_opening_hours


@pytest.fixture
def admin_client(client, anja):
    return sign_in(client, anja)


def hours_post(rows, *, initial=0):
    data = {
        "hours-TOTAL_FORMS": str(len(rows)),
        "hours-INITIAL_FORMS": str(initial),
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"hours-{index}-{key}"] = value
    return data


def zones_post(rows, *, initial=0):
    data = {
        "zones-TOTAL_FORMS": str(len(rows)),
        "zones-INITIAL_FORMS": str(initial),
        "zones-MIN_NUM_FORMS": "0",
        "zones-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"zones-{index}-{key}"] = value
    return data


def test_an_admin_sets_the_weeks_opening_hours(admin_client, demo, demo_location):
    rows = [
        {"weekday": "0", "opens": "08:00", "closes": "12:30"},
        {"weekday": "3", "opens": "14:00", "closes": "18:00"},
        {"weekday": "3", "opens": "08:00", "closes": "12:30"},
        {"weekday": "", "opens": "", "closes": ""},
    ]
    response = admin_client.post(f"/demo/staff/locations/{demo_location.pk}/hours/", hours_post(rows))
    assert response.status_code == 302
    stored = [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in OpeningHours.objects.for_tenant(demo)]
    assert stored == [(0, "08:00", "12:30"), (3, "08:00", "12:30"), (3, "14:00", "18:00")]
    assert AuditEntry.all_tenants.filter(action="core.opening_hours_changed").exists()


def test_the_hours_form_shows_the_current_periods(admin_client, demo, demo_location):
    OpeningHours.all_tenants.create(
        jobcenter=demo, location=demo_location, weekday=4, opens=dt.time(9), closes=dt.time(11, 15)
    )
    page = admin_client.get(f"/demo/staff/locations/{demo_location.pk}/hours/").content.decode()
    assert 'value="09:00"' in page and 'value="11:15"' in page
    assert "Diesen Zeitraum entfernen" in page


def test_closing_before_opening_is_refused_and_the_input_is_kept(admin_client, demo, demo_location):
    rows = [{"weekday": "1", "opens": "13:00", "closes": "09:00"}]
    response = admin_client.post(f"/demo/staff/locations/{demo_location.pk}/hours/", hours_post(rows))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Die Endzeit muss nach der Anfangszeit liegen." in page
    assert 'value="13:00"' in page
    assert not OpeningHours.objects.for_tenant(demo).exists()


def test_overlapping_periods_on_one_day_are_refused(admin_client, demo, demo_location):
    rows = [
        {"weekday": "2", "opens": "08:00", "closes": "12:00"},
        {"weekday": "2", "opens": "11:00", "closes": "15:00"},
    ]
    response = admin_client.post(f"/demo/staff/locations/{demo_location.pk}/hours/", hours_post(rows))
    assert response.status_code == 400
    assert "Überschneidet sich mit Mittwoch, 08:00–12:00 Uhr." in response.content.decode()


def test_periods_that_touch_do_not_overlap(admin_client, demo, demo_location):
    rows = [
        {"weekday": "2", "opens": "08:00", "closes": "12:00"},
        {"weekday": "2", "opens": "12:00", "closes": "15:00"},
    ]
    assert admin_client.post(f"/demo/staff/locations/{demo_location.pk}/hours/", hours_post(rows)).status_code == 302


def test_deleting_a_period_removes_it(admin_client, demo, demo_location):
    OpeningHours.all_tenants.create(
        jobcenter=demo, location=demo_location, weekday=0, opens=dt.time(8), closes=dt.time(12)
    )
    rows = [{"weekday": "0", "opens": "08:00", "closes": "12:00", "DELETE": "on"}]
    admin_client.post(f"/demo/staff/locations/{demo_location.pk}/hours/", hours_post(rows, initial=1))
    assert not OpeningHours.objects.for_tenant(demo).exists()


def test_the_service_itself_refuses_overlaps(anja, demo_location):
    periods = [Period(0, dt.time(8), dt.time(12)), Period(0, dt.time(9), dt.time(10))]
    with pytest.raises(ValidationError):
        replace_opening_hours(demo_location, periods, actor=anja)


def test_an_admin_adds_reception_zones_with_names_per_language(admin_client, demo, demo_location):
    rows = [{"zone_id": "", "code": "a", "floor": "Erdgeschoss", "name_de": "Anmeldung", "name_en": "Registration"}]
    response = admin_client.post(f"/demo/staff/locations/{demo_location.pk}/zones/", zones_post(rows))
    assert response.status_code == 302
    zone = ReceptionZone.objects.for_tenant(demo).get()
    assert zone.code == "A" and zone.name == {"de": "Anmeldung", "en": "Registration"}
    assert zone.floor == "Erdgeschoss"
    assert AuditEntry.all_tenants.filter(action="core.reception_zones_changed").exists()


def test_zones_are_renamed_and_removed(admin_client, demo, demo_location):
    keep = ReceptionZone.all_tenants.create(jobcenter=demo, location=demo_location, code="A", name={"de": "Alt"})
    drop = ReceptionZone.all_tenants.create(jobcenter=demo, location=demo_location, code="B", name={"de": "Weg"})
    rows = [
        {"zone_id": str(keep.pk), "code": "A", "name_de": "Neu"},
        {"zone_id": str(drop.pk), "code": "B", "name_de": "Weg", "DELETE": "on"},
    ]
    admin_client.post(f"/demo/staff/locations/{demo_location.pk}/zones/", zones_post(rows, initial=2))
    assert [(z.pk, z.name["de"]) for z in ReceptionZone.objects.for_tenant(demo)] == [(keep.pk, "Neu")]


def test_duplicate_zone_codes_and_missing_german_names_are_refused(admin_client, demo, demo_location):
    rows = [
        {"zone_id": "", "code": "A", "name_de": "Anmeldung"},
        {"zone_id": "", "code": "a", "name_de": ""},
    ]
    response = admin_client.post(f"/demo/staff/locations/{demo_location.pk}/zones/", zones_post(rows))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bitte geben Sie eine deutsche Bezeichnung an." in page
    assert not ReceptionZone.objects.for_tenant(demo).exists()


def test_duplicate_zone_codes_are_refused(admin_client, demo, demo_location):
    rows = [
        {"zone_id": "", "code": "A", "name_de": "Anmeldung"},
        {"zone_id": "", "code": "a", "name_de": "Leistung"},
    ]
    response = admin_client.post(f"/demo/staff/locations/{demo_location.pk}/zones/", zones_post(rows))
    assert response.status_code == 400
    assert "Dieser Kennbuchstabe kommt schon vor." in response.content.decode()


def test_a_zone_of_another_location_cannot_be_taken_over(admin_client, demo, nord, demo_location, nord_location):
    foreign = ReceptionZone.all_tenants.create(jobcenter=nord, location=nord_location, code="N", name={"de": "Nord"})
    rows = [{"zone_id": str(foreign.pk), "code": "N", "name_de": "Gekapert"}]
    response = admin_client.post(f"/demo/staff/locations/{demo_location.pk}/zones/", zones_post(rows))
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.name == {"de": "Nord"}
