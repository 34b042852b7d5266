"""Forms of the citizen's booking pages: finding a time, the booking details, finding one's booking."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, cast

from django import forms
from django.core import signing
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.models import Channel, Concern
from openjobcenter.appointments.services import codes
from openjobcenter.core.context_processors import offered_languages
from openjobcenter.core.geo import normalise_postal_code
from openjobcenter.core.models import Jobcenter, Location

REQUEST_KEY_SALT = "openjobcenter.appointments.request-key"
# A booking form left open longer than this must be sent again (a new key, nothing typed is lost).
REQUEST_KEY_MAX_AGE = dt.timedelta(days=1)


def new_request_key() -> str:
    """The booking form's hidden one-time key, signed so nobody can choose someone else's."""
    return signing.TimestampSigner(salt=REQUEST_KEY_SALT).sign(secrets.token_urlsafe(18))


def unsign_request_key(value: str) -> str | None:
    try:
        return signing.TimestampSigner(salt=REQUEST_KEY_SALT).unsign(value, max_age=REQUEST_KEY_MAX_AGE)
    except signing.BadSignature:
        return None


class SlotSearchForm(forms.Form):
    """The GET parameters of the calendar: each one that is wrong is dropped, with a message."""

    channel = forms.ChoiceField(label=_("Wie möchten Sie mit uns sprechen?"), widget=forms.RadioSelect)
    location = forms.TypedChoiceField(
        label=_("Standort"), coerce=int, required=False, empty_value=None, help_text=_("Nur für Termine vor Ort.")
    )
    week = forms.DateField(required=False, input_formats=["%Y-%m-%d"], widget=forms.HiddenInput)
    plz = forms.CharField(
        label=_("Ihre Postleitzahl"),
        required=False,
        max_length=10,
        help_text=_("Dann zeigen wir die Standorte in Ihrer Nähe zuerst."),
    )

    def __init__(self, *args: Any, concern: Concern, locations: list[Location], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channel = cast(forms.ChoiceField, self.fields["channel"])
        channel.choices = [(c.value, c.label) for c in Channel if concern.offers(c.value)]
        location = cast(forms.TypedChoiceField, self.fields["location"])
        location.choices = [("", _("Alle Standorte")), *((loc.pk, loc.name) for loc in locations)]
        self.fields["plz"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code", "size": 6})

    def clean_plz(self) -> str:
        text = self.cleaned_data["plz"].strip()
        if text and not normalise_postal_code(text):
            raise forms.ValidationError(_("Bitte geben Sie eine Postleitzahl mit fünf Ziffern an."))
        return normalise_postal_code(text)


class BookingForm(forms.Form):
    """Who the appointment is for. Signed-in clients have no name and e-mail fields: their account's are used."""

    name = forms.CharField(
        label=_("Vor- und Nachname"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie Ihren Namen an.")},
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_("Dorthin schicken wir die Bestätigung und den Link, mit dem Sie den Termin ändern können."),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."),
        },
    )
    phone = forms.CharField(
        label=_("Telefonnummer"),
        max_length=40,
        required=False,
        help_text=_("Für Rückfragen; bei Telefonterminen rufen wir Sie unter dieser Nummer an."),
    )
    language = forms.ChoiceField(
        label=_("Sprache der E-Mails"),
        help_text=_("In dieser Sprache erhalten Sie Bestätigung und Erinnerung."),
    )
    request_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, jobcenter: Jobcenter, signed_in: bool, phone_required: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = offered_languages(jobcenter)
        if not self.is_bound:
            self.initial.setdefault("language", (get_language() or "de").split("-")[0])
            self.initial.setdefault("request_key", new_request_key())
        if signed_in:
            del self.fields["name"]
            del self.fields["email"]
        else:
            self.fields["name"].widget.attrs["autocomplete"] = "name"
            self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"})
        if phone_required:
            self.fields["phone"].required = True
            self.fields["phone"].error_messages["required"] = _(
                "Für einen Telefontermin brauchen wir Ihre Telefonnummer."
            )

    def clean_request_key(self) -> str | None:
        return unsign_request_key(self.cleaned_data.get("request_key") or "")


class FindBookingForm(forms.Form):
    code = forms.CharField(
        label=_("Buchungsnummer"),
        max_length=20,
        help_text=_("Sie steht in der Bestätigung, z. B. ABCDE-23456."),
        error_messages={"required": _("Bitte geben Sie die Buchungsnummer an.")},
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Die Adresse, die Sie bei der Buchung angegeben haben."),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "dir": "ltr"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def clean_code(self) -> str:
        code = codes.normalise_code(self.cleaned_data["code"])
        if len(code) != codes.CODE_LENGTH:
            raise forms.ValidationError(_("Die Buchungsnummer hat zehn Zeichen, z. B. ABCDE-23456."))
        return code
