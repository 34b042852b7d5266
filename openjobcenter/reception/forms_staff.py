"""Forms of the reception staff pages: issue a ticket, check a client in, open a counter, transfer,
and the figures' date range.

Choices are limited to what belongs to the signed-in person's Jobcenter (and the location at hand),
so a forged id is a form error, never somebody else's zone, counter or concern.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.forms_staff import _date_field
from openjobcenter.appointments.models import Concern
from openjobcenter.appointments.services import codes
from openjobcenter.core.models import Location, ReceptionZone
from openjobcenter.reception.models import Counter

URGENT_REASON_MAX = 200


def _set_choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


class LocationForm(forms.Form):
    """Which location the desk page shows."""

    location = forms.TypedChoiceField(label=_("Standort"), coerce=int)

    def __init__(self, *args: Any, locations: list[Location], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "location", [(loc.pk, loc.name) for loc in locations])


class IssueTicketForm(forms.Form):
    """Reception draws a number for a person who stands at the desk."""

    zone = forms.TypedChoiceField(label=_("Eingangszone"), coerce=int)
    concern = forms.TypedChoiceField(label=_("Anliegen"), coerce=int, required=False, empty_value=None)
    urgent = forms.BooleanField(
        label=_("Dringend (wird vor allen anderen aufgerufen)"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Grund für „dringend“"),
        max_length=URGENT_REASON_MAX,
        required=False,
        help_text=_("Nur bei „dringend“ nötig, zum Beispiel: akute Notlage."),
    )

    def __init__(self, *args: Any, zones: list[ReceptionZone], concerns: list[Concern], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zones = {zone.pk: zone for zone in zones}
        self.concerns = {concern.pk: concern for concern in concerns}
        _set_choices(self, "zone", [(zone.pk, str(zone)) for zone in zones])
        _set_choices(self, "concern", [("", _("– ohne Angabe –")), *((c.pk, c.display_name()) for c in concerns)])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("urgent") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Bitte nennen Sie den Grund, warum die Person vorgezogen wird."))
        return data

    @property
    def chosen_zone(self) -> ReceptionZone:
        return self.zones[self.cleaned_data["zone"]]

    @property
    def chosen_concern(self) -> Concern | None:
        key = self.cleaned_data.get("concern")
        return self.concerns.get(key) if key else None


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Buchungsnummer"),
        max_length=20,
        help_text=_("Steht in der Terminbestätigung, z. B. ABCDE-23456."),
        error_messages={"required": _("Bitte geben Sie die Buchungsnummer an.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "dir": "ltr"}
        ),
    )

    def clean_code(self) -> str:
        code = codes.normalise_code(self.cleaned_data["code"])
        if len(code) != codes.CODE_LENGTH:
            raise forms.ValidationError(_("Die Buchungsnummer hat zehn Zeichen, z. B. ABCDE-23456."))
        return code


def _counter_label(counter: Counter) -> str:
    return _("%(location)s · Zone %(zone)s · Schalter %(counter)s") % {
        "location": counter.location.name,
        "zone": counter.zone.code,
        "counter": counter.name,
    }


class OpenCounterForm(forms.Form):
    counter = forms.TypedChoiceField(label=_("An welchem Schalter sitzen Sie heute?"), coerce=int)

    def __init__(self, *args: Any, counters: list[Counter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counters = {counter.pk: counter for counter in counters}
        _set_choices(self, "counter", [(c.pk, _counter_label(c)) for c in counters])

    @property
    def chosen(self) -> Counter:
        return self.counters[self.cleaned_data["counter"]]


class TransferForm(forms.Form):
    """Send the person on: back into the queue of a zone, or straight to another counter."""

    target = forms.ChoiceField(label=_("Weiterleiten an"))

    def __init__(self, *args: Any, zones: list[ReceptionZone], counters: list[Counter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zones = {f"zone-{zone.pk}": zone for zone in zones}
        self.counters = {f"counter-{counter.pk}": counter for counter in counters}
        zone_choices = [(key, _("Warteschlange %(zone)s") % {"zone": str(z)}) for key, z in self.zones.items()]
        counter_choices = [
            (key, _("Schalter %(counter)s (Zone %(zone)s)") % {"counter": c.name, "zone": c.zone.code})
            for key, c in self.counters.items()
        ]
        choices: list[tuple[Any, Any]] = []
        if zone_choices:
            choices.append((_("Eingangszone"), zone_choices))
        if counter_choices:
            choices.append((_("Schalter"), counter_choices))
        _set_choices(self, "target", choices)

    def destination(self) -> dict[str, Any]:
        key = self.cleaned_data["target"]
        if key in self.zones:
            return {"to_zone": self.zones[key]}
        return {"to_counter": self.counters[key]}


class FiguresForm(forms.Form):
    date_from = _date_field(_("von"))
    date_to = _date_field(_("bis"))
    location = forms.TypedChoiceField(label=_("Standort"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, locations: list[Location], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "location", [("", _("alle Standorte")), *((loc.pk, loc.name) for loc in locations)])
