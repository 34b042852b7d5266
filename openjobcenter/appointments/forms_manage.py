"""Forms of the staff UI for availability (working hours, absences), concerns and booking rules.

The forms check what a single field can tell; the rules between fields and against stored data
(overlaps, slot length, teams of this Jobcenter …) live in the services, whose errors are shown on
the field they concern (``add_service_error``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.models import BookingPolicy, Channel, Concern, WorkingHours
from openjobcenter.appointments.services import availability, concerns
from openjobcenter.appointments.services.slots import HORIZON_DAYS, local_dt
from openjobcenter.core.forms_manage import (
    DateInput,
    TimeInput,
    _collect,
    _per_language_fields,
    offered_languages,
)
from openjobcenter.core.models import Jobcenter, Location, Team, Weekday

CHANNEL_CHOICES = Channel.choices
# Absences are planned at most this far ahead (slots exist for 92 days; leave is planned earlier).
MAX_ABSENCE_AHEAD_DAYS = 3 * 366


def _number(label: Any, low: int, high: int, *, help_text: Any = "", required: bool = True) -> forms.IntegerField:
    message = _("Bitte geben Sie eine ganze Zahl von %(low)s bis %(high)s an.") % {"low": low, "high": high}
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Bitte geben Sie eine Zahl an."),
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


def _time(label: Any, *, required: bool = True, help_text: Any = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=TimeInput(format="%H:%M"),
        error_messages={"required": _("Bitte geben Sie eine Uhrzeit an."), "invalid": _("Bitte im Format 08:30.")},
    )


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(format="%Y-%m-%d"),
        error_messages={
            "required": _("Bitte geben Sie ein Datum an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an, zum Beispiel 31.01.2026."),
        },
    )


def _channels(label: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=CHANNEL_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={
            "required": _("Bitte wählen Sie mindestens einen Weg."),
            "invalid_choice": _("Bitte wählen Sie nur Wege aus der Liste."),
        },
    )


class ServiceErrors:
    """Shows a service's ``ValidationError`` on the form, each message on the field it names."""

    # Error keys of the service (attribute names of its data class) that a form names differently.
    field_names: dict[str, str] = {}

    def add_service_error(self, error: ValidationError) -> None:
        form: forms.Form = self  # type: ignore[assignment]
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            name = self.field_names.get(key, key)
            form.add_error(name if name in form.fields else None, messages)


