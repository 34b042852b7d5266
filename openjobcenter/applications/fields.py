"""Form fields that name bad input precisely: dates (``31.02.``), IBANs, amounts."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty import exceptions as iban_errors

MONTHS = (
    _("Januar"), _("Februar"), _("März"), _("April"), _("Mai"), _("Juni"), _("Juli"), _("August"),
    _("September"), _("Oktober"), _("November"), _("Dezember"),
)  # fmt: skip
DATE_PATTERN = re.compile(r"^\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4})\s*$")
ISO_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(value: str) -> dt.date:
    """``TT.MM.JJJJ`` (or ISO); an impossible date is named: "Den 31. Februar 1990 gibt es nicht." """
    if match := DATE_PATTERN.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_PATTERN.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValidationError(_("Bitte geben Sie das Datum als TT.MM.JJJJ an, zum Beispiel 05.03.1990."), "format")
    if not 1 <= month <= 12:
        raise ValidationError(_("Einen %(month)d. Monat gibt es nicht. Der Monat liegt zwischen 1 und 12."),
                              "month", {"month": month})  # fmt: skip
    if year < 1900:
        raise ValidationError(_("Das Jahr %(year)d ist nicht plausibel. Bitte prüfen Sie die Jahreszahl."),
                              "year", {"year": year})  # fmt: skip
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationError(
            _("Den %(day)d. %(month)s %(year)d gibt es nicht: Der %(month)s %(year)d hat %(last)d Tage."),
            "day",
            {"day": day, "month": MONTHS[month - 1], "year": year, "last": last},
        )
    return dt.date(year, month, day)


class DateInput(forms.TextInput):
    input_type = "text"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return value.strftime("%d.%m.%Y")
        return super().format_value(value)


class GermanDateField(forms.Field):
    widget = DateInput

    def __init__(self, *, past: bool = False, future: bool = False, **kwargs: Any) -> None:
        self.past, self.future = past, future
        kwargs.setdefault("help_text", _("Format: TT.MM.JJJJ"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "placeholder": "TT.MM.JJJJ", "size": "12"})

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        return parse_date(str(value))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if self.past and value > today:
            raise ValidationError(_("Das Datum %(date)s liegt in der Zukunft."), "future",
                                  {"date": value.strftime("%d.%m.%Y")})  # fmt: skip
        if self.future and value < today:
            raise ValidationError(_("Das Datum %(date)s liegt in der Vergangenheit."), "past",
                                  {"date": value.strftime("%d.%m.%Y")})  # fmt: skip


class EuroField(forms.Field):
    """An amount in euro; accepts "1.234,56", "1234.56" and "420"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "size": "10"})

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        text = str(value).replace("€", "").replace(" ", "").strip()
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                _("Bitte geben Sie einen Betrag in Euro an, zum Beispiel 420,50."), "invalid"
            ) from None
        if not amount.is_finite() or amount < 0:
            raise ValidationError(_("Der Betrag darf nicht negativ sein."), "negative")
        if amount > Decimal("10000000"):
            raise ValidationError(_("Der Betrag ist nicht plausibel. Bitte prüfen Sie die Eingabe."), "large")
        return amount.quantize(Decimal("0.01"))


def check_iban(value: str) -> IBAN:
    """The IBAN or a ``ValidationError`` that says what exactly is wrong."""
    try:
        return IBAN(value)
    except iban_errors.InvalidCountryCode:
        raise ValidationError(
            _("Die IBAN beginnt nicht mit einem gültigen Ländercode (z. B. DE für Deutschland)."), "country"
        ) from None
    except iban_errors.InvalidLength:
        compact = re.sub(r"\s", "", value)
        raise ValidationError(
            _("Die IBAN hat %(count)d Stellen; für dieses Land sind es andere (Deutschland: 22 Stellen)."),
            "length",
            {"count": len(compact)},
        ) from None
    except iban_errors.InvalidChecksumDigits:
        raise ValidationError(
            _("Die Prüfziffer der IBAN stimmt nicht. Bitte prüfen Sie jede Ziffer, meist ist eine vertauscht."),
            "checksum",
        ) from None
    except iban_errors.InvalidStructure:
        raise ValidationError(
            _("Die IBAN enthält Zeichen an Stellen, an denen sie nicht stehen dürfen."), "structure"
        ) from None
    except iban_errors.SchwiftyException:
        raise ValidationError(_("Diese IBAN ist ungültig. Bitte prüfen Sie die Eingabe."), "invalid") from None


class IbanField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=42, **kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "dir": "ltr", "size": "34"})

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return text
        return str(check_iban(text).compact)
