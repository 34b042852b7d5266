"""The assistant's service figures (issue 11), checked against counts worked out by hand.

Jobcenter Musterstadt, in the period: German 6 answered (4 payment-date, 2 housing-costs), 1 suggestion,
1 own case (8); Arabic 1 answered (payment-date), 1 unsure, 1 out of scope (3): 11 questions, 7 answered (63.6 %). Outside the period: 5 more; in
Jobcenter Nordkreis: 7, which must not count. Feedback: payment-date 3 × yes, 1 × no; housing-costs 1 × no;
one "yes" in Nordkreis.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.assistant.models import Feedback, QuestionCount
from openjobcenter.assistant.services.figures import assistant_figures
from openjobcenter.statistics.services.service_figures import ServiceFilter, figure_table, service_figures

FIRST = dt.date(2026, 11, 2)
LAST = dt.date(2026, 11, 8)


def count(jobcenter, day, language, outcome, topic="", n=1):
    QuestionCount.all_tenants.create(
        jobcenter=jobcenter, date=day, language=language, outcome=outcome, topic_key=topic, count=n
    )


@pytest.fixture
def scenario(demo, nord, knowledge):
    count(demo, FIRST, "de", "answer", "payment-date", 3)
    count(demo, LAST, "de", "answer", "payment-date", 1)
    count(demo, LAST, "de", "answer", "housing-costs", 2)
    count(demo, FIRST, "de", "suggest")
    count(demo, FIRST, "de", "own_case")
    count(demo, FIRST, "ar", "answer", "payment-date")
    count(demo, FIRST, "ar", "unsure")
    count(demo, FIRST, "ar", "out_of_scope")
    count(demo, LAST + dt.timedelta(days=1), "de", "answer", "payment-date", 5)
    count(nord, FIRST, "de", "answer", "payment-date", 7)
    for score, topic, jobcenter in [(1, "payment-date", demo)] * 3 + [
        (-1, "payment-date", demo), (-1, "housing-costs", demo), (1, "payment-date", nord),
    ]:  # fmt: skip
        Feedback.all_tenants.create(jobcenter=jobcenter, topic_key=topic, score=score, language="de", date=FIRST)


def test_the_figures_match_the_hand_count(demo, scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        figures = assistant_figures(demo, FIRST, LAST)
    total = figures.total
    assert (total.total, total.answered, total.suggested, total.own_case, total.out_of_scope, total.unsure) == (
        11, 7, 1, 1, 1, 1,
    )  # fmt: skip
    assert total.answered_percent == 63.6 and total.not_answered == 4
    german, arabic = figures.by_language
    assert (german.language, german.counts.total, german.counts.answered) == ("de", 8, 6)
    assert (arabic.language, arabic.label, arabic.counts.total, arabic.counts.answered_percent) == (
        "ar",
        "العربية",
        3,
        33.3,
    )
    first, second = figures.top_topics
    assert (first.key, first.answered, first.helpful, first.not_helpful) == ("payment-date", 5, 3, 1)
    assert (second.key, second.answered, second.helpful, second.not_helpful) == ("housing-costs", 2, 0, 1)
    assert first.title and first.title != "payment-date"
    assert (figures.helpful, figures.not_helpful, figures.helpful_percent) == (3, 2, 60.0)


def test_another_jobcenter_sees_only_its_own(nord, scenario):
    figures = assistant_figures(nord, FIRST, LAST)
    assert figures.total.total == 7 and (figures.helpful, figures.not_helpful) == (1, 0)


def test_an_empty_period(demo, scenario):
    figures = assistant_figures(demo, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert figures.total.total == 0 and figures.total.answered_percent is None and figures.helpful_percent is None


def test_the_service_figures_and_the_csv_carry_them(demo, scenario):
    data = service_figures(demo, ServiceFilter(FIRST, LAST))
    assert data.assistant is not None and data.assistant.total.total == 11
    table = figure_table(data)
    assert ["Digitaler Assistent", "Gesamt", "Gesamt", "", "Fragen", 11] in table
    assert ["Digitaler Assistent", "Gesamt", "Gesamt", "", "Anteil beantwortet (%)", 63.6] in table
    assert ["Digitaler Assistent", "Sprache", "العربية", "", "Beantwortet", 1] in table
    assert any(row[0] == "Digitaler Assistent" and row[1] == "Thema" and row[5] == 5 for row in table)


def test_the_team_lead_sees_the_section_with_the_filter_note(client, tanja, demo_location, scenario):
    sign_in(client, tanja)
    period = {"date_from": FIRST.isoformat(), "date_to": LAST.isoformat()}
    page = client.get("/demo/staff/statistik/service/", period).content.decode()
    assert "Digitaler Assistent" in page and "63,6 %" in page and "Fragen nach Ergebnis und Sprache" in page
    assert "keinem Standort und keinem Team" not in page
    filtered = client.get("/demo/staff/statistik/service/", {**period, "location": demo_location.pk}).content.decode()
    assert "keinem Standort und keinem Team" in filtered and "63,6 %" in filtered
    response = client.get("/demo/staff/statistik/service/", {**period, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Digitaler Assistent", "Gesamt", "Gesamt", "", "Fragen", "11"] in rows


def test_nordkreis_staff_do_not_see_musterstadts_figures(client, niklas, scenario):
    sign_in(client, niklas)
    assert client.get("/demo/staff/statistik/service/").status_code == 404
