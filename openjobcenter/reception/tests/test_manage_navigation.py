"""Each role is offered exactly the reception pages it may open, and each offered page opens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openjobcenter.accounts.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

DESK, COUNTER, DISPLAYS = "reception:desk", "reception:counter", "reception:display_list"
SETUP, FIGURES, WAITING = "reception:counter_list", "reception:figures", "reception:overview"
RECEPTION_PAGES = (DESK, COUNTER, DISPLAYS, SETUP, FIGURES, WAITING)

EXPECTED = {
    "emre": {DESK, COUNTER, DISPLAYS, FIGURES},
    "tanja": {DESK, COUNTER, DISPLAYS, SETUP, FIGURES},
    "anja": {DISPLAYS, SETUP, FIGURES},
    "bernd": set(),
    "lena": set(),
    "aylin": {WAITING},
    "anton": set(),
}


def _offered(html: str) -> set[str]:
    return {name for name in RECEPTION_PAGES if f'href="{reverse(name, kwargs={"jobcenter": "demo"})}"' in html}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_sees_exactly_its_reception_offers(client, request, persona, zone, counter):
    user = request.getfixturevalue(persona)
    sign_in(client, user)
    response = client.get(reverse("core:citizen_area", kwargs={"jobcenter": "demo"}), follow=True)
    assert response.status_code == 200
    offered = _offered(response.content.decode())
    assert offered == EXPECTED[persona]
    for name in offered:
        page = client.get(reverse(name, kwargs={"jobcenter": "demo"}))
        assert page.status_code == 200, name
    # Pages the person is not offered refuse them (the public waiting times are open to all).
    for name in set(RECEPTION_PAGES) - offered - {WAITING}:
        assert client.get(reverse(name, kwargs={"jobcenter": "demo"})).status_code == 403, name
