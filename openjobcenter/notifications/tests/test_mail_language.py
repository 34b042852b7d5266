import datetime

from django.core import mail

from openjobcenter.notifications.models import OutboxMessage
from openjobcenter.notifications.services import notify, send_to_address

WHEN = datetime.date(2026, 3, 5)


def _set_language(user, language):
    user.language = language
    user.save(update_fields=["language"])


def test_it_renders_the_mail_in_the_recipients_language(
    aylin, nora, test_templates, django_capture_on_commit_callbacks
):
    _set_language(aylin, "tr")
    _set_language(nora, "uk")
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "language_check", {"when": WHEN, "note": "x"}, channels=["email"])
        notify(nora, "language_check", {"when": WHEN, "note": "x"}, channels=["email"])
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["aylin@example.org"].subject == "Mart – Evet"
    assert "5. Mart 2026: evet" in by_address["aylin@example.org"].body
    assert by_address["nora@example.org"].subject == "Березень – Так"


def test_it_does_not_take_the_language_of_the_person_who_triggered_it(aylin, test_templates, settings):
    # The request that calls notify() runs in the sender's language (here: English).
    from django.utils import translation

    with translation.override("en"):
        notify(aylin, "language_check", {"when": WHEN, "note": "x"}, channels=["email"])
    message = OutboxMessage.objects.get()
    assert message.language == "de"
    assert message.subject == "März – Ja"


def test_arabic_mail_is_marked_right_to_left(aylin):
    _set_language(aylin, "ar")
    notify(aylin, "generic", {"title": "عنوان", "text": "نص"}, channels=["email"])
    message = OutboxMessage.objects.get()
    assert message.language == "ar"
    assert 'lang="ar" dir="rtl"' in message.html_body


def test_mail_to_an_address_uses_the_given_language(demo, test_templates):
    send_to_address("inbox@example.org", "ru", "language_check", {"when": WHEN, "note": "x"}, jobcenter=demo)
    assert OutboxMessage.objects.get().subject == "Март – Да"


def test_an_unknown_language_falls_back_to_german(demo, test_templates):
    send_to_address("inbox@example.org", "xx", "language_check", {"when": WHEN, "note": "x"}, jobcenter=demo)
    message = OutboxMessage.objects.get()
    assert (message.language, message.subject) == ("de", "März – Ja")
