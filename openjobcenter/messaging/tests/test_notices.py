"""Notices: an e-mail without content to the citizen (their language, at most one per thread and hour), portal notices to staff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.messaging.models import Thread
from openjobcenter.messaging.services.threads import assign, reply
from openjobcenter.notifications.models import Notification, OutboxMessage

pytestmark = pytest.mark.usefixtures("scanner")


def mails_to(user):
    return OutboxMessage.objects.filter(recipient=user, template="messaging_new_message")


def test_the_citizen_gets_a_notice_without_content(thread, bernd, aylin):
    reply(actor=bernd, thread=thread, body="Geheimer Inhalt 4711")
    (mail,) = mails_to(aylin)
    assert mail.subject == "Sie haben eine neue Nachricht"
    assert "4711" not in mail.text_body + mail.html_body and "Frage zum Antrag" not in mail.text_body
    assert f"/demo/my/messages/{thread.pk}/" in mail.text_body


def test_the_notice_is_in_the_citizens_language(thread, bernd, aylin):
    aylin.language = "tr"
    aylin.save(update_fields=["language"])
    thread.citizen.refresh_from_db()
    reply(actor=bernd, thread=thread, body="Antwort")
    assert mails_to(aylin).get().language == "tr"


def test_at_most_one_notice_per_thread_and_hour(thread, bernd, aylin):
    reply(actor=bernd, thread=thread, body="Eins")
    reply(actor=bernd, thread=thread, body="Zwei")
    assert mails_to(aylin).count() == 1
    Thread.objects.for_tenant(thread.jobcenter).filter(pk=thread.pk).update(
        citizen_notified_at=timezone.now() - dt.timedelta(minutes=61)
    )
    reply(actor=bernd, thread=thread, body="Drei")
    assert mails_to(aylin).count() == 2


def test_the_citizens_own_messages_send_her_nothing(thread, aylin):
    reply(actor=aylin, thread=thread, body="Noch etwas")
    assert not mails_to(aylin).exists()


def test_staff_of_the_team_are_told_in_the_portal_while_nobody_has_the_thread(bernd, tanja, carla, thread):
    # The fixture's first message went to the whole team (nobody assigned yet).
    recipients = set(
        Notification.objects.for_tenant(thread.jobcenter)
        .filter(link_url__endswith=f"/{thread.pk}/")
        .values_list("recipient__email", flat=True)
    )
    assert recipients == {bernd.email, tanja.email}
    assert not OutboxMessage.objects.filter(recipient__in=[bernd, tanja]).exists()


def test_the_assignee_alone_is_told_about_new_messages(thread, bernd, tanja, aylin):
    assign(actor=tanja, thread=thread, assignee=bernd)
    Notification.all_tenants.all().delete()
    Thread.objects.for_tenant(thread.jobcenter).filter(pk=thread.pk).update(staff_notified_at=None)
    reply(actor=aylin, thread=thread, body="Noch etwas")
    assert list(Notification.all_tenants.values_list("recipient", flat=True)) == [bernd.pk]
