"""Redaction of questions before they are kept for review (``ASSISTANT_QUESTION_RETENTION_DAYS``).

Everything that identifies a person or a case by a number, an address or a date is replaced by a
token in guillemets: «E-MAIL», «IBAN», «SV-NUMMER», «KUNDENNUMMER», «BG-NUMMER», «NUMMER» (after a
word such as "Aktenzeichen"), «DATUM», «TELEFON», «ADRESSE», «ZAHL». The order matters: specific patterns first (an e-mail address may hold digits, an
IBAN is a long run of digits), the catch-all "four or more digits" last. Digits of every script count
(Arabic-Indic digits too). Names are not recognised: staff see that in the page's notice.
"""

from __future__ import annotations

import re

EMAIL = "«E-MAIL»"
IBAN = "«IBAN»"
SOCIAL_SECURITY = "«SV-NUMMER»"
CUSTOMER_NUMBER = "«KUNDENNUMMER»"
BG_NUMBER = "«BG-NUMMER»"
DATE = "«DATUM»"
PHONE = "«TELEFON»"
ADDRESS = "«ADRESSE»"
NUMBER = "«ZAHL»"
NAMED_NUMBER = "«NUMMER»"

TOKENS = (EMAIL, IBAN, SOCIAL_SECURITY, CUSTOMER_NUMBER, BG_NUMBER, NAMED_NUMBER, DATE, PHONE, ADDRESS, NUMBER)

_MONTHS = (
    "januar|jänner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    "january|february|march|may|june|july|october|december|"
    r"jan|feb|mär|mrz|apr|jun|jul|aug|sep|sept|okt|oct|nov|dez|dec"
)
_STREET_SUFFIX = (
    r"straße|strasse|str\.|str|weg|gasse|allee|platz|ring|damm|ufer|chaussee|pfad|steig|markt|"
    r"promenade|stieg|twiete|wall|graben|berg|hof|zeile|kamp"
)
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![\w]))?(?:\s?[-/]\s?\d{1,4}(?:\s?[a-zA-Z](?![\w]))?)?"

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # name@host.tld, also with "(at)" written out.
    (re.compile(r"[\w.%+-]+(?:@|\s?\(at\)\s?|\s?\[at\]\s?)[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}", re.IGNORECASE), EMAIL),
    # DE89 3704 0044 0532 0130 00, de89370400440532013000, any country's IBAN.
    (re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b", re.IGNORECASE), IBAN),
    # Rentenversicherungsnummer: 12 150385 M 123 (area, birth date, initial, serial).
    (re.compile(r"\b\d{2}\s?\d{6}\s?[A-Z]\s?\d{3}\b", re.IGNORECASE), SOCIAL_SECURITY),
    # Nummer der Bedarfsgemeinschaft: 12345BG0123456 (office, "BG", serial).
    (re.compile(r"\b\d{5}\s?BG\s?\d{7}\b", re.IGNORECASE), BG_NUMBER),
    # Kundennummer of the Bundesagentur: 123A456789.
    (re.compile(r"\b\d{3}\s?[A-Z]\s?\d{6}\b", re.IGNORECASE), CUSTOMER_NUMBER),
    # A number named as such: "Kundennummer: X12-34", "BG-Nr. AB 12", "Aktenzeichen 45/2026".
    (
        re.compile(
            r"(?P<label>\b(?:kunden|bg|bedarfsgemeinschafts|akten|vorgangs|personal|ausweis|steuer|versicherungs)"
            r"[-\s]?(?:nummer|nr\.?|zeichen|id)\s*[:.]?\s*)(?=[\w/-]*\d)[\w/-]{2,}",
            re.IGNORECASE,
        ),
        rf"\g<label>{NAMED_NUMBER}",
    ),
    # 24.12.2026, 24.12.26, 24.12., 2026-12-24, 24/12/2026, 24-12-2026.
    (re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{2,4}\b)?"), DATE),
    (re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"), DATE),
    (re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b"), DATE),
    # 24. Dezember 2026, 3 March 1985, März 2026.
    (re.compile(rf"\b\d{{1,2}}\.?\s?(?:{_MONTHS})\b\.?(?:\s?\d{{4}}\b)?", re.IGNORECASE), DATE),
    (re.compile(rf"\b(?:{_MONTHS})\.?\s\d{{1,2}}(?:st|nd|rd|th)?,?\s\d{{4}}\b", re.IGNORECASE), DATE),
    # "im Januar 2026", "Dezember 2025".
    (re.compile(rf"\b(?:{_MONTHS})\.?\s\d{{4}}\b", re.IGNORECASE), DATE),
    # +49 170 1234567, 0049 (0)30 12345-678, 030/1234567, 0170 123 45 67.
    (re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}[\s/.-]?(?:\(0\)\s?)?\d(?:[\s/.-]?\d){5,}"), PHONE),
    (re.compile(r"(?<![\w+])\(?0\d{2,5}\)?(?:[\s/.-]?\d){4,}"), PHONE),
    # Hauptstraße 5, Am Rathausplatz 1a, Berliner Str. 12-14, Weg 7 (street word + house number).
    (
        re.compile(
            rf"(?:\b(?-i:[A-ZÄÖÜ])[\wäöüß.-]*\s){{0,2}}\b[\wäöüß.-]*(?:{_STREET_SUFFIX})\s?{_HOUSE_NUMBER}\b",
            re.IGNORECASE,
        ),
        ADDRESS,
    ),
    # "An der Kirche 3", "Im Winkel 12": a street without a street word.
    (re.compile(rf"\b(?i:am|an der|an den|auf der|im|in der|zum|zur)\s[A-ZÄÖÜ][\wäöüß-]+\s{_HOUSE_NUMBER}\b"), ADDRESS),
    # Anything else with four or more digits (postcodes, amounts of money, file numbers), also 1.234 or 12 345.
    (re.compile(r"\d(?:[.,\s]?\d){3,}"), NUMBER),
)


def redact(text: str) -> str:
    """The question with personal numbers, addresses and dates replaced by tokens."""
    for pattern, token in _RULES:
        text = pattern.sub(token, text)
    return re.sub(r"\s+", " ", text).strip()
