"""Forms of the Jobcenter-admin UI: locations, opening hours, reception zones, teams, settings.

Texts that staff enter for the public (accessibility, directions, zone names) are stored once per
language; the forms show one field per language the Jobcenter offers, German first and required.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter, Location, OpeningHours, ReceptionZone, Team, Weekday
from openjobcenter.core.services.hours import Period, format_period
from openjobcenter.core.services.locations import ZoneData
from openjobcenter.core.services.tenants import SETTINGS_FIELDS

postal_code_validator = RegexValidator(r"^\d{5}$", _("Bitte geben Sie eine fünfstellige Postleitzahl an."))
phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 /()-]{3,40}$",
    _("Bitte geben Sie eine Telefonnummer aus Ziffern an, z. B. 0123 4567-0."),
)
zone_code_validator = RegexValidator(
    r"^[A-Za-z0-9]{1,3}$", _("Ein bis drei Buchstaben oder Ziffern, zum Beispiel A oder B2.")
)


def offered_languages(jobcenter: Jobcenter) -> list[tuple[str, str]]:
    """The Jobcenter's languages as (code, name), German first, in the portal's order."""
    offered = set(jobcenter.languages or []) | {"de"}
    return [(code, str(name)) for code, name in settings.LANGUAGES if code in offered]


def _text_area(code: str, rows: int = 3) -> forms.Textarea:
    # dir="auto" lets Arabic text run right to left while the page stays in the UI language.
    return forms.Textarea(attrs={"rows": rows, "lang": code, "dir": "auto"})


def _per_language_fields(
    form: forms.Form,
    prefix: str,
    label: Any,
    languages: list[tuple[str, str]],
    *,
    german_required: bool,
    single_line: bool = False,
    max_length: int = 2000,
) -> None:
    for code, name in languages:
        widget = forms.TextInput(attrs={"lang": code, "dir": "auto"}) if single_line else _text_area(code)
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=f"{label} – {name}",
            required=german_required and code == "de",
            widget=widget,
            max_length=max_length,
        )


def _collect(
    cleaned: dict[str, Any], prefix: str, languages: list[tuple[str, str]], initial: Mapping[str, Any]
) -> dict[str, str]:
    """The texts entered per language, keeping texts in languages the Jobcenter no longer offers
    (they come back when the language is offered again)."""
    shown = {code for code, _name in languages}
    texts = {
        key.removeprefix(f"{prefix}_"): str(value)
        for key, value in initial.items()
        if key.startswith(f"{prefix}_") and key.removeprefix(f"{prefix}_") not in shown and value
    }
    texts.update({code: cleaned[f"{prefix}_{code}"].strip() for code in shown if cleaned.get(f"{prefix}_{code}")})
    return texts


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name des Standorts"), max_length=200, help_text=_("z. B. Geschäftsstelle Süd"))
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200)
    postal_code = forms.CharField(label=_("Postleitzahl"), max_length=5, validators=[postal_code_validator])
    city = forms.CharField(label=_("Ort"), max_length=100)
    phone = forms.CharField(label=_("Telefon"), max_length=50, required=False, validators=[phone_validator])
    email = forms.EmailField(label=_("E-Mail"), required=False)

    def __init__(self, *args: Any, jobcenter: Jobcenter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = offered_languages(jobcenter)
        _per_language_fields(self, "accessibility", _("Barrierefreiheit"), self.languages, german_required=True)
        _per_language_fields(self, "directions", _("Anfahrt"), self.languages, german_required=False)
        self.fields["accessibility_de"].help_text = _(
            "Zum Beispiel: stufenloser Eingang, Aufzug, barrierefreie Toilette, Induktionsschleife am Empfang."
        )
        self.fields["accessibility_de"].error_messages["required"] = _(
            "Bitte beschreiben Sie auf Deutsch, wie barrierefrei der Standort ist."
        )
        self.fields["directions_de"].help_text = _("Zum Beispiel Haltestellen von Bus und Bahn, Parkplätze.")

    @classmethod
    def initial_for(cls, location: Location) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(location, name) for name in ("name", "street", "postal_code", "city")}
        initial.update(phone=location.phone, email=location.email)
        for code, text in (location.accessibility or {}).items():
            initial[f"accessibility_{code}"] = text
        for code, text in (location.directions or {}).items():
            initial[f"directions_{code}"] = text
        return initial

    def address_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "street", "postal_code", "city", "phone", "email")]

    def accessibility_fields(self) -> list[forms.BoundField]:
        return [self[f"accessibility_{code}"] for code, _name in self.languages]

    def directions_fields(self) -> list[forms.BoundField]:
        return [self[f"directions_{code}"] for code, _name in self.languages]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        translations = [code for code, _name in self.languages if code != "de" and cleaned.get(f"directions_{code}")]
        if translations and not cleaned.get("directions_de"):
            self.add_error(
                "directions_de", gettext("Bitte geben Sie die Anfahrt zuerst auf Deutsch an; sie ist die Vorlage.")
            )
        return cleaned

    def to_fields(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        fields = {name: cleaned[name] for name in ("name", "street", "postal_code", "city", "phone", "email")}
        fields["accessibility"] = _collect(cleaned, "accessibility", self.languages, self.initial)
        fields["directions"] = _collect(cleaned, "directions", self.languages, self.initial)
        return fields


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateInput(forms.DateInput):
    input_type = "date"


def _time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TimeInput(format="%H:%M"),
        error_messages={"required": _("Bitte geben Sie eine Uhrzeit an."), "invalid": _("Bitte im Format 08:30.")},
    )


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Wochentag"),
        choices=[("", _("Bitte wählen")), *Weekday.choices],
        coerce=int,
        error_messages={"required": _("Bitte wählen Sie einen Wochentag.")},
    )
    opens = _time_field(_("von"))
    closes = _time_field(_("bis"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and opens >= closes:
            self.add_error("closes", gettext("Die Endzeit muss nach der Anfangszeit liegen."))
        return cleaned


def _marked_for_deletion(form: forms.Form) -> bool:
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


class BaseOpeningHoursFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Diesen Zeitraum entfernen")

    def filled_forms(self) -> list[forms.Form]:
        return [
            form for form in self.forms if form.has_changed() and not _marked_for_deletion(form) and form.is_valid()
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: list[tuple[Period, forms.Form]] = []
        for form in self.filled_forms():
            data = form.cleaned_data
            period = Period(data["weekday"], data["opens"], data["closes"])
            for other, _other_form in seen:
                if other.weekday == period.weekday and period.opens < other.closes and other.opens < period.closes:
                    form.add_error(
                        "opens",
                        gettext("Überschneidet sich mit %(day)s, %(period)s.")
                        % {"day": Weekday(other.weekday).label, "period": format_period(other.opens, other.closes)},
                    )
                    break
            seen.append((period, form))

    def periods(self) -> list[Period]:
        return sorted(
            Period(form.cleaned_data["weekday"], form.cleaned_data["opens"], form.cleaned_data["closes"])
            for form in self.filled_forms()
        )


OpeningHoursFormSet = forms.formset_factory(
    OpeningHoursForm, formset=BaseOpeningHoursFormSet, extra=2, can_delete=True, max_num=70, validate_max=True
)


def hours_initial(hours: list[OpeningHours]) -> list[dict[str, Any]]:
    return [{"weekday": row.weekday, "opens": row.opens, "closes": row.closes} for row in hours]


class ReceptionZoneForm(forms.Form):
    zone_id = forms.IntegerField(required=False, widget=forms.HiddenInput())
    code = forms.CharField(
        label=_("Kennbuchstabe"),
        max_length=3,
        validators=[zone_code_validator],
        error_messages={"required": _("Bitte geben Sie einen Kennbuchstaben an.")},
    )
    floor = forms.CharField(label=_("Etage / Raum"), max_length=100, required=False)

    def __init__(self, *args: Any, jobcenter: Jobcenter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = offered_languages(jobcenter)
        _per_language_fields(
            self, "name", _("Bezeichnung"), self.languages, german_required=True, single_line=True, max_length=200
        )
        self.fields["name_de"].error_messages["required"] = _("Bitte geben Sie eine deutsche Bezeichnung an.")

    def language_fields(self) -> list[forms.BoundField]:
        return [self[f"name_{code}"] for code, _name in self.languages]

    def names(self) -> dict[str, str]:
        return _collect(self.cleaned_data, "name", self.languages, self.initial)


class BaseReceptionZoneFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Diese Eingangszone entfernen")

    def filled_forms(self) -> list[ReceptionZoneForm]:
        return [form for form in self.forms if form.has_changed() and not _marked_for_deletion(form)]

    def zones(self) -> list[ZoneData]:
        return [
            ZoneData(
                pk=form.cleaned_data.get("zone_id"),
                code=form.cleaned_data["code"],
                name=form.names(),
                floor=form.cleaned_data.get("floor", ""),
            )
            for form in self.filled_forms()
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        codes: set[str] = set()
        for form in self.filled_forms():
            code = form.cleaned_data["code"].upper()
            if code in codes:
                form.add_error("code", gettext("Dieser Kennbuchstabe kommt schon vor."))
            codes.add(code)


ReceptionZoneFormSet = forms.formset_factory(
    ReceptionZoneForm, formset=BaseReceptionZoneFormSet, extra=1, can_delete=True, max_num=26, validate_max=True
)


def zones_initial(zones: list[ReceptionZone]) -> list[dict[str, Any]]:
    rows = []
    for zone in zones:
        row: dict[str, Any] = {"zone_id": zone.pk, "code": zone.code, "floor": zone.floor}
        row.update({f"name_{code}": text for code, text in (zone.name or {}).items()})
        rows.append(row)
    return rows


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name des Teams"), max_length=200, help_text=_("z. B. Team Markt und Integration 2"))
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wofür ist das Team zuständig? Zum Beispiel Buchstaben A–K oder unter 25-Jährige."),
    )
    location = forms.ModelChoiceField(
        label=_("Standort"),
        queryset=Location.all_tenants.none(),
        required=False,
        empty_label=_("Kein fester Standort"),
    )

    def __init__(self, *args: Any, jobcenter: Jobcenter, team: Team | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locations = Location.objects.for_tenant(jobcenter).filter(is_active=True)
        if team is not None and team.location_id:
            # A team may stay at a location that has since been deactivated.
            locations = Location.objects.for_tenant(jobcenter).filter(is_active=True) | Location.objects.for_tenant(
                jobcenter
            ).filter(pk=team.location_id)
        field = self.fields["location"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = locations


def _relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_relative_luminance(colour) + 0.05)


class JobcenterSettingsForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Angebotene Sprachen"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Deutsch wird immer angeboten. Für jede Sprache erscheinen Eingabefelder bei Standorten."),
    )

    class Meta:
        model = Jobcenter
        fields = [name for name in SETTINGS_FIELDS if name != "languages"]
        widgets = {
            "supervisory_authority": forms.Textarea(attrs={"rows": 3}),
            "data_protection_authority": forms.Textarea(attrs={"rows": 3}),
            "accessibility_enforcement": forms.Textarea(attrs={"rows": 3}),
            "privacy_officer": forms.Textarea(attrs={"rows": 2}),
            "accessibility_statement_date": DateInput(format="%Y-%m-%d"),
        }
        help_texts = {
            "brand_colour": _(
                "Format #RRGGBB. Sie muss dunkel genug für weiße Schrift sein (Kontrast mindestens 4,5:1)."
            ),
            "accessibility_statement_date": _(
                "Leer lassen, solange die Erklärung auf der Selbstbewertung der Software beruht."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        data = kwargs.get("data", args[0] if args else None)
        instance = kwargs.get("instance")
        if data is not None and "state" not in data and instance is not None:
            # A form posted without the state (e.g. from a page opened before the field existed)
            # keeps the current one instead of failing.
            data = data.copy()
            data["state"] = instance.state
            if args:
                args = (data, *args[1:])
            else:
                kwargs["data"] = data
        super().__init__(*args, **kwargs)
        self.fields["postal_code"].validators.append(postal_code_validator)
        self.fields["phone"].validators.append(phone_validator)
        self.fields["email"].help_text = _("An diese Adresse gehen auch Rückmeldungen zur Barrierefreiheit.")
        if self.instance.pk and not self.is_bound:
            self.initial["languages"] = self.instance.languages

    def clean_languages(self) -> list[str]:
        chosen = self.cleaned_data.get("languages") or []
        return ["de", *[code for code, _name in settings.LANGUAGES if code in chosen and code != "de"]]

    def clean_brand_colour(self) -> str:
        colour = (self.cleaned_data.get("brand_colour") or "").upper()
        if len(colour) == 7 and contrast_with_white(colour) < 4.5:
            raise forms.ValidationError(
                gettext("Diese Farbe ist zu hell: Der Kontrast zu Weiß beträgt nur %(ratio)s:1, nötig sind 4,5:1.")
                % {"ratio": f"{contrast_with_white(colour):.1f}".replace(".", ",")}
            )
        return colour

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("phone", "email", "street", "postal_code", "city", "state")]

    def legal_fields(self) -> list[forms.BoundField]:
        names = (
            "legal_representative",
            "privacy_officer",
            "organisation_type",
            "supervisory_authority",
            "data_protection_authority",
            "accessibility_enforcement",
            "accessibility_statement_date",
        )
        return [self[name] for name in names]

    def appearance_fields(self) -> list[forms.BoundField]:
        return [self["brand_colour"], self["languages"]]
