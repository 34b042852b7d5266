"""Finding a time: the concerns, a week of free times a screen reader can walk, and bad parameters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from openjobcenter.appointments.models import Concern, Slot, WorkingHours
from openjobcenter.appointments.services.slots import reconcile_slots
from openjobcenter.core import geo
from openjobcenter.core.models import Location

pytestmark = pytest.mark.django_db


def choose_url(concern, **query) -> str:
    url = reverse("appointments:choose", kwargs={"jobcenter": "demo", "concern_id": concern.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_start_page_lists_the_active_concerns_with_what_to_know(client, demo, concern):
    Concern.all_tenants.create(jobcenter=demo, name={"de": "Altes Anliegen"}, channels=["phone"], is_active=False)
    page = client.get(reverse("appointments:start", kwargs={"jobcenter": "demo"}))

    assert page.status_code == 200
    assert "Beratung zur Arbeitsuche" in page.text and "Altes Anliegen" not in page.text
    assert "30 Minuten" in page.text and "Lebenslauf" in page.text
    assert "vor Ort, telefonisch, per Video" in page.text
    assert choose_url(concern) in page.text
    assert reverse("appointments:find", kwargs={"jobcenter": "demo"}) in page.text


def test_the_start_page_of_another_jobcenter_shows_none_of_ours(client, demo, nord, concern):
    page = client.get(reverse("appointments:start", kwargs={"jobcenter": "nord"}))
    assert page.status_code == 200 and "Beratung zur Arbeitsuche" not in page.text
    assert (
        client.get(reverse("appointments:choose", kwargs={"jobcenter": "nord", "concern_id": concern.pk})).status_code
        == 404
    )


def test_free_times_have_names_with_weekday_date_and_time(client, demo, concern, slots):
    page = client.get(choose_url(concern))

    assert page.status_code == 200
    first = next(s for s in slots if s.start > timezone.now() + dt.timedelta(hours=1))
    local = timezone.localtime(first.start)
    link = re.search(rf'<a class="ojc-time" href="[^"]*/book/{first.pk}/\?channel=in_person">(.*?)</a>', page.text)
    assert link, "the earliest free time is shown in the first week"
    name = re.sub(r"<[^>]+>", "", link.group(1))
    weekday = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"][local.weekday()]
    assert name.startswith(f"{weekday}, {local.day}.") and name.endswith(local.strftime("%H:%M"))
    assert "Keine freien Termine an diesem Tag." in page.text  # the weekend
    assert re.search(r'<h3 class="kern-heading-small ojc-day__title" id="tag-\d{4}-\d\d-\d\d">', page.text)


def test_weeks_are_paged_with_get_links(client, demo, concern, slots):
    page = client.get(choose_url(concern))
    later = re.search(r'href="([^"]*week=(\d{4}-\d\d-\d\d)#woche)"><span class="kern-label">Nächste Woche', page.text)
    assert later
    next_week = client.get(later.group(1).replace("&amp;", "&"))
    monday = dt.date.fromisoformat(later.group(2))
    assert next_week.status_code == 200
    assert f'id="tag-{monday.isoformat()}"' in next_week.text
    assert "Vorherige Woche" in next_week.text


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"week": "2024-13-45"}, "Das Datum war ungültig"),
        ({"week": "2001-01-01"}, "Online buchbar sind Termine vom"),
        ({"location": "999999"}, "Diesen Standort kennen wir nicht"),
        ({"location": "abc"}, "Diesen Standort kennen wir nicht"),
        ({"channel": "fax"}, "Diesen Weg gibt es für dieses Anliegen nicht"),
        ({"plz": "12"}, "Postleitzahl mit fünf Ziffern"),
        ({"plz": "00000"}, "Diese Postleitzahl kennen wir nicht"),
    ],
)
def test_bad_parameters_fall_back_with_a_message(client, demo, concern, slots, query, notice):
    page = client.get(choose_url(concern, **query))
    assert page.status_code == 200
    assert notice in page.text
    assert 'class="ojc-time"' in page.text  # and free times are still shown


def test_a_channel_the_concern_does_not_offer_is_not_offered(client, demo, concern, slots):
    Concern.all_tenants.filter(pk=concern.pk).update(channels=["phone"])
    page = client.get(choose_url(concern, channel="in_person"))
    assert "Diesen Weg gibt es für dieses Anliegen nicht" in page.text
    assert 'value="in_person"' not in page.text and "?channel=phone" in page.text


def test_an_empty_week_says_so_and_offers_the_next_week_with_free_times(client, demo, concern, slots):
    page = client.get(choose_url(concern))
    days = re.findall(r'id="tag-(\d{4}-\d\d-\d\d)"', page.text)
    assert days
    first_week = dt.date.fromisoformat(days[0])
    later = [s for s in slots if timezone.localdate(s.start) >= first_week + dt.timedelta(days=14)]
    Slot.all_tenants.filter(start__lt=later[0].start).update(blocked=True)

    empty = client.get(choose_url(concern, week=first_week.isoformat()))
    assert "In dieser Woche ist kein Termin frei." in empty.text
    assert "Der nächste freie Termin ist am" in empty.text
    monday = timezone.localdate(later[0].start) - dt.timedelta(days=timezone.localdate(later[0].start).weekday())
    assert f"week={monday.isoformat()}#woche" in empty.text


def test_nothing_free_at_all_is_explained(client, demo, concern, slots):
    Slot.all_tenants.update(blocked=True)
    page = client.get(choose_url(concern))
    assert page.status_code == 200
    assert "Auch in den folgenden Wochen sind auf diesem Weg keine Termine frei" in page.text


@pytest.fixture
def far_location(demo, bernd, demo_location, concern, bernd_hours) -> Location:
    """A second location, in Düsseldorf, where Bernd also works on Fridays – from 8 o'clock."""
    location = Location.all_tenants.create(
        jobcenter=demo, name="Außenstelle Düsseldorf", street="Königsallee 1", postal_code="40212", city="Düsseldorf"
    )
    Location.all_tenants.filter(pk=demo_location.pk).update(postal_code="12347")
    WorkingHours.all_tenants.filter(staff=bernd, weekday=4).update(location=location, starts=dt.time(8))
    reconcile_slots(demo)
    return location


