"""PDFs: the CV and a cover letter as tagged PDFs whose text carries what the citizen wrote."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.folder.models import CoverLetter

from .conftest import MY


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    # Headings are set in capitals (CSS text-transform), so compare without case.
    return "\n".join(page.extract_text() for page in reader.pages).casefold()


def test_the_cv_pdf_holds_the_details_and_entries_in_german_cv_layout(client, aylin, folder):
    sign_in(client, aylin)
    response = client.get(f"{MY}/cv/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Lebenslauf-aylin-kaya.pdf" in response["Content-Disposition"]
    content = response.content
    text = _text(content)
    for expected in ("Aylin Kaya", "Verkäuferin", "Bäckerei Schmidt", "03/2018 – 06/2023", "Persönliche Daten",
                     "Berufserfahrung", "Sprachen", "Englisch", "B1", "Lindenweg 7", "Backen"):  # fmt: skip
        assert expected.casefold() in text, expected
    root: Any = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged
    assert root["/Lang"] == "de"


def test_the_cv_pdf_is_german_even_when_the_portal_is_in_ukrainian(client, aylin, folder):
    aylin.language = "uk"
    aylin.save()
    sign_in(client, aylin)
    text = _text(client.get(f"{MY}/cv/pdf/", HTTP_ACCEPT_LANGUAGE="uk").content)
    assert "berufserfahrung" in text and "persönliche daten" in text


def test_the_cover_letter_pdf_carries_sender_subject_and_text(client, aylin, folder):
    letter = CoverLetter.objects.create_for_tenant(
        folder.jobcenter, folder=folder, title="Bewerbung als Verkäuferin", company="Backhaus Sonnenschein",
        text="Sehr geehrte Frau Sommer,\n\nmit großem Interesse",
    )  # fmt: skip
    sign_in(client, aylin)
    response = client.get(f"{MY}/letters/{letter.pk}/pdf/")
    assert response.status_code == 200
    text = _text(response.content)
    for expected in ("Aylin Kaya", "Lindenweg 7", "Backhaus Sonnenschein", "Bewerbung als Verkäuferin", "Frau Sommer"):
        assert expected.casefold() in text, expected


def test_text_that_looks_like_markup_is_printed_not_interpreted(client, aylin, folder):
    folder.profile = '<img src="http://evil.example/x.png"> <b>fett</b>'
    folder.save()
    sign_in(client, aylin)
    text = _text(client.get(f"{MY}/cv/pdf/").content)
    assert "<b>fett</b>" in text and "<img" in text
