"""The staff pages for availability: overview, weekly hours and absences, and who may open them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import Absence, BookingStatus, Slot, WorkingHours
from openjobcenter.appointments.services import availability as svc
from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import Team

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "demo", **kwargs) -> str:
    return reverse(f"appointments:{name}", kwargs={"jobcenter": slug, **kwargs})


def hours_url(person, slug="demo") -> str:
    return url("working_hours", slug, staff_id=person.pk)


def absences_url(person, slug="demo") -> str:
    return url("absences", slug, staff_id=person.pk)


def new_hours(location, **changes) -> dict:
    data = {
        "action": "save",
        "weekdays": ["1", "3"],
        "starts": "08:00",
        "ends": "10:00",
        "location": str(location.pk),
        "channels": ["in_person", "video"],
        "slot_minutes": "30",
        "buffer_minutes": "0",
        "desks": "1",
        "valid_from": timezone.localdate().isoformat(),
        "valid_until": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def olaf(demo):
    """Olaf advises in another team than Bernd's."""
    team = Team.all_tenants.create(jobcenter=demo, name="Leistung 2")
    return make_user("olaf@demo.example", Role.ADVISOR, jobcenter=demo, team=team, name="Olaf Otto")


# --- Who may open what --------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, bernd):
    for page in (url("availability"), hours_url(bernd), absences_url(bernd)):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/demo/login/"), page


@pytest.mark.parametrize("persona", ["aylin", "emre", "anton"])
def test_citizens_reception_and_partners_get_403(client, request, persona, bernd):
    sign_in(client, request.getfixturevalue(persona))
    for page in (url("availability"), hours_url(bernd), absences_url(bernd)):
        assert client.get(page).status_code == 403, page


def test_an_advisor_edits_their_own_hours_but_not_a_colleagues(client, bernd, lena, tanja):
    sign_in(client, bernd)
    assert client.get(hours_url(bernd)).status_code == 200
    assert client.get(absences_url(bernd)).status_code == 200
    for colleague in (lena, tanja):
        assert client.get(hours_url(colleague)).status_code == 404
        assert client.get(absences_url(colleague)).status_code == 404
    page = client.get(url("availability")).content.decode()
    assert "Bernd Brandt" in page and "Lena Lorenz" not in page


def test_an_advisor_cannot_post_hours_for_a_colleague(client, bernd, lena, demo_location):
    sign_in(client, bernd)
    assert client.post(hours_url(lena), new_hours(demo_location)).status_code == 404
    assert not WorkingHours.objects.for_tenant(lena.jobcenter).exists()


def test_a_team_lead_edits_their_team_but_not_another(client, tanja, bernd, olaf, lena):
    sign_in(client, tanja)
    assert client.get(hours_url(bernd)).status_code == 200
    assert client.get(hours_url(tanja)).status_code == 200
    assert client.get(hours_url(olaf)).status_code == 404
    assert client.get(absences_url(lena)).status_code == 404
    page = client.get(url("availability")).content.decode()
    assert page.index("Tanja Tiedemann") < page.index("Bernd Brandt")  # themselves first
    assert "Olaf Otto" not in page


def test_the_jobcenter_admin_edits_everybody(client, anja, bernd, olaf, lena, tanja):
    sign_in(client, anja)
    page = client.get(url("availability")).content.decode()
    for name in ("Bernd Brandt", "Olaf Otto", "Lena Lorenz", "Tanja Tiedemann"):
        assert name in page
    for person in (bernd, olaf, lena):
        assert client.get(hours_url(person)).status_code == 200
    assert client.get(hours_url(anja)).status_code == 404  # the admin holds no appointments


def test_platform_admins_can_help(client, paul, bernd):
    sign_in(client, paul)
    assert client.get(hours_url(bernd)).status_code == 200


def test_nobody_of_nord_reaches_demo_staff(client, niklas, bernd, demo_location):
    sign_in(client, niklas)
    assert client.get(url("availability")).status_code == 404
    assert client.get(hours_url(bernd)).status_code == 404
    # not even through their own Jobcenter's address
    assert client.get(hours_url(bernd, "nord")).status_code == 404
    assert client.get(absences_url(bernd, "nord")).status_code == 404
    assert client.post(hours_url(bernd, "nord"), new_hours(demo_location)).status_code == 404
    assert client.get(hours_url(niklas, "nord")).status_code == 200


# --- Working hours ------------------------------------------------------------------------


