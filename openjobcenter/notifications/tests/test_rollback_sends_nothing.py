import pytest
from django.core import mail
from django.db import transaction

from openjobcenter.notifications.models import Notification, OutboxMessage
from openjobcenter.notifications.services import notify


class ServiceFailed(Exception):
    pass


def test_a_rolled_back_change_leaves_no_mail_and_no_notification(aylin, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ServiceFailed),
        transaction.atomic(),
    ):
        notify(aylin, "generic", {"title": "Termin bestätigt", "text": "X"})
        raise ServiceFailed
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert not Notification.all_tenants.exists()
    assert mail.outbox == []


def test_nothing_is_sent_before_the_callers_transaction_commits(aylin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(aylin, "generic", {"title": "Termin bestätigt", "text": "X"}, channels=["email"])
            assert mail.outbox == []
        assert OutboxMessage.objects.get().status == "pending"
    assert [m.subject for m in mail.outbox] == ["Termin bestätigt"]
    assert OutboxMessage.objects.get().status == "sent"
