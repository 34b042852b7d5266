"""Forms of the staff side of appointments: calendar filters, cancel, move, outcome, booking for a client.

Choices are limited to what the signed-in person may see (their Jobcenter's concerns, locations and
the staff whose calendars they may open), so a forged id is a form error, never someone else's data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from openjobcenter.accounts.models import User
from openjobcenter.appointments.models import BookingStatus, Channel, Concern
from openjobcenter.core.models import Location

REASON_MAX = 300


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


# Dates outside these years are typing errors, and would overflow when a week is computed from them.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        validators=[
            MinValueValidator(EARLIEST, _("Bitte geben Sie ein Datum ab dem Jahr 2000 an.")),
            MaxValueValidator(LATEST, _("Bitte geben Sie ein Datum vor dem Jahr 2100 an.")),
        ],
    )


def _choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


def _staff_choices(staff: list[User]) -> list[tuple[str, str]]:
    return [(str(person.pk), person.get_full_name() or person.email) for person in staff]


def _location_choices(locations: list[Location]) -> list[tuple[str, str]]:
    return [(str(location.pk), location.name) for location in locations]


def _reason_field(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={"required": _("Bitte geben Sie einen Grund an.")},
    )


class TodayForm(forms.Form):
    """Whose appointments of the day: one's own (default) or a location's."""

    location = forms.TypedChoiceField(label=_("Standort"), required=False, coerce=int, empty_value=None)
    date = _date_field(_("Tag"))

    def __init__(self, data: Any, *, locations: list[Location], include_own: bool) -> None:
        super().__init__(data)
        own = [("", _("Meine Termine"))] if include_own else []
        _choices(self, "location", [*own, *_location_choices(locations)])


class CalendarForm(forms.Form):
    """The GET parameters of the calendar: ``view``, ``date``, and ``staff`` or ``location``."""

    view = forms.ChoiceField(label=_("Ansicht"), required=False, choices=[("day", _("Tag")), ("week", _("Woche"))])
    date = _date_field(_("Datum"))
    staff = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    location = forms.TypedChoiceField(label=_("Standort"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any, *, staff: list[User], locations: list[Location]) -> None:
        super().__init__(data)
        _choices(self, "staff", [("", "–"), *_staff_choices(staff)])
        _choices(self, "location", [("", "–"), *_location_choices(locations)])


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (BookingStatus.ATTENDED, _("erschienen")),
            (BookingStatus.NO_SHOW, _("nicht erschienen")),
            (BookingStatus.BOOKED, _("zurücksetzen")),
        ]
    )


class CancelForm(forms.Form):
    reason = _reason_field(
        _("Grund der Absage"),
        _("Die Kundin oder der Kunde erhält diesen Text per E-Mail. Bitte schreiben Sie verständlich und höflich."),
    )


class SlotSearchForm(forms.Form):
    """Where and from when to look for free slots (GET, or the search part of a POST)."""

    date = _date_field(_("Ab Datum"))
    location = forms.TypedChoiceField(label=_("Standort"), required=False, coerce=int, empty_value=None)
    staff = forms.TypedChoiceField(label=_("Mitarbeiterin / Mitarbeiter"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any, *, locations: list[Location], staff: list[User], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        _choices(self, "location", [("", _("alle Standorte")), *_location_choices(locations)])
        _choices(self, "staff", [("", _("alle")), *_staff_choices(staff)])


class MoveForm(forms.Form):
    slot = forms.IntegerField(
        label=_("Neuer Termin"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Bitte wählen Sie einen neuen Termin.")},
    )
    reason = _reason_field(
        _("Grund der Verschiebung"),
        _("Die Kundin oder der Kunde erhält diesen Text mit dem neuen Termin per E-Mail."),
    )


class StaffBookingForm(forms.Form):
    """A booking on a client's behalf: the person (account or name and address), what, and which slot."""

    client = forms.IntegerField(required=False, widget=forms.HiddenInput)
    request_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie den Namen an.")},
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        error_messages={
            "required": _("Bitte geben Sie eine E-Mail-Adresse an, z. B. name@beispiel.de."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."),
        },
        help_text=_("Hierhin geht die Bestätigung mit dem Link zum Ändern oder Absagen."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Telefon"), max_length=40, required=False, widget=forms.TextInput(attrs={"dir": "ltr", "type": "tel"})
    )
    language = forms.ChoiceField(label=_("Sprache der E-Mail"), choices=settings.LANGUAGES, initial="de")
    concern = forms.TypedChoiceField(
        label=_("Anliegen"), coerce=int, error_messages={"required": _("Bitte wählen Sie ein Anliegen.")}
    )
    channel = forms.ChoiceField(
        label=_("Weg"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie, wie der Termin stattfindet.")},
    )
    location = forms.TypedChoiceField(label=_("Standort"), required=False, coerce=int, empty_value=None)
    date = _date_field(_("Ab Datum"))
    slot = forms.IntegerField(label=_("Termin"), required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Any,
        *,
        concerns: list[Concern],
        locations: list[Location],
        client: User | None,
        require_person: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.client_user = client
        self.require_person = require_person
        self.concerns = {c.pk: c for c in concerns}
        _choices(self, "concern", [("", _("Bitte wählen")), *((str(c.pk), c.display_name()) for c in concerns)])
        _choices(self, "location", [("", _("alle Standorte")), *_location_choices(locations)])
        if client is not None:
            for name in ("name", "email", "phone", "language"):
                del self.fields[name]

    def full_clean(self) -> None:
        # Looking for free slots needs no name yet; the fields stay marked as required on the page.
        relaxed = [] if self.require_person else [n for n in ("name", "email") if n in self.fields]
        for name in relaxed:
            self.fields[name].required = False
        try:
            super().full_clean()
        finally:
            for name in relaxed:
                self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        concern = self.concerns.get(data.get("concern") or 0)
        channel = data.get("channel")
        if concern is not None and channel and not concern.offers(channel):
            self.add_error("channel", _("Für dieses Anliegen gibt es keine Termine auf diesem Weg."))
        return data

    @property
    def chosen_concern(self) -> Concern | None:
        return self.concerns.get(self.cleaned_data.get("concern") or 0) if hasattr(self, "cleaned_data") else None


class FiguresForm(forms.Form):
    date_from = _date_field(_("von"))
    date_to = _date_field(_("bis"))
