from openjobcenter.notifications.models import Notification
from openjobcenter.notifications.services import notify


def _notify(user, title="Hinweis"):
    notify(user, "generic", {"title": title, "text": "X"}, channels=["portal"])
    return Notification.all_tenants.filter(recipient=user).latest("pk")


def test_a_person_marks_her_notification_as_read(client, aylin):
    notification = _notify(aylin)
    client.force_login(aylin)
    response = client.post(f"/demo/notifications/{notification.pk}/read/")
    assert response.status_code == 302
    assert response["Location"] == "/demo/notifications/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_someone_elses_notification_gives_404(client, aylin, bernd):
    bernds = _notify(bernd)
    client.force_login(aylin)
    assert client.post(f"/demo/notifications/{bernds.pk}/read/").status_code == 404
    bernds.refresh_from_db()
    assert bernds.read_at is None


def test_marking_a_notification_of_another_jobcenter_gives_404(client, aylin, nora):
    noras = _notify(nora)
    client.force_login(aylin)
    assert client.post(f"/demo/notifications/{noras.pk}/read/").status_code == 404
    client.force_login(nora)
    assert client.post(f"/demo/notifications/{noras.pk}/read/").status_code == 404  # wrong Jobcenter in the URL
    noras.refresh_from_db()
    assert noras.read_at is None


def test_mark_all_touches_only_own_notifications(client, aylin, bernd):
    own = [_notify(aylin, "A"), _notify(aylin, "B")]
    bernds = _notify(bernd)
    client.force_login(aylin)
    assert client.post("/demo/notifications/read-all/").status_code == 302
    assert all(Notification.all_tenants.get(pk=n.pk).read_at for n in own)
    assert Notification.all_tenants.get(pk=bernds.pk).read_at is None


def test_marking_as_read_needs_post(client, aylin):
    notification = _notify(aylin)
    client.force_login(aylin)
    assert client.get(f"/demo/notifications/{notification.pk}/read/").status_code == 405
    assert client.get("/demo/notifications/read-all/").status_code == 405