class WorkingHoursForm(ServiceErrors, forms.Form):
    """One weekly entry. New entries may be made for several weekdays at once."""

    starts = _time(_("Beginn"))
    ends = _time(_("Ende"))
    location = forms.ModelChoiceField(
        label=_("Standort"),
        queryset=Location.all_tenants.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie einen Standort."),
            "invalid_choice": _("Bitte wählen Sie einen aktiven Standort dieses Jobcenters."),
        },
    )
    channels = _channels(_("Wege"), _("Wie Termine in dieser Zeit stattfinden können."))
    slot_minutes = _number(
        _("Länge eines Termins in Minuten"), 5, availability.MAX_SLOT_MINUTES, help_text=_("zum Beispiel 30")
    )
    buffer_minutes = _number(
        _("Pause nach jedem Termin in Minuten"),
        0,
        availability.MAX_BUFFER_MINUTES,
        help_text=_("Zeit zum Nachbereiten; 0 für keine Pause"),
    )
    desks = _number(
        _("Plätze je Termin"),
        1,
        availability.MAX_DESKS,
        help_text=_("Wie viele Personen zur selben Zeit einen Termin bekommen können, z. B. bei mehreren Schaltern."),
    )
    valid_from = _date(_("Gültig ab"))
    valid_until = _date(
        _("Gültig bis"), required=False, help_text=_("Leer lassen, wenn die Zeit bis auf Weiteres gilt.")
    )

    def __init__(self, *args: Any, jobcenter: Jobcenter, entry: WorkingHours | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        days = [(str(value), label) for value, label in Weekday.choices]
        if entry is None:
            self.fields["weekdays"] = forms.MultipleChoiceField(
                label=_("Wochentage"),
                choices=days,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Für jeden gewählten Tag wird eine eigene Sprechzeit angelegt."),
                error_messages={"required": _("Bitte wählen Sie mindestens einen Wochentag.")},
            )
            self.field_names = {"weekday": "weekdays"}
        else:
            self.fields["weekday"] = forms.TypedChoiceField(
                label=_("Wochentag"),
                choices=days,
                coerce=int,
                error_messages={"required": _("Bitte wählen Sie einen Wochentag.")},
            )
        self.order_fields(["weekdays", "weekday"])
        locations = Location.objects.for_tenant(jobcenter).filter(is_active=True)
        if entry is not None:
            # Shown so the entry's location is visible; the service explains that it is deactivated.
            locations = locations | Location.objects.for_tenant(jobcenter).filter(pk=entry.location_id)
        field = self.fields["location"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = locations.order_by("name")
        if len(field.queryset) == 1 and not self.is_bound and entry is None:
            self.initial.setdefault("location", field.queryset[0].pk)

    @staticmethod
    def initial_for(entry: WorkingHours | None, today: dt.date) -> dict[str, Any]:
        if entry is None:
            return {
                "channels": [Channel.IN_PERSON, Channel.PHONE],
                "slot_minutes": 30,
                "buffer_minutes": 0,
                "desks": 1,
                "valid_from": today,
            }
        return {
            "weekday": entry.weekday,
            "starts": entry.starts,
            "ends": entry.ends,
            "location": entry.location_id,
            "channels": list(entry.channels),
            "slot_minutes": entry.slot_minutes,
            "buffer_minutes": entry.buffer_minutes,
            "desks": entry.desks,
            "valid_from": entry.valid_from,
            "valid_until": entry.valid_until,
        }

    def day_fields(self) -> list[forms.BoundField]:
        return [self["weekdays" if self.entry is None else "weekday"]]

    def entries(self) -> list[availability.WorkingHoursData]:
        data = self.cleaned_data
        days = [int(day) for day in data["weekdays"]] if self.entry is None else [data["weekday"]]
        return [
            availability.WorkingHoursData(
                weekday=day,
                starts=data["starts"],
                ends=data["ends"],
                location=data["location"],
                channels=tuple(data["channels"]),
                valid_from=data["valid_from"],
                valid_until=data.get("valid_until"),
                desks=data["desks"],
                slot_minutes=data["slot_minutes"],
                buffer_minutes=data["buffer_minutes"],
            )
            for day in sorted(days)
        ]


class AbsenceForm(ServiceErrors, forms.Form):
    """An absence from a day (and time) to a day (and time); without times it covers whole days."""

    starts_on = _date(_("Von (Datum)"))
    starts_time = _time(_("Von (Uhrzeit)"), required=False, help_text=_("Leer lassen: ab Beginn des Tages."))
    ends_on = _date(_("Bis (Datum)"), required=False, help_text=_("Leer lassen: nur ein Tag."))
    ends_time = _time(_("Bis (Uhrzeit)"), required=False, help_text=_("Leer lassen: bis zum Ende des Tages."))
    reason = forms.CharField(
        label=_("Grund (nur intern sichtbar)"),
        max_length=200,
        required=False,
        help_text=_("Zum Beispiel Urlaub oder Fortbildung. Bürgerinnen und Bürger sehen den Grund nicht."),
    )

    def _not_too_far(self, name: str) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get(name)
        if day is not None and day > timezone.localdate() + dt.timedelta(days=MAX_ABSENCE_AHEAD_DAYS):
            raise ValidationError(gettext("Bitte geben Sie ein Datum in den nächsten drei Jahren an."))
        return day

    def clean_starts_on(self) -> dt.date | None:
        return self._not_too_far("starts_on")

    def clean_ends_on(self) -> dt.date | None:
        return self._not_too_far("ends_on")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on = cleaned.get("starts_on")
        if starts_on is None or self.errors:
            return cleaned
        ends_on = cleaned.get("ends_on") or starts_on
        starts_at = local_dt(starts_on, cleaned.get("starts_time") or dt.time())
        ends_time = cleaned.get("ends_time")
        ends_at = local_dt(ends_on, ends_time) if ends_time else local_dt(ends_on + dt.timedelta(days=1), dt.time())
        self.field_names = {"starts_at": "starts_on", "ends_at": "ends_time" if ends_time else "ends_on"}
        self.absence = availability.AbsenceData(starts_at=starts_at, ends_at=ends_at, reason=cleaned.get("reason", ""))
        try:
            availability.check_absence(self.absence)
        except ValidationError as error:
            self.add_service_error(error)
        return cleaned


class ConcernForm(ServiceErrors, forms.Form):
    duration_minutes = _number(
        _("Dauer eines Termins in Minuten"),
        concerns.MIN_DURATION,
        concerns.MAX_DURATION,
        help_text=_("Angeboten werden nur Sprechzeiten, deren Termine mindestens so lang sind."),
    )
    channels = _channels(_("Wege, auf denen das Anliegen gebucht werden kann"))
    teams = forms.ModelMultipleChoiceField(
        label=_("Zuständige Teams"),
        queryset=Team.all_tenants.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Termine gibt es bei den Mitarbeitenden dieser Teams. Ohne Auswahl: bei allen."),
        error_messages={"invalid_choice": _("Bitte wählen Sie nur Teams aus der Liste.")},
    )
    requires_sign_in = forms.BooleanField(
        label=_("Nur mit Anmeldung buchbar"),
        required=False,
        help_text=_("Für Anliegen zum eigenen Fall. Sonst können Termine auch ohne Konto gebucht werden."),
    )
    booking_horizon_days = _number(
        _("Buchbar für die nächsten … Tage"),
        1,
        HORIZON_DAYS,
        help_text=_("Höchstens %(days)s Tage im Voraus.") % {"days": HORIZON_DAYS},
    )
    min_lead_minutes = _number(
        _("Frühestens buchbar … Minuten vorher"),
        0,
        concerns.MAX_LEAD_MINUTES,
        help_text=_("Zum Beispiel 120 für zwei Stunden, 1440 für einen Tag."),
    )
    sort_order = _number(_("Reihenfolge"), 0, 32767, help_text=_("Kleinere Zahlen stehen in der Auswahl weiter oben."))
    is_active = forms.BooleanField(
        label=_("Buchbar"),
        required=False,
        help_text=_(
            "Nicht buchbare Anliegen erscheinen nicht mehr bei der Terminbuchung. Bereits gebuchte Termine bleiben."
        ),
    )

    def __init__(self, *args: Any, jobcenter: Jobcenter, concern: Concern | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = offered_languages(jobcenter)
        _per_language_fields(
            self, "name", _("Bezeichnung"), self.languages, german_required=True, single_line=True, max_length=200
        )
        _per_language_fields(self, "description", _("Beschreibung"), self.languages, german_required=False)
        _per_language_fields(self, "what_to_bring", _("Bitte mitbringen"), self.languages, german_required=False)
        self.fields["name_de"].error_messages["required"] = _("Bitte geben Sie die Bezeichnung auf Deutsch an.")
        self.fields["name_de"].help_text = _(
            "So erscheint das Anliegen bei der Buchung, z. B. „Fragen zum Bürgergeld“."
        )
        self.fields["what_to_bring_de"].help_text = _("Zum Beispiel Personalausweis, Lebenslauf, letzter Bescheid.")
        self.field_names = {"name": "name_de", "description": "description_de", "what_to_bring": "what_to_bring_de"}
        teams = Team.objects.for_tenant(jobcenter).filter(is_active=True)
        if concern is not None:
            teams = teams | Team.objects.for_tenant(jobcenter).filter(pk__in=concern.teams.values("pk"))
        field = self.fields["teams"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = teams.order_by("name")

    @staticmethod
    def initial_for(concern: Concern | None) -> dict[str, Any]:
        if concern is None:
            return {
                "duration_minutes": 30,
                "channels": [Channel.IN_PERSON, Channel.PHONE],
                "booking_horizon_days": 42,
                "min_lead_minutes": 120,
                "sort_order": 100,
                "is_active": True,
            }
        initial: dict[str, Any] = {
            name: getattr(concern, name)
            for name in (
                "duration_minutes",
                "channels",
                "requires_sign_in",
                "booking_horizon_days",
                "min_lead_minutes",
                "sort_order",
                "is_active",
            )
        }
        initial["teams"] = list(concern.teams.values_list("pk", flat=True))
        for prefix in ("name", "description", "what_to_bring"):
            for code, text in (getattr(concern, prefix) or {}).items():
                initial[f"{prefix}_{code}"] = text
        return initial

    def text_fields(self, prefix: str) -> list[forms.BoundField]:
        return [self[f"{prefix}_{code}"] for code, _name in self.languages]

    def name_fields(self) -> list[forms.BoundField]:
        return self.text_fields("name")

    def description_fields(self) -> list[forms.BoundField]:
        return self.text_fields("description")

    def what_to_bring_fields(self) -> list[forms.BoundField]:
        return self.text_fields("what_to_bring")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for prefix in ("description", "what_to_bring"):
            translated = [code for code, _name in self.languages if code != "de" and cleaned.get(f"{prefix}_{code}")]
            if translated and not cleaned.get(f"{prefix}_de"):
                self.add_error(
                    f"{prefix}_de", gettext("Bitte geben Sie diesen Text zuerst auf Deutsch an; er ist die Vorlage.")
                )
        return cleaned

    def to_data(self) -> concerns.ConcernData:
        cleaned = self.cleaned_data
        return concerns.ConcernData(
            name=_collect(cleaned, "name", self.languages, self.initial),
            description=_collect(cleaned, "description", self.languages, self.initial),
            what_to_bring=_collect(cleaned, "what_to_bring", self.languages, self.initial),
            duration_minutes=cleaned["duration_minutes"],
            channels=list(cleaned["channels"]),
            teams=list(cleaned["teams"]),
            requires_sign_in=cleaned["requires_sign_in"],
            booking_horizon_days=cleaned["booking_horizon_days"],
            min_lead_minutes=cleaned["min_lead_minutes"],
            sort_order=cleaned["sort_order"],
            is_active=cleaned["is_active"],
        )


class BookingPolicyForm(ServiceErrors, forms.Form):
    challenge = forms.ChoiceField(
        label=_("Rechenaufgabe gegen Bots bei Buchungen ohne Konto"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie eine der Möglichkeiten."),
            "invalid_choice": _("Bitte wählen Sie eine der Möglichkeiten."),
        },
    )
    max_open_bookings_per_email = _number(
        _("Höchstens offene Termine je E-Mail-Adresse"),
        1,
        concerns.MAX_OPEN_BOOKINGS,
        help_text=_(
            "Sind so viele Termine mit einer E-Mail-Adresse offen, kann erst nach einer Absage ein weiterer gebucht werden."
        ),
    )
    reminder_hours_before = _number(
        _("Erinnerung per E-Mail … Stunden vor dem Termin"),
        1,
        concerns.MAX_REMINDER_HOURS,
        help_text=_("Zum Beispiel 24 für eine Erinnerung am Vortag."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        server = pgettext("switched", "an") if settings.BOOKING_CHALLENGE else pgettext("switched", "aus")
        field = self.fields["challenge"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (
                BookingPolicy.Challenge.DEFAULT,
                gettext("Wie in der Server-Konfiguration BOOKING_CHALLENGE (derzeit: %(value)s)") % {"value": server},
            ),
            (BookingPolicy.Challenge.ON, gettext("Immer an")),
            (BookingPolicy.Challenge.OFF, gettext("Aus")),
        ]
        field.help_text = _(
            "Der Browser löst vor dem Buchen eine kleine Rechenaufgabe (ALTCHA). Menschen merken davon kaum etwas; "
            "Programme, die massenhaft Termine buchen, werden stark gebremst. Es werden keine Daten an Dritte "
            "übertragen."
        )

    @staticmethod
    def initial_for(policy: BookingPolicy) -> dict[str, Any]:
        return {name: getattr(policy, name) for name in concerns.POLICY_FIELDS}


def languages_with_text(jobcenter: Jobcenter, texts: dict[str, str]) -> list[str]:
    """Names of the offered languages a concern has a name in (for the list)."""
    return [name for code, name in offered_languages(jobcenter) if texts.get(code)]
