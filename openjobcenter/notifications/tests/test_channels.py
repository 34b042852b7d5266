import pytest

from openjobcenter.notifications.models import Notification, OutboxMessage
from openjobcenter.notifications.services import notify


def test_email_only_creates_no_portal_notification(aylin):
    notify(aylin, "generic", {"title": "T", "text": "X"}, channels=["email"])
    assert OutboxMessage.objects.count() == 1
    assert not Notification.all_tenants.exists()


def test_portal_only_sends_no_mail(aylin):
    notify(aylin, "generic", {"title": "Neuer Bescheid", "text": "Bitte lesen."}, channels=["portal"], link="/demo/")
    assert not OutboxMessage.objects.exists()
    notification = Notification.objects.for_tenant(aylin.jobcenter).get()
    assert (notification.recipient, notification.title, notification.text) == (aylin, "Neuer Bescheid", "Bitte lesen.")
    assert notification.link_url == "/demo/"


def test_the_portal_notification_is_in_the_recipients_language(aylin):
    aylin.language = "ar"
    aylin.save(update_fields=["language"])
    notify(aylin, "generic", {"title": "T", "text": "X"}, channels=["portal"])
    assert Notification.objects.for_tenant(aylin.jobcenter).get().title == "T"


def test_a_platform_admin_without_jobcenter_gets_mail_only(paul):
    notify(paul, "generic", {"title": "T", "text": "X"})
    assert OutboxMessage.objects.get().jobcenter is None
    assert not Notification.all_tenants.exists()


def test_it_refuses_unknown_channels_and_unsafe_links(aylin):
    with pytest.raises(ValueError, match="channels"):
        notify(aylin, "generic", {"title": "T", "text": "X"}, channels=["sms"])
    for link in ["javascript:alert(1)", "//evil.example/", "evil.example"]:
        with pytest.raises(ValueError, match="link"):
            notify(aylin, "generic", {"title": "T", "text": "X"}, link=link)
