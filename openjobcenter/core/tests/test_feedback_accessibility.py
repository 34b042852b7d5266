"""The feedback form of the accessibility statement: stored, mailed, audited, validated, rate-limited."""

from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import AccessibilityFeedback
from openjobcenter.core.views.public import FEEDBACK_RATE
from openjobcenter.notifications.models import OutboxMessage

URL = "/demo/accessibility/"
REPORT = {
    "message": "Das Datumsfeld lässt sich mit dem Screenreader nicht bedienen.",
    "page": "/demo/register/",
    "name": "Karin Klein",
    "email": "karin@example.org",
}


def test_a_report_is_stored_for_the_jobcenter_and_mailed_to_its_contact_address(client, demo, nord):
    response = client.post(URL, REPORT)
    assert response.status_code == 302
    assert response["Location"] == "/demo/accessibility/thanks/"
    feedback = AccessibilityFeedback.objects.for_tenant(demo).get()
    assert feedback.message == REPORT["message"] and feedback.email == "karin@example.org"
    assert not AccessibilityFeedback.objects.for_tenant(nord).exists()
    mail = OutboxMessage.objects.get(template="core_accessibility_feedback")
    assert mail.to_address == "kontakt@musterstadt.example"
    assert mail.language == "de"
    assert "Rückmeldung zur Barrierefreiheit" in mail.subject
    assert REPORT["message"] in mail.text_body and "karin@example.org" in mail.text_body


def test_a_report_is_written_to_the_audit_trail(client, demo):
    client.post(URL, REPORT)
    entry = AuditEntry.all_tenants.filter(action="core.accessibility_feedback_received").get()
    assert entry.jobcenter_id == demo.pk


def test_only_the_message_is_required(client, demo):
    assert client.post(URL, {"message": "Der Kontrast der Links ist zu schwach."}).status_code == 302
    feedback = AccessibilityFeedback.objects.for_tenant(demo).get()
    assert feedback.name == "" and feedback.email == ""
    assert "eine Antwort ist nicht möglich" in OutboxMessage.objects.get().text_body


def test_the_thank_you_page_explains_what_happens_next(client, demo):
    page = client.get("/demo/accessibility/thanks/").content.decode()
    assert "Vielen Dank für Ihre Rückmeldung" in page
    assert "Wie geht es weiter?" in page


def test_a_missing_message_is_refused_and_everything_typed_is_kept(client, demo):
    response = client.post(URL, {**REPORT, "message": "  "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bitte beschreiben Sie die Barriere" in page
    assert 'value="Karin Klein"' in page and 'value="karin@example.org"' in page and 'value="/demo/register/"' in page
    assert not AccessibilityFeedback.objects.for_tenant(demo).exists()


def test_an_invalid_email_address_is_explained_next_to_the_field(client, demo):
    response = client.post(URL, {**REPORT, "email": "karin(at)example"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email_error"' in page
    assert REPORT["message"] in page
    assert not OutboxMessage.objects.exists()


def test_an_overlong_message_is_refused_with_a_clear_message(client, demo):
    response = client.post(URL, {**REPORT, "message": "x" * 5001})
    assert response.status_code == 400
    assert "5000" in response.content.decode()


def test_the_page_concerned_can_be_prefilled_from_a_link(client, demo):
    page = client.get(URL + "?page=/demo/privacy/").content.decode()
    assert 'value="/demo/privacy/"' in page


def test_more_than_five_reports_an_hour_from_one_address_are_refused_without_losing_the_text(client, demo):
    assert FEEDBACK_RATE == "5/h"
    for _ in range(5):
        assert client.post(URL, REPORT).status_code == 302
    response = client.post(URL, {**REPORT, "message": "Noch eine Barriere im Formular."})
    page = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Noch eine Barriere im Formular." in page
    assert AccessibilityFeedback.objects.for_tenant(demo).count() == 5


def test_the_limit_counts_per_address(client, demo):
    for _ in range(5):
        client.post(URL, REPORT)
    other = client.post(URL, REPORT, REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 302


def test_invalid_attempts_do_not_use_up_the_limit(client, demo):
    for _ in range(6):
        client.post(URL, {"message": ""})
    assert client.post(URL, REPORT).status_code == 302
