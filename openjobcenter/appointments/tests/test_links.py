"""The home page and the dashboards lead to the appointment pages, each person only to theirs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openjobcenter.accounts.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

TODAY, CALENDAR, BOOK = "appointments:staff_today", "appointments:staff_calendar", "appointments:staff_book"
AVAILABILITY, CONCERNS = "appointments:availability", "appointments:concern_list"
POLICY, FIGURES = "appointments:policy", "appointments:figures"
ALL_STAFF_LINKS = {TODAY, CALENDAR, BOOK, AVAILABILITY, CONCERNS, POLICY, FIGURES}


def href(url_name: str) -> str:
    return f'href="{reverse(url_name, kwargs={"jobcenter": "demo"})}"'


def test_visitors_find_booking_and_managing_on_the_home_page(client, demo):
    page = client.get("/demo/").content.decode()
    assert href("appointments:start") in page and href("appointments:find") in page
    assert "Termin online buchen" in page and "Termin verwalten" in page


def test_clients_find_booking_and_their_appointments_in_their_area(client, aylin):
    page = sign_in(client, aylin).get("/demo/my/").content.decode()
    assert href("appointments:start") in page and href("appointments:my_appointments") in page
    assert not any(href(name) in page for name in ALL_STAFF_LINKS)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("bernd", {TODAY, CALENDAR, BOOK, AVAILABILITY}),
        ("lena", {TODAY, CALENDAR, BOOK, AVAILABILITY}),
        ("emre", {TODAY, CALENDAR, BOOK}),
        ("tanja", {TODAY, CALENDAR, BOOK, AVAILABILITY, FIGURES}),
        ("anja", {TODAY, CALENDAR, AVAILABILITY, CONCERNS, POLICY, FIGURES}),
    ],
)
def test_staff_see_the_appointment_pages_their_role_may_use_once_each(client, request, persona, expected):
    page = sign_in(client, request.getfixturevalue(persona)).get("/demo/staff/").content.decode()
    assert {name for name in ALL_STAFF_LINKS if href(name) in page} == expected
    for name in expected:
        assert page.count(href(name)) == 1, name
