from typing import Any

from django.core import mail

from openjobcenter.notifications.services import notify, send_to_address


def test_mail_has_a_text_and_an_html_part_from_the_jobcenter(aylin, django_capture_on_commit_callbacks, settings):
    settings.DEFAULT_FROM_EMAIL = "Portal <noreply@musterstadt.example>"
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "generic", {"title": "Ihr Termin", "text": "Am Montag um 9 Uhr."}, channels=["email"])
    (message,) = mail.outbox
    assert message.subject == "Ihr Termin"
    assert message.from_email == "Jobcenter Musterstadt <noreply@musterstadt.example>"
    assert message.to == ["aylin@example.org"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "Guten Tag Aylin Kaya," in message.body
    assert "Am Montag um 9 Uhr." in message.body
    html = _html(message)
    assert "<h1>Ihr Termin</h1>" in html
    assert "Jobcenter Musterstadt" in html
    assert "style=" not in html


def test_the_footer_says_why_the_person_gets_the_mail(aylin, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "generic", {"title": "T", "text": "X"}, channels=["email"])
        send_to_address("feedback@example.org", "de", "generic", {"title": "T", "text": "X"}, jobcenter=demo)
    account, address = mail.outbox
    assert "weil Sie im Online-Portal von Jobcenter Musterstadt registriert sind" in account.body
    assert "weil Ihre Adresse im Online-Portal von Jobcenter Musterstadt angegeben wurde" in address.body
    assert "Guten Tag," in address.body


def test_the_text_part_is_not_html_escaped_but_the_html_part_is(aylin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "generic", {"title": "Müller & Söhne", "text": "<b>Bitte</b>"}, channels=["email"])
    (message,) = mail.outbox
    assert message.subject == "Müller & Söhne"
    assert "<b>Bitte</b>" in message.body
    assert "&lt;b&gt;Bitte&lt;/b&gt;" in _html(message)


def test_portal_links_in_mails_are_full_addresses(aylin, django_capture_on_commit_callbacks, settings):
    settings.PUBLIC_URL = "https://portal.musterstadt.example"
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "generic", {"title": "T", "text": "X"}, link="/demo/notifications/")
    (message,) = mail.outbox
    assert "https://portal.musterstadt.example/demo/notifications/" in message.body
    assert 'href="https://portal.musterstadt.example/demo/notifications/"' in _html(message)
    assert aylin.notifications.get().link_url == "/demo/notifications/"


def test_a_template_without_html_gets_an_html_part_from_its_text(
    demo, test_templates, django_capture_on_commit_callbacks
):
    import datetime

    with django_capture_on_commit_callbacks(execute=True):
        send_to_address("a@example.org", "de", "language_check", {"when": datetime.date(2026, 3, 5), "note": "<x>"})
    (message,) = mail.outbox
    html = _html(message)
    assert "5. März 2026: Ja &amp; &lt;x&gt;" in html
    assert 'lang="de"' in html


def _html(message: Any) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html
