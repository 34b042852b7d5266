"""The certificate of participation: a tagged PDF with name, module, date and Jobcenter; only after passing."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.elearning.services.progress import submit_quiz

from .conftest import right_answers, wrong_answers

URL = "/demo/my/elearning/sicher-im-internet/certificate/"


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_there_is_no_certificate_before_the_quiz_is_passed(client, aylin, safety):
    sign_in(client, aylin)
    assert client.get(URL).status_code == 404
    submit_quiz(aylin, aylin.jobcenter, safety, wrong_answers(safety))
    assert client.get(URL).status_code == 404


def test_the_certificate_names_her_the_module_the_date_and_the_jobcenter(client, aylin, safety):
    submit_quiz(aylin, aylin.jobcenter, safety, right_answers(safety))
    sign_in(client, aylin)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = response.content
    text = _text(pdf)
    for expected in ("Teilnahmebescheinigung", "Aylin Kaya", "Sicher im Internet", "Jobcenter Musterstadt", "100 %"):
        assert expected in text, expected
    assert timezone.localdate().strftime("%Y") in text
    root: Any = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert root["/Lang"] == "de" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged


def test_in_arabic_the_module_title_is_added_in_her_language(client, aylin, safety):
    submit_quiz(aylin, aylin.jobcenter, safety, right_answers(safety))
    sign_in(client, aylin)
    client.cookies["ojc_language"] = "ar"
    text = _text(client.get(URL).content)
    assert "Teilnahmebescheinigung" in text and "Sicher im Internet" in text


def test_another_citizen_gets_no_certificate_of_hers(client, aylin, david, safety):
    submit_quiz(aylin, aylin.jobcenter, safety, right_answers(safety))
    sign_in(client, david)
    assert client.get(URL).status_code == 404
