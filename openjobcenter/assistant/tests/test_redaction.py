"""Redaction of retained questions: numbers, addresses and dates that could identify a person go."""

from __future__ import annotations

import pytest

from openjobcenter.assistant.services.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # e-mail addresses
        ("Meine Mail: max.mustermann+jc@example.org", "Meine Mail: «E-MAIL»"),
        ("schreiben Sie an a.b (at) web.de bitte", "schreiben Sie an «E-MAIL» bitte"),
        ("MAX@EXAMPLE.COM", "«E-MAIL»"),
        # phone numbers
        ("Tel. 0170 1234567", "Tel. «TELEFON»"),
        ("ruf an: +49 170 1234567", "ruf an: «TELEFON»"),
        ("0049 (0)30 12345-678", "«TELEFON»"),
        ("030/1234567 oder 06251 12 34", "«TELEFON» oder «TELEFON»"),
        # IBAN
        ("IBAN DE89 3704 0044 0532 0130 00 neu", "IBAN «IBAN» neu"),
        ("de89370400440532013000", "«IBAN»"),
        ("AT61 1904 3002 3457 3201", "«IBAN»"),
        # customer, BG and social security numbers
        ("Kundennummer 123D456789", "Kundennummer «KUNDENNUMMER»"),
        ("meine BG-Nummer ist 12345BG0123456", "meine BG-Nummer ist «BG-NUMMER»"),
        ("Aktenzeichen: 45/2026-B", "Aktenzeichen: «NUMMER»"),
        ("BG-Nr. AB12", "BG-Nr. «NUMMER»"),
        ("RV-Nummer 12 150385 M 123", "RV-Nummer «SV-NUMMER»"),
        # dates
        ("geboren am 24.12.1985", "geboren am «DATUM»"),
        ("Termin am 3.1. um 9", "Termin am «DATUM» um 9"),
        ("seit 2026-07-01", "seit «DATUM»"),
        ("seit 01/07/2026", "seit «DATUM»"),
        ("seit 3. März 2024 arbeitslos", "seit «DATUM» arbeitslos"),
        ("im Januar 2026 umgezogen", "im «DATUM» umgezogen"),
        ("born on March 3, 1985", "born on «DATUM»"),
        # street and house number
        ("Ich wohne Hauptstraße 5a in 12345 Musterstadt", "Ich wohne «ADRESSE» in «ZAHL» Musterstadt"),
        ("Berliner Str. 12-14", "«ADRESSE»"),
        ("Am Rathausplatz 1", "«ADRESSE»"),
        ("An der Kirche 3", "«ADRESSE»"),
        ("hauptstr.7", "«ADRESSE»"),
        # any run of four or more digits, also grouped, also Arabic-Indic
        ("Ich habe 1.234,56 Euro Schulden", "Ich habe «ZAHL» Euro Schulden"),
        ("Nummer 98765", "Nummer «ZAHL»"),
        ("رقمي ٠١٧٠١٢٣٤٥٦٧", "رقمي «ZAHL»"),
    ],
)
def test_personal_details_are_replaced_by_tokens(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Wann wird das Geld überwiesen?",
        "Wie hoch ist der Regelsatz für 2 Kinder?",
        "Was passiert nach § 31 SGB II?",
        "Ich bekomme 563 Euro",
        "كيف أغير حسابي البنكي؟",
        "Як змінити банківський рахунок?",
    ],
)
def test_ordinary_questions_stay_as_they_are(text):
    assert redact(text) == text


def test_several_details_in_one_question():
    text = "Ich, max@web.de, Tel 0151 2345678, IBAN DE89370400440532013000, wohne Gartenweg 3 seit 1.2.2025."
    assert redact(text) == "Ich, «E-MAIL», Tel «TELEFON», IBAN «IBAN», wohne «ADRESSE» seit «DATUM»."


def test_no_four_digits_survive():
    import re

    text = "a 1234 b 12 34 56 c 0800-1111111 d DE12 1234 5678 9012 3456 78 e 12.345 f 2026"
    assert not re.search(r"\d(?:[\s.,-]?\d){3}", redact(text))
