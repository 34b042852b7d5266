from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.notifications.services import notify


def _notify(user, title):
    notify(user, "generic", {"title": title, "text": f"Text für {user.first_name}"}, channels=["portal"])


def test_a_client_sees_only_her_own_notifications(client, aylin, bernd, nora):
    _notify(aylin, "Für Aylin")
    _notify(bernd, "Für Bernd")
    _notify(nora, "Für Nora")
    client.force_login(aylin)
    page = client.get("/demo/notifications/").content.decode()
    assert "Für Aylin" in page
    assert "Text für Aylin" in page
    assert "Für Bernd" not in page
    assert "Für Nora" not in page


def test_staff_see_their_own_inbox_too(client, aylin, bernd):
    _notify(aylin, "Für Aylin")
    _notify(bernd, "Für Bernd")
    sign_in(client, bernd)  # staff: with the second factor
    page = client.get("/demo/notifications/").content.decode()
    assert "Für Bernd" in page
    assert "Für Aylin" not in page


def test_a_person_of_another_jobcenter_gets_404(client, aylin, nora):
    _notify(aylin, "Für Aylin")
    client.force_login(nora)
    assert client.get("/demo/notifications/").status_code == 404
    page = client.get("/nord/notifications/").content.decode()
    assert "Für Aylin" not in page


def test_anonymous_visitors_are_sent_to_sign_in(client, demo):
    response = client.get("/demo/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/demo/login/")


def test_unread_notifications_come_first_then_the_newest(client, aylin):
    from openjobcenter.notifications.services import mark_read

    for title in ["Erste", "Zweite", "Dritte"]:
        _notify(aylin, title)
    mark_read(aylin, aylin.jobcenter, aylin.notifications.get(title="Dritte").pk)
    client.force_login(aylin)
    page = client.get("/demo/notifications/").content.decode()
    assert page.index("Zweite") < page.index("Erste") < page.index("Dritte")
    assert "Sie haben 2 ungelesene Benachrichtigungen." in page


def test_an_empty_inbox_says_so(client, aylin):
    client.force_login(aylin)
    page = client.get("/demo/notifications/").content.decode()
    assert "Sie haben noch keine Benachrichtigungen." in page


def test_the_list_is_paged_with_a_fixed_number_of_queries(client, aylin, django_assert_max_num_queries):
    for number in range(25):
        _notify(aylin, f"Nachricht {number}")
    client.force_login(aylin)
    with django_assert_max_num_queries(12):
        page = client.get("/demo/notifications/").content.decode()
    assert "Seite 1 von 2" in page
    assert "Nachricht 24" in page
    assert "Nachricht 0<" not in page
