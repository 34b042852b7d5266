"""Search in PDF text: whole words as keyed hashes, only in the searching person's own team's cases."""

from __future__ import annotations

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.casefile.demo import text_pdf
from openjobcenter.casefile.models import Category, DocumentTerm
from openjobcenter.casefile.services.access import search_cases
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.casefile.services.text_index import extract_pdf_text, normalise, words
from openjobcenter.casefile.services.uploads import check_bytes

from .conftest import pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")
SECRET_WORD = "Wohnbaugenossenschaft"


def upload(case, actor, lines, name="miete.pdf"):
    clean = check_bytes(text_pdf(lines), name)
    return upload_document(actor=actor, case=case, clean=clean, category=Category.RENT, title="Mietbescheinigung")


def test_the_words_of_a_pdf_are_stored_only_as_keyed_hashes(case, aylin):
    document = upload(case, aylin, [f"Vermieter: {SECRET_WORD} Musterstadt", "Grundmiete 420 EUR"])
    tokens = list(
        DocumentTerm.objects.for_tenant(case.jobcenter).filter(document=document).values_list("token", flat=True)
    )
    assert len(tokens) >= 4
    assert all(len(token) == 32 and SECRET_WORD.lower() not in token for token in tokens)
    assert not any(SECRET_WORD.lower() in str(value).lower() for value in document.__dict__.values())


def test_words_are_normalised_for_case_and_accents():
    assert normalise("MÜLLER") == normalise("müller") == "muller"
    assert normalise("Straße") == "strasse"
    assert words("Lohn, lohn! LOHN x") == {"lohn"}


def test_a_broken_or_textless_pdf_is_tolerated():
    assert extract_pdf_text(b"%PDF-1.4 broken") == ""
    assert extract_pdf_text(pdf_bytes()) == ""


def test_the_team_finds_its_case_by_a_word_in_a_document(client, case, aylin, bernd):
    upload(case, aylin, [f"Vermieter: {SECRET_WORD}"])
    own, others = search_cases(bernd, case.jobcenter, "wohnbaugenossenschaft")
    assert list(own) == [case] and not others.exists()
    own, _ = search_cases(bernd, case.jobcenter, "Wohnbau")  # whole words only
    assert not own.exists()
    sign_in(client, bernd)
    page = client.get("/demo/staff/cases/", {"q": SECRET_WORD}).content.decode()
    assert case.customer_number in page and "Treffer im Dokumenttext" in page and "Mietbescheinigung" in page


def test_a_word_in_another_teams_case_reveals_nothing(client, case, aylin, carla, david, davids_case):
    upload(case, aylin, [f"Vermieter: {SECRET_WORD}"])
    upload(davids_case, david, ["Heizkosten Abrechnung"])
    own, others = search_cases(carla, case.jobcenter, SECRET_WORD)
    assert not own.exists() and not others.exists()
    own, _ = search_cases(carla, case.jobcenter, "Heizkosten")
    assert list(own) == [davids_case]  # her own team's case is found
    sign_in(client, carla)
    page = client.get("/demo/staff/cases/", {"q": SECRET_WORD}).content.decode()
    assert case.customer_number not in page and "Aylin" not in page and "Mietbescheinigung" not in page


def test_another_jobcenter_never_matches(case, aylin, niklas, nord_case):
    upload(case, aylin, [f"Vermieter: {SECRET_WORD}"])
    own, others = search_cases(niklas, nord_case.jobcenter, SECRET_WORD)
    assert not own.exists() and not others.exists()


def test_search_keeps_working_through_a_key_rotation(settings, case, aylin, bernd):
    import io
    import os

    from django.core.management import call_command

    old, new = ("2026a", os.urandom(32)), ("2027a", os.urandom(32))
    settings.DOCUMENT_KEYS = (old,)
    document = upload(case, aylin, [f"Vermieter: {SECRET_WORD}"])
    before = set(
        DocumentTerm.objects.for_tenant(case.jobcenter).filter(document=document).values_list("token", flat=True)
    )
    settings.DOCUMENT_KEYS = (new, old)
    assert list(search_cases(bernd, case.jobcenter, SECRET_WORD)[0]) == [case]  # old tokens still match
    call_command("rotate_document_keys", stdout=io.StringIO())
    after = set(
        DocumentTerm.objects.for_tenant(case.jobcenter).filter(document=document).values_list("token", flat=True)
    )
    assert after and not after & before  # re-hashed under the new key
    settings.DOCUMENT_KEYS = (new,)  # the old key can go
    assert list(search_cases(bernd, case.jobcenter, SECRET_WORD)[0]) == [case]
