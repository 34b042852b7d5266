"""An open thread page fetches new messages (htmx polling): nothing new is a 204, new messages are
appended and read; the same access rules as the page, and staff reads of new messages are logged."""

from __future__ import annotations

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.services import access_log_for
from openjobcenter.messaging.models import Message
from openjobcenter.messaging.services.threads import reply

pytestmark = pytest.mark.usefixtures("scanner")


def _last_id(thread) -> int:
    return (
        Message.objects.for_tenant(thread.jobcenter)
        .filter(thread=thread)
        .order_by("-pk")
        .values_list("pk", flat=True)[0]
    )


def test_the_citizen_sees_the_answer_appear_and_it_counts_as_read(client, thread, aylin, bernd):
    sign_in(client, aylin)
    page = client.get(f"/demo/my/messages/{thread.pk}/").content.decode()
    last = _last_id(thread)
    assert f"/demo/my/messages/{thread.pk}/live/?after={last}" in page
    assert client.get(f"/demo/my/messages/{thread.pk}/live/?after={last}").status_code == 204

    reply(actor=bernd, thread=thread, body="Es fehlt nur noch der Mietvertrag.")
    thread.refresh_from_db()
    assert thread.unread_for_citizen
    live = client.get(f"/demo/my/messages/{thread.pk}/live/?after={last}")
    body = live.content.decode()
    assert live.status_code == 200 and "Es fehlt nur noch der Mietvertrag." in body
    assert "Fehlt noch etwas?" not in body  # only what the page has not shown yet
    assert f"?after={_last_id(thread)}" in body and 'hx-swap-oob="true"' in body
    thread.refresh_from_db()
    assert not thread.unread_for_citizen


@pytest.mark.parametrize("after", ["", "abc", "-1", "1e9"])
def test_a_malformed_position_shows_nothing_new(client, thread, aylin, after):
    sign_in(client, aylin)
    assert client.get(f"/demo/my/messages/{thread.pk}/live/?after={after}").status_code == 204


def test_another_citizen_and_another_jobcenter_get_nothing(client, thread, david, nora, niklas):
    for person in (david, nora):
        sign_in(client, person)
        assert client.get(f"/demo/my/messages/{thread.pk}/live/?after=0").status_code == 404
    sign_in(client, niklas)
    assert client.get(f"/demo/staff/messages/{thread.pk}/live/?after=0").status_code == 404
    client.logout()
    assert client.get(f"/demo/my/messages/{thread.pk}/live/?after=0").status_code == 302


def test_staff_see_the_citizens_new_message_and_the_read_is_logged(client, thread, aylin, bernd):
    sign_in(client, bernd)
    client.get(f"/demo/staff/messages/{thread.pk}/")
    last = _last_id(thread)
    assert access_log_for(jobcenter=thread.jobcenter, citizen=aylin).count() == 1
    assert client.get(f"/demo/staff/messages/{thread.pk}/live/?after={last}").status_code == 204
    assert access_log_for(jobcenter=thread.jobcenter, citizen=aylin).count() == 1  # asking is no read

    reply(actor=aylin, thread=thread, body="Der Mietvertrag kommt morgen.")
    live = client.get(f"/demo/staff/messages/{thread.pk}/live/?after={last}")
    assert live.status_code == 200 and "Der Mietvertrag kommt morgen." in live.content.decode()
    assert access_log_for(jobcenter=thread.jobcenter, citizen=aylin).count() == 2
    thread.refresh_from_db()
    assert not thread.unread_for_staff


def test_staff_of_another_team_without_a_reason_are_refused(client, thread, aylin, carla):
    sign_in(client, carla)
    reply(actor=aylin, thread=thread, body="Noch eine Frage.")
    response = client.get(f"/demo/staff/messages/{thread.pk}/live/?after=0")
    assert response.status_code == 403 and "Noch eine Frage." not in response.content.decode()
