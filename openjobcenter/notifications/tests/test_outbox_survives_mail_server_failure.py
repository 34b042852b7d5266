from django.core import mail

from openjobcenter.notifications.models import OutboxMessage, OutboxStatus
from openjobcenter.notifications.services import notify
from openjobcenter.notifications.tasks import enqueue_due_messages
from openjobcenter.notifications.tests.helpers import make_due


def test_a_mail_that_cannot_be_sent_stays_in_the_outbox(aylin, mail_server, django_capture_on_commit_callbacks):
    mail_server.down = True
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "generic", {"title": "Termin", "text": "Morgen"}, channels=["email"])
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert message.enqueued_at is None
    assert mail.outbox == []


def test_it_is_delivered_when_the_server_is_back_and_the_retry_is_due(
    aylin, mail_server, django_capture_on_commit_callbacks
):
    mail_server.down = True
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "generic", {"title": "Termin", "text": "Morgen"}, channels=["email"])
    mail_server.down = False
    assert enqueue_due_messages() == 0  # the retry is not due yet
    make_due(OutboxMessage.objects.get())
    assert enqueue_due_messages() == 1
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 2, "")
    assert message.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Termin"]


def test_the_error_kept_is_one_short_line(aylin, mail_server):
    from openjobcenter.notifications import outbox

    mail_server.on_send = lambda messages: (_ for _ in ()).throw(
        OSError("x" * 1000 + "\nTraceback (most recent call last):")
    )
    notify(aylin, "generic", {"title": "T", "text": "X"}, channels=["email"])
    message = OutboxMessage.objects.get()
    outbox.deliver(message.pk)
    message.refresh_from_db()
    assert len(message.last_error) <= 300
    assert "\n" not in message.last_error
