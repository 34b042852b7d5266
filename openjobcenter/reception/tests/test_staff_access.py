"""Who may open the reception staff pages, and whose tickets and counters they reach.

Emre (reception) and Tanja (team lead) work the queue. Bernd (advisor), citizens and partners get
403. Niklas of Jobcenter Nordkreis gets 404 in ours; our ids inside his Jobcenter are 404 as well.
"""

from __future__ import annotations

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.reception.models import Counter, Ticket, TicketStatus
from openjobcenter.reception.services import queue

pytestmark = pytest.mark.django_db

PAGES = ["staff/reception/", "staff/reception/counter/", "staff/reception/figures/"]


def posts(ticket: Ticket, counter: Counter) -> list[tuple[str, dict[str, str]]]:
    return [
        ("staff/reception/", {"action": "issue", "zone": str(ticket.zone_id)}),
        ("staff/reception/counter/open/", {"counter": str(counter.pk)}),
        ("staff/reception/counter/close/", {}),
        ("staff/reception/counter/call-next/", {}),
        (f"staff/reception/tickets/{ticket.pk}/call/", {}),
    ]


@pytest.fixture
def ticket(demo_location, zone) -> Ticket:
    return queue.issue_ticket(demo_location, zone=zone)


def assert_untouched(ticket: Ticket) -> None:
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING and ticket.call_count == 0
    assert Ticket.objects.for_tenant(ticket.jobcenter_id).count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, ticket, counter):
    for page in PAGES:
        response = client.get(f"/demo/{page}")
        assert response.status_code == 302 and response["Location"].startswith("/demo/login/"), page
    for page, data in posts(ticket, counter):
        response = client.post(f"/demo/{page}", data)
        assert response.status_code == 302 and response["Location"].startswith("/demo/login/"), page
    assert_untouched(ticket)


@pytest.mark.parametrize("persona", ["aylin", "anton", "petra", "bernd"])
def test_citizens_partners_and_advisors_get_403(client, request, persona, ticket, counter):
    sign_in(client, request.getfixturevalue(persona))
    for page in PAGES:
        assert client.get(f"/demo/{page}").status_code == 403, page
    for page, data in posts(ticket, counter):
        assert client.post(f"/demo/{page}", data).status_code == 403, page
    assert_untouched(ticket)


@pytest.mark.parametrize("persona", ["emre", "tanja"])
def test_reception_and_team_leads_open_every_page(client, request, persona, ticket, counter):
    sign_in(client, request.getfixturevalue(persona))
    for page in PAGES:
        assert client.get(f"/demo/{page}").status_code == 200, page


def test_the_administrator_sees_figures_but_cannot_call(client, anja, ticket, counter):
    sign_in(client, anja)
    assert client.get("/demo/staff/reception/figures/").status_code == 200
    assert client.get("/demo/staff/reception/counter/").status_code == 403
    assert client.get("/demo/staff/reception/").status_code == 403


def test_another_jobcenters_staff_get_404_here(client, niklas, ticket, counter):
    sign_in(client, niklas)
    for page in PAGES:
        assert client.get(f"/demo/{page}").status_code == 404, page
    for page, data in posts(ticket, counter):
        assert client.post(f"/demo/{page}", data).status_code == 404, page
    assert_untouched(ticket)


@pytest.fixture
def nord_reception(nord):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    return make_user("rita@nord.example", Role.RECEPTION, jobcenter=nord, name="Rita Rahn")


@pytest.fixture
def nord_counter(nord, nord_location):
    from openjobcenter.core.models import ReceptionZone
    from openjobcenter.reception.models import ZoneSettings

    zone = ReceptionZone.all_tenants.create(jobcenter=nord, location=nord_location, code="N", name={"de": "Nord"})
    ZoneSettings.all_tenants.create(jobcenter=nord, zone=zone)
    return Counter.all_tenants.create(jobcenter=nord, location=nord_location, zone=zone, name="9")


def test_our_ids_do_not_exist_in_another_jobcenter(
    client, nord_reception, nord_counter, ticket, counter, demo_location
):
    sign_in(client, nord_reception)
    # Our counter cannot be opened there (not a choice), our location is unknown there.
    response = client.post("/nord/staff/reception/counter/open/", {"counter": str(counter.pk)})
    assert response.status_code == 302
    assert queue.current_counter(nord_reception, nord_counter.jobcenter) is None
    assert client.get(f"/nord/staff/reception/?location={demo_location.pk}").status_code == 404
    # At her own counter, our ticket is not found.
    queue.open_counter(nord_counter, nord_reception)
    for action in ("call", "recall", "finish", "park", "no-show", "transfer", "start"):
        assert client.post(f"/nord/staff/reception/tickets/{ticket.pk}/{action}/").status_code == 404, action
    page = client.get("/nord/staff/reception/").content.decode()
    assert ticket.number not in page and "Hauptstelle Mitte" not in page
    assert_untouched(ticket)


def test_reception_figures_of_another_jobcenter_stay_invisible(client, nord_reception, ticket):
    sign_in(client, nord_reception)
    body = client.get("/nord/staff/reception/figures/?format=csv").content.decode()
    assert "Anmeldung" not in body and "Hauptstelle Mitte" not in body
