"""Change notifications and continuation applications in a real browser.

- In German, on a phone: Aylin asks to travel (Ortsabwesenheit); Tanja refuses without a reason
  (told next to the field), then with one; Aylin reads the reason on her status page.
- In German: Aylin's approval period ends soon; she continues with "nothing changed".
- In Ukrainian (asserted on structure only, no German labels): Oleksandr continues from the card
  on his start page, only the housing section is asked again, pre-filled; then he sends a sick note.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.applications.models import Application, ApprovalPeriod, Kind, Status, Topic
from openjobcenter.casefile.demo import text_pdf
from tests.browser.conftest import PHONE, assert_no_axe_violations, with_axe
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECTIONS = ("applicant", "household", "housing", "income", "assets", "health", "bank")


@pytest.fixture
def portal(settings, tmp_path) -> DemoPortal:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return demo_portal()


def next_step(page) -> None:
    # Let the debounced autosave finish first (the in-memory test database takes one writer at a time).
    page.wait_for_timeout(1200)
    page.locator("button[name='action'][value='next']").click()


def send(page) -> None:
    """Confirm the three legal notes and submit (by names, not labels)."""
    for name in ("duties", "privacy", "truthful"):
        page.locator(f"[name='{name}']").check()
    page.locator("form[action$='/review/'] button[type='submit']").click()


def test_a_trip_is_asked_for_and_refused_with_a_reason(new_context, signed_in, portal):
    context = with_axe(new_context(viewport=PHONE, language="de"))
    aylin = portal.persona(Role.CLIENT, language="de")
    signed_in(context, aylin)
    page = context.new_page()
    page.goto("/demo/my/applications/")
    page.get_by_role("link", name="Änderung mitteilen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Änderung mitteilen")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ortsabwesenheit (Reise, Besuch)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ortsabwesenheit (Reise, Besuch)")

    start = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Abreise am").fill(f"{start:%d.%m.%Y}")
    page.get_by_label("Rückkehr am").fill(f"{start - dt.timedelta(days=2):%d.%m.%Y}")
    page.get_by_label("Ja").check()
    expect(page.locator("#save-status")).to_contain_text("Entwurf gespeichert")
    next_step(page)
    expect(page.locator("#id_date_to_error")).to_contain_text("Das Ende liegt vor dem Beginn")
    assert_no_axe_violations(page)
    page.get_by_label("Rückkehr am").fill(f"{start + dt.timedelta(days=10):%d.%m.%Y}")
    next_step(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Prüfen und absenden")
    assert_no_axe_violations(page)
    send(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ortsabwesenheit")
    application = (
        Application.objects.for_tenant(aylin.jobcenter)
        .filter(applicant=aylin, kind=Kind.CHANGE, topic=Topic.ABSENCE)
        .latest("submitted_at")
    )
    assert application.reference.startswith("VM-")

    staff = new_context(language="de")
    signed_in(staff, portal.persona(Role.TEAM_LEAD))
    desk = staff.new_page()
    desk.goto("/demo/staff/applications/?show=absence")
    desk.get_by_role("link", name=application.reference).click()
    desk.get_by_role("button", name="Mir zuweisen").click()
    desk.get_by_role("button", name="Prüfung beginnen").click()
    desk.get_by_label("abgelehnt").check()
    desk.get_by_role("button", name="Entscheidung speichern").click()
    expect(desk.locator("#id_note_error")).to_contain_text("Bitte begründen Sie die Ablehnung")
    desk.get_by_label("abgelehnt").check()
    desk.get_by_label("Begründung (sieht die Kundin / der Kunde)").fill("In dieser Zeit beginnt Ihr Sprachkurs.")
    desk.get_by_role("button", name="Entscheidung speichern").click()
    expect(desk.locator("[data-field='status']")).to_contain_text("abgelehnt")

    page.goto(f"/demo/my/applications/{application.pk}/")
    expect(page.locator("[data-field='decision-note']")).to_contain_text("In dieser Zeit beginnt Ihr Sprachkurs.")
    assert_no_axe_violations(page)


def test_aylin_continues_with_nothing_changed(new_context, signed_in, portal):
    context = with_axe(new_context(language="de"))
    aylin = portal.persona(Role.CLIENT, language="de")
    first = Application.objects.for_tenant(aylin.jobcenter).get(applicant=aylin, kind=Kind.FIRST)
    today = timezone.localdate()
    ApprovalPeriod.objects.create_for_tenant(
        aylin.jobcenter, person=aylin, application=first, start=today.replace(day=1) - dt.timedelta(days=300),
        end=today + dt.timedelta(days=30),
    )  # fmt: skip
    signed_in(context, aylin)
    page = context.new_page()
    page.goto("/demo/my/applications/")
    card = page.locator("[data-field='continuation']")
    expect(card).to_contain_text("Weiterbewilligung beantragen")
    assert_no_axe_violations(page)
    card.get_by_role("button", name="Weiterbewilligungsantrag stellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hat sich etwas geändert?")
    assert_no_axe_violations(page)
    next_step(page)  # nothing chosen: every question says so
    expect(page.locator("#id_housing_error")).to_contain_text("Bitte wählen Sie „Nein“ oder „Ja“.")
    for name in SECTIONS:
        page.locator(f"[name='{name}'][value='no']").check()
    next_step(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Prüfen und absenden")
    expect(page.get_by_text("DE89370400440532013000")).to_be_visible()
    send(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Weiterbewilligungsantrag")
    with page.expect_download() as download:
        page.get_by_role("link", name="Eingangsbestätigung (PDF)").click()
    assert download.value.suggested_filename.startswith("Eingangsbestaetigung-WA-")


def test_oleksandr_continues_and_sends_a_sick_note_in_ukrainian(new_context, signed_in, portal):
    context = with_axe(new_context(viewport=PHONE, language="uk"))
    oleksandr = User.objects.get(email="kunde@demo.example")
    assert oleksandr.language == "uk"
    signed_in(context, oleksandr)
    page = context.new_page()
    page.goto("/demo/my/applications/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    card = page.locator("[data-field='continuation']")
    expect(card).to_be_visible()
    assert_no_axe_violations(page)
    card.locator("button[type='submit']").click()

    # Only the housing changed: that section comes again, pre-filled with what the Jobcenter knows.
    for name in SECTIONS:
        page.locator(f"[name='{name}'][value='{'yes' if name == 'housing' else 'no'}']").check()
    next_step(page)
    expect(page.locator("[name='base_rent']")).to_have_value("390,00")
    assert_no_axe_violations(page)
    page.locator("[name='base_rent']").fill("415,00")
    next_step(page)
    expect(page.locator("form[action$='/review/']")).to_be_visible()
    expect(page.locator("[data-field='kind']")).to_be_visible()
    send(page)
    expect(page.locator("#status-live")).to_have_attribute("data-status", "submitted")
    continuation = Application.objects.for_tenant(oleksandr.jobcenter).get(applicant=oleksandr, kind=Kind.CONTINUATION)
    assert continuation.status == Status.SUBMITTED and continuation.data["housing"]["clean"]["base_rent"] == "415.00"

    # A sick note: the certificate is uploaded on the form's page, then sent.
    page.goto("/demo/my/applications/change/")
    assert_no_axe_violations(page)
    page.locator("button[data-topic='sick_note']").click()
    today = timezone.localdate()
    page.locator("[name='kind'][value='first']").check()
    page.locator("[name='date_from']").fill(f"{today:%d.%m.%Y}")
    page.locator("[name='date_to']").fill(f"{today + dt.timedelta(days=6):%d.%m.%Y}")
    page.locator("#file-sick-note").set_input_files(
        files=[{"name": "au.pdf", "mimeType": "application/pdf", "buffer": text_pdf(["AU"])}]
    )
    page.wait_for_timeout(1200)
    page.locator("#proof-sick-note button[type='submit']").click()
    expect(page.locator("#proof-sick-note")).to_contain_text("au.pdf")
    assert_no_axe_violations(page)
    next_step(page)
    send(page)
    expect(page.locator("#status-live")).to_have_attribute("data-status", "submitted")
    note = Application.objects.for_tenant(oleksandr.jobcenter).get(applicant=oleksandr, topic=Topic.SICK_NOTE)
    assert note.status == Status.SUBMITTED and note.reference.startswith("VM-")
