from openjobcenter.notifications.services import mark_all_read, notify


def _notify(user):
    notify(user, "generic", {"title": "Hinweis", "text": "X"}, channels=["portal"])


def test_the_navigation_shows_how_many_are_unread(client, aylin, bernd):
    _notify(aylin)
    _notify(aylin)
    _notify(bernd)
    client.force_login(aylin)
    page = client.get("/demo/").content.decode()
    assert 'href="/demo/notifications/"' in page
    assert "(2<span" in page


def test_the_count_disappears_when_all_are_read(client, aylin):
    _notify(aylin)
    mark_all_read(aylin, aylin.jobcenter)
    client.force_login(aylin)
    page = client.get("/demo/").content.decode()
    assert 'href="/demo/notifications/"' in page
    assert "ojc-nav__count" not in page


def test_anonymous_visitors_see_no_notifications_link(client, demo):
    assert "/demo/notifications/" not in client.get("/demo/").content.decode()
