"""The statistics pages in a real browser: the charts render from their tables (and the tables stay,
as the accessible alternative), without JavaScript the tables alone carry the figures, the press
text can be copied, and team leads see their service figures.

Data: the demo Jobcenter reports on the Kreis Bergstraße, with the real annual figures 2015–2020.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from openjobcenter.accounts.roles import Role
from openjobcenter.statistics.demo import load_demo_statistics
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = "/demo/staff/statistik/bericht/"


@pytest.fixture
def portal() -> DemoPortal:
    portal = demo_portal()
    load_demo_statistics()
    return portal


def _drawn_pixels(page: Any, index: int) -> int:
    """How many pixels of the index-th chart's canvas are not transparent (0: nothing drawn)."""
    return page.evaluate(
        """(index) => {
            const canvas = document.querySelectorAll("figure.ojc-stat-chart canvas")[index];
            const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) count++; }
            return count;
        }""",
        index,
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_charts_render_next_to_their_tables(new_context, signed_in, portal, viewport):
    context = new_context(viewport=viewport)
    signed_in(context, portal.persona(Role.TEAM_LEAD))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(REPORT)

    charts = page.locator("figure.ojc-stat-chart")
    expect(charts).to_have_count(2)
    expect(page.locator("figure.ojc-stat-chart canvas")).to_have_count(2)
    for index in range(2):
        canvas = charts.nth(index).locator("canvas")
        expect(canvas).to_be_visible()
        assert canvas.get_attribute("role") == "img" and canvas.get_attribute("aria-label")
        box = canvas.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 150
    page.wait_for_function("() => [...document.querySelectorAll('figure.ojc-stat-chart')].every(f => f.chart)")
    page.wait_for_timeout(600)  # the drawing animation
    assert _drawn_pixels(page, 0) > 500 and _drawn_pixels(page, 1) > 500
    # The tables stay, with every point: six years; the districts of Hessen, Bergstraße highlighted.
    expect(charts.nth(0).locator("tbody tr")).to_have_count(6)
    expect(charts.nth(1).locator("tbody tr")).to_have_count(26)
    expect(charts.nth(1).locator("tr[data-highlight] th")).to_have_text("Bergstraße, Landkreis")
    assert page.evaluate("() => document.querySelector('figure.ojc-stat-chart').chart.data.datasets.length") == 2
    assert not errors


def test_without_javascript_the_tables_carry_the_figures(browser: Browser, live_server, signed_in, portal):
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport=DESKTOP,
        locale="de-DE",
        timezone_id="Europe/Berlin",
    )
    try:
        signed_in(context, portal.persona(Role.TEAM_LEAD))
        page = context.new_page()
        page.goto(REPORT)
        expect(page.locator("figure.ojc-stat-chart table")).to_have_count(2)
        expect(page.locator("figure.ojc-stat-chart canvas")).to_have_count(0)
        expect(page.locator("[data-figure=unemployed]")).to_have_text("6.062")  # Bergstraße, 2020
        # The period picker works as a plain form.
        page.select_option("select[name=period]", "2015")
        page.get_by_role("button", name="Anzeigen").click()
        expect(page.locator("h2").first).to_contain_text("Jahresdurchschnitt 2015")
    finally:
        context.close()


def test_the_charts_read_right_to_left_in_arabic(new_context, signed_in, portal):
    context = new_context(language="ar")
    signed_in(context, portal.persona(Role.TEAM_LEAD, language="ar"))
    page = context.new_page()
    page.goto(REPORT)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.wait_for_function("() => [...document.querySelectorAll('figure.ojc-stat-chart')].every(f => f.chart)")
    assert page.evaluate("() => document.querySelector('figure.ojc-stat-chart').chart.options.scales.x.reverse")


def test_the_press_text_is_copied_as_edited(new_context, signed_in, portal):
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    signed_in(context, portal.persona(Role.JOBCENTER_ADMIN))
    page = context.new_page()
    page.goto("/demo/staff/statistik/pressetext/")
    text = page.locator("textarea#pressetext")
    expect(text).to_contain_text("Landkreis Bergstraße")
    text.fill(text.input_value() + " Ergänzt von der Pressestelle.")
    page.get_by_role("button", name="Text kopieren").click()
    expect(page.locator("#pressetext-status")).to_have_text("Der Text ist in die Zwischenablage kopiert.")
    assert page.evaluate("() => navigator.clipboard.readText()").endswith("Ergänzt von der Pressestelle.")


def test_team_leads_see_their_service_figures(new_context, signed_in, portal):
    context = new_context()
    signed_in(context, portal.persona(Role.TEAM_LEAD))
    page = context.new_page()
    page.goto("/demo/staff/statistik/service/")
    expect(page.get_by_role("heading", name="Termine", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Gebuchte Termine und Nichterscheinen je Standort")).to_be_visible()
    expect(page.get_by_role("heading", name="Wartezeiten in der Eingangszone")).to_be_visible()
    # Every source counts now: the assistant since issue 9, messages since issue 6, applications since issue 5.
    expect(page.locator("tr.ojc-stat-missing")).to_have_count(0)
    expect(page.get_by_role("heading", name="Antwortzeiten auf Nachrichten")).to_be_visible()
    expect(page.get_by_role("heading", name="Bearbeitungszeiten der Anträge je Status")).to_be_visible()
    expect(page.get_by_role("table", name="Verweildauer je Stand in Tagen")).to_be_visible()
    expect(page.get_by_role("heading", name="Digitaler Assistent")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Als CSV-Datei herunterladen").click()
    assert download.value.suggested_filename.startswith("service-kennzahlen-")
