"""Who may open the staff pages of appointments, and whose bookings they reach.

Bernd (advisor, team 1) holds the booking. Tanja leads his team, Emre works at reception: they see
it. Otto advises in another team and Lena has no team: the booking does not exist for them (404).
Niklas works for Jobcenter Nordkreis: 404 in ours, and 404 for our booking in his.
"""

from __future__ import annotations

import pytest

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import Booking, BookingStatus
from openjobcenter.core.models import Team

pytestmark = pytest.mark.django_db

LIST_PAGES = ["staff/appointments/", "staff/appointments/calendar/", "staff/appointments/new/"]


def booking_pages(code: str) -> list[str]:
    return [f"staff/appointments/{code}/", f"staff/appointments/{code}/cancel/", f"staff/appointments/{code}/move/"]


def action_posts(code: str) -> list[tuple[str, dict[str, str]]]:
    return [
        (f"staff/appointments/{code}/cancel/", {"reason": "Krank"}),
        (f"staff/appointments/{code}/move/", {"slot": "1", "reason": "Krank"}),
        (f"staff/appointments/{code}/outcome/", {"status": "no_show"}),
    ]


@pytest.fixture
def otto(demo):
    """Otto advises in team 2 of demo."""
    team = Team.all_tenants.create(jobcenter=demo, name="Markt und Integration 2")
    return make_user("otto@demo.example", Role.ADVISOR, jobcenter=demo, team=team, name="Otto Olsen")


@pytest.fixture
def booking(make_booking, free_slot) -> Booking:
    return make_booking(free_slot, name="Gerda Gast")


def assert_unchanged(booking: Booking) -> None:
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and booking.reschedule_count == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, booking):
    for page in [*LIST_PAGES, "staff/appointments/figures/", *booking_pages(booking.code)]:
        response = client.get(f"/demo/{page}")
        assert response.status_code == 302 and response["Location"].startswith("/demo/login/"), page
    for page, data in action_posts(booking.code):
        response = client.post(f"/demo/{page}", data)
        assert response.status_code == 302 and response["Location"].startswith("/demo/login/"), page
    assert_unchanged(booking)


@pytest.mark.parametrize("persona", ["aylin", "anton", "petra"])
def test_citizens_and_partners_get_403(client, request, persona, booking):
    sign_in(client, request.getfixturevalue(persona))
    for page in [*LIST_PAGES, "staff/appointments/figures/", *booking_pages(booking.code)]:
        assert client.get(f"/demo/{page}").status_code == 403, page
    for page, data in action_posts(booking.code):
        assert client.post(f"/demo/{page}", data).status_code == 403, page
    assert_unchanged(booking)


@pytest.mark.parametrize("persona", ["bernd", "tanja", "emre"])
def test_the_advisor_his_team_lead_and_reception_open_every_page(client, request, persona, booking):
    sign_in(client, request.getfixturevalue(persona))
    for page in [*LIST_PAGES, *booking_pages(booking.code)]:
        assert client.get(f"/demo/{page}").status_code == 200, page


@pytest.mark.parametrize("persona", ["otto", "lena"])
def test_an_advisor_of_another_team_gets_404_for_the_booking(client, request, persona, booking):
    sign_in(client, request.getfixturevalue(persona))
    for page in LIST_PAGES:
        assert client.get(f"/demo/{page}").status_code == 200, page
    for page in booking_pages(booking.code):
        assert client.get(f"/demo/{page}").status_code == 404, page
    for page, data in action_posts(booking.code):
        assert client.post(f"/demo/{page}", data).status_code == 404, page
    assert_unchanged(booking)


def test_an_advisor_of_another_team_does_not_see_it_in_lists(client, otto, booking):
    sign_in(client, otto)
    page = client.get(f"/demo/staff/appointments/calendar/?staff={booking.staff_id}&date={booking.start.date()}")
    assert page.status_code == 200
    assert "Gerda Gast" not in page.content.decode()


def test_nord_staff_get_404_in_our_jobcenter_and_for_our_booking_in_theirs(client, niklas, booking):
    sign_in(client, niklas)
    for page in [*LIST_PAGES, "staff/appointments/figures/", *booking_pages(booking.code)]:
        assert client.get(f"/demo/{page}").status_code == 404, page
    for page in booking_pages(booking.code):
        assert client.get(f"/nord/{page}").status_code == 404, page
    for page, data in action_posts(booking.code):
        assert client.post(f"/demo/{page}", data).status_code == 404, page
        assert client.post(f"/nord/{page}", data).status_code == 404, page
    assert_unchanged(booking)


def test_the_jobcenter_admin_sees_bookings_but_does_not_manage_them(client, anja, booking):
    sign_in(client, anja)
    assert client.get("/demo/staff/appointments/").status_code == 200
    assert client.get("/demo/staff/appointments/calendar/").status_code == 200
    assert client.get(f"/demo/staff/appointments/{booking.code}/").status_code == 200
    assert client.get("/demo/staff/appointments/new/").status_code == 403
    for page, data in action_posts(booking.code):
        assert client.post(f"/demo/{page}", data).status_code == 403, page
    assert_unchanged(booking)


@pytest.mark.parametrize(("persona", "status"), [("tanja", 200), ("anja", 200), ("bernd", 403), ("emre", 403)])
def test_figures_are_for_team_leads_and_admins(client, request, persona, status):
    sign_in(client, request.getfixturevalue(persona))
    assert client.get("/demo/staff/appointments/figures/").status_code == status


def test_staff_without_the_second_factor_are_sent_to_it(client, bernd, booking):
    client.force_login(bernd)
    response = client.get(f"/demo/staff/appointments/{booking.code}/")
    assert response.status_code == 302 and "/login/2fa/" in response["Location"]


def test_outcome_only_takes_posts(client, bernd, booking):
    sign_in(client, bernd)
    assert client.get(f"/demo/staff/appointments/{booking.code}/outcome/").status_code == 405
