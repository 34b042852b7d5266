"""The knowledge-base editor in a real browser: the admin changes the German answer of a topic, a
team lead reviews it (the admin may not: four eyes), the admin publishes, and the assistant's API
answers with the new text at once. The live preview fills the Jobcenter's placeholders as one types;
the editor's pages pass axe in German and Arabic."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from openjobcenter.accounts.roles import Role
from tests.browser.conftest import PHONE, format_violations, run_axe, with_axe
from tests.browser.scenario import demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = "/demo/staff/assistent/wissen/"
QUESTION = "Wann wird das Geld überwiesen?"
NEW_ANSWER = "Bei {jobcenter_name} kommt das Geld am letzten Werktag vor dem Monat, für den es gilt."


def _ask(page, question: str) -> dict:
    response = page.request.post("/api/v1/demo/assistant/ask", data={"question": question})
    assert response.ok
    return response.json()


def test_admin_edits_team_lead_reviews_admin_publishes_and_the_assistant_answers(new_context, signed_in):
    portal = demo_portal()
    admin = new_context()
    signed_in(admin, portal.persona(Role.JOBCENTER_ADMIN))
    page = admin.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    assert "letzten Werktag vor dem Monat" not in (_ask(page, QUESTION)["answer"] or "")

    # From the workspace to the topic, a new draft.
    page.goto("/demo/staff/")
    page.get_by_role("link", name="Wissen des Assistenten").click()
    page.get_by_label("Suche in Titel und Kennung").fill("payment-date")
    page.get_by_role("button", name="Filtern").click()
    page.locator("tbody th a").first.click()
    page.get_by_role("button", name="Neue Fassung bearbeiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entwurf bearbeiten")

    # The live preview fills the placeholders while typing.
    answer = page.get_by_label("Antwort – Deutsch")
    answer.fill(NEW_ANSWER)
    preview = page.locator('[data-kb-preview="de"]')
    expect(preview).to_have_text(
        "Bei Jobcenter Musterstadt kommt das Geld am letzten Werktag vor dem Monat, für den es gilt."
    )
    page.get_by_label("Was haben Sie geändert?").fill("Auszahlungstermin klarer formuliert")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.locator(".ojc-messages")).to_contain_text("Der Entwurf wurde gespeichert")
    # Four eyes: the author gets no review button, and is told why.
    expect(page.get_by_role("button", name="Als geprüft markieren")).to_have_count(0)
    expect(page.locator("#kb-why")).to_contain_text("Vier-Augen-Prinzip")
    version_url = page.url.split("#")[0]

    # The team lead reviews.
    lead = new_context()
    signed_in(lead, portal.persona(Role.TEAM_LEAD))
    lead_page = lead.new_page()
    lead_page.goto(version_url)
    lead_page.get_by_role("button", name="Als geprüft markieren").click()
    expect(lead_page.locator("main")).to_contain_text("Die Fassung ist geprüft")
    expect(lead_page.get_by_role("button", name="Veröffentlichen")).to_have_count(0)
    assert "letzten Werktag vor dem Monat" not in (_ask(lead_page, QUESTION)["answer"] or "")

    # The admin publishes; the API answers with the new text at once.
    page.goto(version_url)
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.locator("main")).to_contain_text("Der Assistent antwortet ab sofort mit dieser Fassung")
    body = _ask(page, QUESTION)
    assert body["topic"] == "payment-date"
    assert (
        body["answer"] == "Bei Jobcenter Musterstadt kommt das Geld am letzten Werktag vor dem Monat, für den es gilt."
    )
    nord = page.request.post("/api/v1/nord/assistant/ask", data={"question": QUESTION}).json()
    assert "letzten Werktag vor dem Monat" not in (nord["answer"] or "")

    # The history shows author, reviewer and publisher; the comparison shows the change.
    page.goto(LIST)
    page.get_by_label("Stand", exact=True).select_option("published")
    page.get_by_role("button", name="Filtern").click()
    page.locator("tbody th a").first.click()
    history = page.locator("table")
    expect(history).to_contain_text("Anja Albrecht")
    expect(history).to_contain_text("Tanja Tiedemann")
    expect(history).to_contain_text("Auszahlungstermin klarer formuliert")
    page.get_by_role("button", name="Vergleichen").click()
    expect(page.locator(".ojc-kb-diff ins").first).to_contain_text("letzten Werktag vor dem Monat")
    assert not errors


def test_without_javascript_the_preview_button_fills_placeholders(browser, live_server, signed_in):
    portal = demo_portal()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="de-DE")
    signed_in(context, portal.persona(Role.JOBCENTER_ADMIN))
    page = context.new_page()
    page.goto(LIST)
    page.locator("tbody th a").first.click()
    page.get_by_role("button", name="Neue Fassung bearbeiten").click()
    page.get_by_label("Antwort – Deutsch").fill("Rufen Sie {jobcenter_phone} an.")
    page.get_by_role("button", name="Vorschau aktualisieren").click()
    expect(page.locator('[data-kb-preview="de"]')).to_have_text("Rufen Sie 0123 4567-0 an.")
    expect(page.get_by_label("Antwort – Deutsch")).to_have_value("Rufen Sie {jobcenter_phone} an.")
    context.close()


def _in(language: str, text: str) -> str:
    """The label as the page shows it in ``language``."""
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_editor_pages_pass_axe(new_context, signed_in, language):
    portal = demo_portal()
    context = with_axe(new_context(language=language, viewport=PHONE if language == "ar" else None))
    signed_in(context, portal.persona(Role.JOBCENTER_ADMIN, language=language))
    page = context.new_page()
    page.goto(LIST)
    paths = [LIST]
    page.locator("tbody th a").first.click()
    paths.append(page.url)
    page.get_by_role("button", name=_in(language, "Neue Fassung bearbeiten")).click()
    edit_url = page.url.split("#")[0]
    paths.append(edit_url)
    paths.append(edit_url.removesuffix("bearbeiten/"))  # the version with its workflow
    paths.append(paths[1].split("#")[0] + "vergleich/")  # the comparison with the shipped version
    page.goto(edit_url)
    page.get_by_label(_in(language, "Was haben Sie geändert?")).fill("")
    page.get_by_role("button", name=_in(language, "Entwurf speichern")).click()  # the change note is missing: errors
    expect(page.locator("#fehler")).to_be_visible()
    report = []
    violations = run_axe(page)  # the form with its errors, as it is on screen
    if violations:
        report.append(f"form with errors:\n{format_violations(violations)}")
    for path in paths:
        page.goto(path)
        violations = run_axe(page)
        if violations:
            report.append(f"{path}:\n{format_violations(violations)}")
    assert not report, "\n".join(report)
