"""Online applications in a real browser.

- In German, on a phone: Aylin applies for a household of three from the first step to the receipt;
  the draft is saved as she types and is still there after she signs in again.
- In English (other language, asserted on structure only): Aylin's status page moves live when Tanja
  requests a document, and again when Aylin uploads into the request.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openjobcenter.accounts.roles import Role
from openjobcenter.applications.models import Application, Status
from openjobcenter.casefile.demo import text_pdf
from tests.browser.conftest import PHONE, assert_no_axe_violations, with_axe
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(settings, tmp_path) -> DemoPortal:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return demo_portal()


def fill(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = page.locator(f"[name='{name}']")
        if field.first.get_attribute("type") == "radio":
            page.locator(f"[name='{name}'][value='{value}']").check()
        elif field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def next_step(page) -> None:
    # Let the debounced autosave (800 ms after the last keystroke) finish first: the test database
    # (in-memory SQLite) refuses two writers at once, where a real database would wait.
    page.wait_for_timeout(1200)
    page.locator("button[name='action'][value='next']").click()


def test_a_household_of_three_applies_from_start_to_receipt(new_context, signed_in, portal):
    context = with_axe(new_context(viewport=PHONE, language="de"))
    aylin = portal.persona(Role.CLIENT, language="de")
    signed_in(context, aylin)
    page = context.new_page()
    page.goto("/demo/my/applications/")
    page.get_by_role("button", name="Antrag beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angaben")
    expect(page.get_by_text("Schritt 1 von 9")).to_be_visible()

    # Typing saves the draft (htmx) – and an impossible date is named, the value kept.
    fill(page, {"first_name": "Aylin", "last_name": "Kaya", "birth_date": "31.02.1990"})
    expect(page.locator("#save-status")).to_contain_text("Entwurf gespeichert")
    fill(page, {"birth_place": "Köln", "nationality": "de", "marital_status": "married", "street": "Lindenweg 3",
                "postal_code": "12345", "city": "Musterstadt"})  # fmt: skip
    next_step(page)
    expect(page.locator("#id_birth_date_error")).to_contain_text("Den 31. Februar 1990 gibt es nicht")
    assert_no_axe_violations(page)  # a step with an error message
    expect(page.locator("[name='birth_date']")).to_have_value("31.02.1990")
    fill(page, {"birth_date": "12.04.1990"})
    next_step(page)

    # The household: partner and child, one row at a time.
    expect(page.get_by_role("heading", level=1)).to_have_text("Haushalt")
    fill(page, {"m0-first_name": "Murat", "m0-last_name": "Kaya", "m0-birth_date": "01.02.1988",
                "m0-relationship": "partner"})  # fmt: skip
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Weitere Person hinzufügen").click()
    assert_no_axe_violations(page)
    fill(page, {"m1-first_name": "Elif", "m1-last_name": "Kaya", "m1-birth_date": "15.06.2019",
                "m1-relationship": "child"})  # fmt: skip
    next_step(page)

    # Housing, then sign out and in again: the draft resumes at this step with what was typed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Wohnung")
    fill(page, {"housing": "rent", "size": "68", "rooms": "3", "base_rent": "520,00"})
    expect(page.locator("#save-status")).to_contain_text("Entwurf gespeichert")
    context.clear_cookies()
    signed_in(context, aylin)
    page.goto("/demo/my/applications/")
    page.get_by_role("button", name="Antrag fortsetzen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wohnung")
    expect(page.locator("[name='base_rent']")).to_have_value("520,00")
    fill(page, {"utilities": "140", "heating": "85", "heating_type": "central", "landlord": "Wohnbau Musterstadt eG",
                "landlord_address": "Hafenweg 1, 12345 Musterstadt"})  # fmt: skip
    next_step(page)
    # The rent contract is asked for on the housing step: back there, upload it right there.
    page.wait_for_timeout(1200)
    page.locator("button[name='action'][value='back']").click()
    page.locator("#file-rent-contract").set_input_files(
        files=[{"name": "mietvertrag.pdf", "mimeType": "application/pdf", "buffer": text_pdf(["Mietvertrag"])}]
    )
    page.locator("#proof-rent-contract button[type='submit']").click()
    expect(page.locator("#proof-rent-contract")).to_contain_text("mietvertrag.pdf")
    next_step(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Einkommen")
    assert_no_axe_violations(page)
    fill(page, {"p0-has_income": "yes", "p0-kind": "employment", "p0-source": "Bäckerei Sonne", "p0-gross": "900",
                "p0-net": "720", "p1-has_income": "no", "p2-has_income": "yes", "p2-kind": "child_benefit",
                "p2-net": "255"})  # fmt: skip
    next_step(page)
    fill(page, {"savings": "800", "vehicle": "no", "property": "no", "insurance": "no"})
    next_step(page)
    fill(page, {"p0-insurance": "statutory", "p0-insurer": "AOK", "p1-insurance": "family", "p1-insurer": "AOK",
                "p2-insurance": "family", "p2-insurer": "AOK"})  # fmt: skip
    next_step(page)
    fill(page, {"iban": "DE89 3704 0044 0532 0130 01", "holder": "Aylin Kaya", "own_account": "yes"})
    next_step(page)
    expect(page.locator("#id_iban_error")).to_contain_text("Prüfziffer der IBAN stimmt nicht")
    fill(page, {"iban": "DE89 3704 0044 0532 0130 00"})
    next_step(page)
    fill(page, {"received": "no"})
    next_step(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Prüfen und absenden")
    expect(page.get_by_text("Elif Kaya (Anlage KI)")).to_be_visible()
    expect(page.get_by_text("Murat Kaya (Anlage WEP)")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Ich habe die Hinweise zu meinen Mitwirkungspflichten").check()
    page.get_by_label("Ich habe die Hinweise zum Datenschutz gelesen.").check()
    page.get_by_label("Meine Angaben sind richtig und vollständig").check()
    page.get_by_role("button", name="Antrag verbindlich absenden").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Bearbeitungsstand")
    with page.expect_download() as download:
        page.get_by_role("link", name="Eingangsbestätigung (PDF)").click()
    assert download.value.suggested_filename.startswith("Eingangsbestaetigung-EA-")
    submitted = Application.objects.for_tenant(aylin.jobcenter).filter(
        applicant=aylin, status=Status.SUBMITTED, kind="first"
    )
    assert submitted.count() == 1


def test_the_status_page_moves_live_when_staff_request_a_document(new_context, signed_in, portal):
    citizen = new_context(language="en")
    aylin = portal.persona(Role.CLIENT, language="en")
    signed_in(citizen, aylin)
    application = Application.objects.for_tenant(aylin.jobcenter).get(
        applicant=aylin, status=Status.DOCUMENTS_REQUESTED
    )
    page = citizen.new_page()
    page.goto(f"/demo/my/applications/{application.pk}/")
    requests = page.locator("#status-live [data-field='requests'] > li")
    expect(requests).to_have_count(1)

    staff = new_context(language="de")
    signed_in(staff, portal.persona(Role.TEAM_LEAD))
    desk = staff.new_page()
    desk.goto(f"/demo/staff/applications/{application.pk}/")
    desk.get_by_label("Welche Unterlage?").fill("Kontoauszug November")
    desk.get_by_role("button", name="Anfordern").click()
    expect(desk.locator("[data-field='status']")).to_contain_text("Unterlagen angefordert")

    # No reload: the citizen's page polls and shows the second request.
    expect(requests).to_have_count(2, timeout=25_000)
    for item in range(2):
        form = requests.first.locator("form")
        form.locator("input[type='file']").set_input_files(
            files=[{"name": f"nachweis-{item}.pdf", "mimeType": "application/pdf", "buffer": text_pdf(["Nachweis"])}]
        )
        form.locator("button[type='submit']").click()
        page.wait_for_load_state()
    expect(page.locator("#status-live")).to_have_attribute("data-status", "documents_received")
    application.refresh_from_db()
    assert application.status == Status.DOCUMENTS_RECEIVED
