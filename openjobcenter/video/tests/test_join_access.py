"""Who may open ``/<slug>/video/<appointment>/join``.

Aylin booked a video appointment with Bernd. She (signed in, or anybody holding the link from her
mail) joins as a viewer; Bernd and Tanja (his team lead, who may host meetings) as moderators.
Nora is another client, Otto advises in another team, Emre works at reception (he manages
appointments but hosts no meetings), Niklas works for Jobcenter Nordkreis: for all of them the
appointment does not exist (404), as for a visitor without the link.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.services.codes import manage_token
from openjobcenter.core.models import Team
from openjobcenter.video.models import Meeting
from openjobcenter.video.tests.conftest import join_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def otto(demo):
    team = Team.all_tenants.create(jobcenter=demo, name="Markt und Integration 2")
    return make_user("otto@demo.example", Role.ADVISOR, jobcenter=demo, team=team, name="Otto Olsen")


@pytest.fixture
def other_client(demo):
    return make_user("nadine@example.org", Role.CLIENT, jobcenter=demo, name="Nadine Neumann")


def joined_as(bbb, response) -> dict[str, str]:
    assert response.status_code == 302, response.content[:300]
    url = response["Location"]
    assert url.startswith(bbb.api_url + "/join?")
    return dict(parse_qsl(urlsplit(url).query))


def test_the_client_joins_as_a_guest_viewer(client, bbb, video_settings, aylins_call, aylin):
    sign_in(client, aylin)
    params = joined_as(bbb, client.get(join_path(aylins_call)))
    assert params["role"] == "VIEWER" and params["guest"] == "true" and params["fullName"] == "Aylin Kaya"


@pytest.mark.parametrize("persona", ["bernd", "tanja"])
def test_the_advisor_and_the_team_lead_join_as_moderators(request, client, bbb, video_settings, aylins_call, persona):
    user = request.getfixturevalue(persona)
    sign_in(client, user)
    params = joined_as(bbb, client.get(join_path(aylins_call)))
    assert params["role"] == "MODERATOR" and "guest" not in params and params["fullName"] == user.get_full_name()


@pytest.mark.parametrize("persona", ["other_client", "otto", "emre", "lena", "niklas", "nora", "anja"])
def test_everybody_else_gets_a_404(request, client, bbb, video_settings, aylins_call, persona):
    sign_in(client, request.getfixturevalue(persona))
    assert client.get(join_path(aylins_call)).status_code == 404
    assert not Meeting.objects.for_tenant(aylins_call.jobcenter).exists()
    assert not bbb.seen  # nothing was even asked of the video server


def test_anonymous_without_the_link_gets_a_404(client, bbb, video_settings, aylins_call):
    assert client.get(join_path(aylins_call)).status_code == 404
    assert client.get(join_path(aylins_call) + "?token=falsch").status_code == 404


def test_the_link_from_the_mail_lets_an_anonymous_booker_in(client, bbb, video_settings, make_video_booking):
    booking = make_video_booking(name="Jürgen Groß-آيلين", email="juergen@example.org")
    response = client.get(join_path(booking) + f"?token={manage_token(booking.code)}")
    assert response.status_code == 302 and response["Location"] == join_path(booking)  # the token leaves the address
    params = joined_as(bbb, client.get(response["Location"]))
    assert params["fullName"] == "Jürgen Groß-آيلين" and params["role"] == "VIEWER"
    assert bbb.calls("create")[-1].accepted


def test_the_token_of_one_booking_does_not_open_another(client, bbb, video_settings, make_video_booking):
    mine, other = make_video_booking(), make_video_booking(email="someone@example.org")
    client.get(join_path(mine) + f"?token={manage_token(mine.code)}")
    assert client.get(join_path(other)).status_code == 404
    assert client.get(join_path(other) + f"?token={manage_token(mine.code)}").status_code == 404


def test_another_jobcenter_never_sees_the_appointment(client, bbb, video_settings, aylins_call, nord):
    path = f"/nord/video/{aylins_call.code}/join"
    assert client.get(path + f"?token={manage_token(aylins_call.code)}").status_code == 404
    assert client.get(path).status_code == 404


def test_a_booking_of_another_channel_has_no_video(client, bbb, video_settings, make_video_booking, aylin):
    booking = make_video_booking(client=aylin, channel="in_person")
    sign_in(client, aylin)
    assert client.get(join_path(booking)).status_code == 404


def test_a_client_who_booked_before_signing_up_joins_with_her_verified_address(
    client, bbb, video_settings, make_video_booking, aylin
):
    from django.utils import timezone

    type(aylin).objects.filter(pk=aylin.pk).update(email_verified_at=timezone.now())
    booking = make_video_booking(client=None, email="AYLIN@example.org")
    sign_in(client, aylin)
    assert joined_as(bbb, client.get(join_path(booking)))["role"] == "VIEWER"