def test_adding_hours_for_two_weekdays_creates_entries_and_slots(client, bernd, demo, demo_location):
    sign_in(client, bernd)
    response = client.post(hours_url(bernd), new_hours(demo_location))
    assert response.status_code == 302 and response["Location"] == hours_url(bernd) + "#main"
    entries = WorkingHours.objects.for_tenant(demo).filter(staff=bernd)
    assert sorted(entries.values_list("weekday", flat=True)) == [1, 3]
    assert all(e.channels == ["in_person", "video"] for e in entries)
    assert Slot.objects.for_tenant(demo).filter(staff=bernd).count() >= 8
    page = client.get(hours_url(bernd)).content.decode()
    assert "2 Sprechzeiten wurden angelegt." in page
    assert "Dienstag" in page and "08:00–10:00" in page
    assert AuditEntry.all_tenants.filter(action="appointments.working_hours_created").count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weekdays": []}, "weekdays", "Bitte wählen Sie mindestens einen Wochentag."),
        ({"ends": "07:00"}, "ends", "Das Ende muss nach dem Beginn liegen."),
        ({"slot_minutes": "180"}, "slot_minutes", "passt nicht in die Zeit"),
        ({"channels": []}, "channels", "Bitte wählen Sie mindestens einen Weg."),
        ({"desks": "0"}, "desks", "ganze Zahl von 1 bis 50"),
        ({"starts": "8 Uhr"}, "starts", "Bitte im Format 08:30."),
        ({"valid_until": "2000-01-01"}, "valid_until", "nicht vor"),
    ],
)
def test_invalid_hours_show_the_message_at_the_field_and_keep_the_input(
    client, bernd, demo, demo_location, changes, field, message
):
    sign_in(client, bernd)
    response = client.post(hours_url(bernd), new_hours(demo_location, **changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert 'value="08:00"' in page or changes.get("starts")  # what was entered stays
    assert not WorkingHours.objects.for_tenant(demo).exists()


def test_overlap_is_shown_on_the_start_field(client, bernd, bernd_hours, demo_location):
    sign_in(client, bernd)
    response = client.post(hours_url(bernd), new_hours(demo_location, weekdays=["0"], starts="11:00", ends="13:00"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_starts_error"' in page
    assert "überschneidet sich mit einer anderen Sprechzeit: Montag, 09:00–12:00 Uhr, Hauptstelle Mitte" in page


def test_a_location_of_another_jobcenter_is_refused(client, bernd, demo, nord_location):
    sign_in(client, bernd)
    response = client.post(hours_url(bernd), new_hours(nord_location))
    assert response.status_code == 400
    assert "Bitte wählen Sie einen aktiven Standort dieses Jobcenters." in response.content.decode()


def test_editing_an_entry_changes_it_and_its_slots(client, tanja, bernd, demo, bernd_hours, slots):
    entry = bernd_hours[2]  # Wednesday
    sign_in(client, tanja)
    page = client.get(hours_url(bernd) + f"?edit={entry.pk}").content.decode()
    assert "Sprechzeit bearbeiten" in page and f'name="entry" value="{entry.pk}"' in page
    data = new_hours(entry.location, entry=str(entry.pk), weekday="2", starts="13:00", ends="15:00")
    data["channels"] = ["phone"]
    del data["weekdays"]
    response = client.post(hours_url(bernd), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.starts, entry.ends, entry.channels) == (dt.time(13), dt.time(15), ["phone"])
    wednesday = Slot.objects.for_tenant(demo).filter(working_hours=entry)
    assert wednesday.exists() and all(s.phone and not s.in_person for s in wednesday)
    assert all(timezone.localtime(s.start).hour >= 13 for s in wednesday)


def test_an_unknown_entry_is_a_404(client, bernd, lena, demo, demo_location):
    lenas = WorkingHours.all_tenants.create(
        jobcenter=demo, staff=lena, location=demo_location, weekday=0, starts=dt.time(9), ends=dt.time(10),
        channels=["phone"], valid_from=timezone.localdate(),
    )  # fmt: skip
    sign_in(client, bernd)
    assert client.get(hours_url(bernd) + f"?edit={lenas.pk}").status_code == 404
    assert client.get(hours_url(bernd) + "?edit=abc").status_code == 404
    assert client.post(hours_url(bernd), {"action": "delete", "entry": str(lenas.pk)}).status_code == 404
    assert WorkingHours.objects.for_tenant(demo).filter(pk=lenas.pk).exists()


def test_deleting_asks_first_and_then_lists_the_bookings_to_move(
    client, bernd, demo, bernd_hours, slots, free_slot, make_booking
):
    booking = make_booking(free_slot)
    entry = WorkingHours.objects.for_tenant(demo).get(pk=free_slot.working_hours_id)
    sign_in(client, bernd)
    page = client.get(hours_url(bernd) + f"?delete={entry.pk}").content.decode()
    assert "Diese Sprechzeit löschen?" in page
    response = client.post(hours_url(bernd), {"action": "delete", "entry": str(entry.pk)})
    assert response.status_code == 302
    assert not WorkingHours.objects.for_tenant(demo).filter(pk=entry.pk).exists()
    page = client.get(hours_url(bernd)).content.decode()
    assert "1 gebuchter Termin liegt jetzt außerhalb der Sprechzeiten" in page
    assert "1 Termin liegt außerhalb der Sprechzeiten" in page
    assert f'href="{reverse("appointments:staff_booking", kwargs={"jobcenter": "demo", "code": booking.code})}"' in page
    assert booking.name not in page  # no personal data of the client on this page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


# --- Absences -----------------------------------------------------------------------------


def test_a_whole_day_absence_blocks_the_slots_and_warns_about_bookings(
    client, tanja, bernd, demo, slots, free_slot, make_booking
):
    booking = make_booking(free_slot)
    day = timezone.localtime(free_slot.start).date()
    sign_in(client, tanja)
    response = client.post(
        absences_url(bernd), {"action": "save", "starts_on": day.isoformat(), "reason": "Fortbildung"}
    )
    assert response.status_code == 302
    absence = Absence.objects.for_tenant(demo).get(staff=bernd)
    assert timezone.localtime(absence.starts_at).time() == dt.time(0)
    assert timezone.localtime(absence.ends_at).date() == day + dt.timedelta(days=1)
    same_day = [
        s for s in Slot.objects.for_tenant(demo).filter(staff=bernd) if timezone.localtime(s.start).date() == day
    ]
    assert same_day and all(s.blocked for s in same_day)
    page = client.get(absences_url(bernd)).content.decode()
    assert "Fortbildung" in page
    assert "gebuchter Termin liegt jetzt außerhalb der Sprechzeiten" in page
    assert booking.code in page
    assert AuditEntry.all_tenants.filter(action="appointments.absence_created", actor=tanja).count() == 1


def test_an_absence_with_times_and_its_deletion(client, bernd, demo, slots, free_slot):
    local = timezone.localtime(free_slot.start)
    sign_in(client, bernd)
    data = {
        "action": "save",
        "starts_on": local.date().isoformat(),
        "starts_time": local.strftime("%H:%M"),
        "ends_on": "",
        "ends_time": (local + dt.timedelta(minutes=30)).strftime("%H:%M"),
    }
    assert client.post(absences_url(bernd), data).status_code == 302
    assert Slot.objects.for_tenant(demo).get(pk=free_slot.pk).blocked
    absence = Absence.objects.for_tenant(demo).get()
    response = client.post(absences_url(bernd), {"action": "delete", "absence": str(absence.pk)})
    assert response.status_code == 302
    assert not Absence.objects.for_tenant(demo).exists()
    assert not Slot.objects.for_tenant(demo).get(pk=free_slot.pk).blocked


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts_on": ""}, "starts_on", "Bitte geben Sie ein Datum an."),
        ({"starts_on": "31.02.2027"}, "starts_on", "gültiges Datum"),
        ({"starts_on": "2027-05-02", "ends_on": "2027-05-01"}, "ends_on", "Das Ende muss nach dem Beginn liegen."),
        (
            {"starts_on": "2027-05-02", "starts_time": "10:00", "ends_time": "09:00"},
            "ends_time",
            "Das Ende muss nach dem Beginn liegen.",
        ),
        ({"starts_on": "2001-05-02"}, "ends_on", "schon vorbei"),
        ({"starts_on": "9999-12-31"}, "starts_on", "in den nächsten drei Jahren"),
        ({"starts_on": "2027-05-02", "ends_on": "9999-12-31"}, "ends_on", "in den nächsten drei Jahren"),
    ],
)
def test_invalid_absences_show_the_message_at_the_field(client, bernd, demo, data, field, message):
    sign_in(client, bernd)
    response = client.post(absences_url(bernd), {"action": "save", "reason": "Urlaub", **data})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and f'id="id_{field}_error"' in page
    assert 'value="Urlaub"' in page
    assert not Absence.objects.for_tenant(demo).exists()


def test_another_persons_absence_cannot_be_deleted(client, bernd, lena, demo):
    now = timezone.now()
    absence = Absence.all_tenants.create(
        jobcenter=demo, staff=lena, starts_at=now + dt.timedelta(days=1), ends_at=now + dt.timedelta(days=2)
    )
    sign_in(client, bernd)
    assert client.post(absences_url(bernd), {"action": "delete", "absence": str(absence.pk)}).status_code == 404
    assert Absence.objects.for_tenant(demo).filter(pk=absence.pk).exists()


def test_the_absences_page_shows_the_public_holidays_of_the_state(client, bernd, demo):
    sign_in(client, bernd)
    page = client.get(absences_url(bernd)).content.decode()
    assert "Nordrhein-Westfalen" in page
    upcoming = svc.upcoming_holidays(demo)
    if upcoming:
        assert upcoming[0][1] in page
    else:
        assert "keine gesetzlichen Feiertage" in page


def test_the_overview_lists_hours_absences_and_bookings_to_move(
    client, anja, bernd, demo, bernd_hours, slots, free_slot, make_booking
):
    make_booking(free_slot)
    svc.create_absence(demo, bernd, svc.AbsenceData(free_slot.start, free_slot.end + dt.timedelta(days=1)), actor=anja)
    sign_in(client, anja)
    page = client.get(url("availability")).content.decode()
    assert "15 Stunden" in page
    assert "1 Termin" in page
    assert hours_url(bernd) in page and absences_url(bernd) in page
    assert url("concern_list") in page and url("policy") in page


def test_the_overview_needs_few_queries(client, anja, demo, demo_team, django_assert_max_num_queries):
    for number in range(8):
        make_user(f"person{number}@demo.example", Role.ADVISOR, jobcenter=demo, team=demo_team, name=f"P {number}")
    sign_in(client, anja)
    with django_assert_max_num_queries(15):
        assert client.get(url("availability")).status_code == 200