def test_the_earliest_time_per_location_is_listed_nearest_first(client, demo, concern, far_location):
    by_time = client.get(choose_url(concern)).text
    near_duesseldorf = client.get(choose_url(concern, plz="40210")).text
    near_berlin = client.get(choose_url(concern, plz="12349")).text

    def order(html: str) -> list[str]:
        section = html.split('id="standorte-titel"')[1].split("</section>")[0]
        return re.findall(r"ojc-nearby__name\">(?:<[^>]+>)?([^<]+)<", section)

    assert set(order(by_time)) == {"Hauptstelle Mitte", "Außenstelle Düsseldorf"}
    assert order(near_duesseldorf) == ["Außenstelle Düsseldorf", "Hauptstelle Mitte"]
    assert order(near_berlin) == ["Hauptstelle Mitte", "Außenstelle Düsseldorf"]
    assert "etwa 1 km entfernt" in near_duesseldorf or "etwa 0 km entfernt" in near_duesseldorf
    assert "Frühester Termin an Standorten in Ihrer Nähe" in near_berlin


def test_choosing_a_location_shows_only_its_times(client, demo, concern, far_location):
    page = client.get(choose_url(concern, location=far_location.pk, week=_next_monday().isoformat()))
    times = re.findall(r"<time class=\"ojc-time__clock\"[^>]*>([^<]+)</time>", page.text)
    assert times and times[0] == "08:00"
    assert "Standort: Außenstelle Düsseldorf" in page.text


def test_phone_times_come_from_every_location(client, demo, concern, far_location):
    page = client.get(choose_url(concern, channel="phone", location=far_location.pk, week=_next_monday().isoformat()))
    assert "id_location" not in page.text  # no location to choose for a call
    assert 'class="ojc-time__place"' in page.text  # times at several places are told apart


def _next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


def test_the_calendar_needs_few_queries(client, demo, concern, far_location, django_assert_max_num_queries):
    client.get(choose_url(concern))  # warm caches (session, content types)
    with django_assert_max_num_queries(12):
        page = client.get(choose_url(concern, plz="40210"))
    assert page.status_code == 200


def test_postal_codes_give_distances():
    assert geo.normalise_postal_code(" D-40210 ") == "40210"
    assert geo.normalise_postal_code("٤٠٢١٠") == "40210"  # typed with Arabic-Indic digits
    assert geo.normalise_postal_code("4021") == ""
    distance = geo.distance_km("40210", "10115")  # Düsseldorf – Berlin
    assert distance is not None and 470 < distance < 480
    assert geo.distance_km("40210", "00000") is None
