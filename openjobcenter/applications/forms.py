"""The forms of the first application, one per step (persons: one form per person), and the staff forms.

They follow the federal SGB II forms: main form (Hauptantrag), WEP (further persons aged 15+), KI
(children under 15), KDU (housing costs), EK (income), VM (assets), SV (social insurance).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.applications.fields import EuroField, GermanDateField, IbanField
from openjobcenter.applications.models import Application, Decision, Topic
from openjobcenter.casefile.forms import checked, document_file_field
from openjobcenter.casefile.models import Category
from openjobcenter.casefile.services.uploads import CleanFile

YES_NO = [("yes", _("Ja")), ("no", _("Nein"))]
REQUIRED = _("Bitte füllen Sie dieses Feld aus.")
CHOOSE = _("Bitte wählen Sie eine Antwort aus.")


def _radio(label: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": CHOOSE}, **kwargs
    )


class StepForm(forms.Form):
    """German messages for required fields; ``require`` for answers that depend on another answer.

    Fields named in ``conditional`` are needed only after a certain answer: not marked "optional".
    """

    conditional: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.conditional:
            self.fields[name].conditional = True  # type: ignore[attr-defined]
            self.fields[name].template_name = "applications/forms/field.html"  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.error_messages.setdefault("required", REQUIRED)
            if field.error_messages["required"] == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = REQUIRED

    def require(self, *names: str) -> None:
        for name in names:
            if self.cleaned_data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, ValidationError(REQUIRED, "required"))


class ApplicantForm(StepForm):
    first_name = forms.CharField(
        label=_("Vorname"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Nachname"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    birth_date = GermanDateField(label=_("Geburtsdatum"), past=True)
    birth_place = forms.CharField(label=_("Geburtsort"), max_length=100)
    nationality = _radio(_("Staatsangehörigkeit"), [
        ("de", _("deutsch")), ("eu", _("eines anderen EU-Staats")), ("other", _("eines Staats außerhalb der EU")),
    ])  # fmt: skip
    marital_status = forms.ChoiceField(label=_("Familienstand"), choices=[
        ("", "–"), ("single", _("ledig")), ("married", _("verheiratet / eingetragene Lebenspartnerschaft")),
        ("separated", _("getrennt lebend")), ("divorced", _("geschieden")), ("widowed", _("verwitwet")),
    ])  # fmt: skip
    street = forms.CharField(
        label=_("Straße und Hausnummer"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.RegexField(
        label=_("Postleitzahl"), regex=r"^\d{5}$", max_length=5,
        error_messages={"invalid": _("Die Postleitzahl hat fünf Ziffern.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "6"}),
    )  # fmt: skip
    city = forms.CharField(
        label=_("Ort"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    phone = forms.CharField(
        label=_("Telefon (freiwillig)"), max_length=40, required=False,
        help_text=_("Für Rückfragen. Sie können das Feld leer lassen."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )  # fmt: skip


RELATIONSHIPS = [
    ("", "–"),
    ("partner", _("Ehe- oder Lebenspartner/in")),
    ("child", _("Kind")),
    ("stepchild", _("Kind der Partnerin / des Partners")),
    ("parent", _("Elternteil")),
    ("other", _("andere Person")),
]


class MemberForm(StepForm):
    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    birth_date = GermanDateField(label=_("Geburtsdatum"), past=True)
    relationship = forms.ChoiceField(label=_("Beziehung zu Ihnen"), choices=RELATIONSHIPS)
    remove = forms.BooleanField(label=_("Diese Person entfernen"), required=False)

    def has_content(self) -> bool:
        keys = ("first_name", "last_name", "birth_date", "relationship")
        return any((self.data.get(self.add_prefix(key)) or "").strip() for key in keys)


class HousingForm(StepForm):
    conditional = ("size", "rooms", "base_rent", "utilities", "heating", "heating_type", "landlord", "landlord_address")
    housing = _radio(_("Wie wohnen Sie?"), [
        ("rent", _("zur Miete (auch Untermiete)")), ("own", _("im eigenen Haus / in der eigenen Wohnung")),
        ("none", _("ohne eigene Wohnung")),
    ])  # fmt: skip
    size = forms.DecimalField(
        label=_("Wohnfläche in m²"), required=False, min_value=1, max_value=1000, decimal_places=1,
        localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "6"}),
    )  # fmt: skip
    rooms = forms.DecimalField(
        label=_("Zimmer (ohne Küche und Bad)"), required=False, min_value=1, max_value=20, decimal_places=1,
        localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "4"}),
    )  # fmt: skip
    base_rent = EuroField(label=_("Grundmiete (Kaltmiete) im Monat in €"), required=False)
    utilities = EuroField(label=_("Nebenkosten im Monat in €"), required=False, help_text=_("Ohne Heizung."))
    heating = EuroField(label=_("Heizkosten im Monat in €"), required=False)
    heating_type = forms.ChoiceField(label=_("Heizung"), required=False, choices=[
        ("", "–"), ("central", _("Zentralheizung über die Vermieterin / den Vermieter")),
        ("separate", _("eigener Vertrag (z. B. Gas, Fernwärme)")), ("included", _("in der Miete enthalten")),
    ])  # fmt: skip
    landlord = forms.CharField(label=_("Name der Vermieterin / des Vermieters"), max_length=150, required=False)
    landlord_address = forms.CharField(
        label=_("Anschrift der Vermieterin / des Vermieters"), max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("housing") in ("rent", "own"):
            self.require("size", "rooms", "heating_type")
        if data.get("housing") == "rent":
            self.require("base_rent", "utilities", "landlord", "landlord_address")
        if data.get("heating_type") in ("central", "separate"):
            self.require("heating")
        return data


INCOME_KINDS = [
    ("", "–"),
    ("employment", _("Lohn oder Gehalt")),
    ("minijob", _("Minijob")),
    ("self_employed", _("selbstständige Tätigkeit")),
    ("unemployment_benefit", _("Arbeitslosengeld")),
    ("child_benefit", _("Kindergeld")),
    ("maintenance", _("Unterhalt oder Unterhaltsvorschuss")),
    ("pension", _("Rente")),
    ("other", _("anderes Einkommen")),
]


class IncomeForm(StepForm):
    conditional = ("kind", "source", "gross", "net")
    has_income = _radio(_("Hat diese Person Einkommen?"), YES_NO)
    kind = forms.ChoiceField(label=_("Art des Einkommens"), choices=INCOME_KINDS, required=False)
    source = forms.CharField(label=_("Von wem? (Arbeitgeber, Kasse, Behörde)"), max_length=150, required=False)
    gross = EuroField(label=_("brutto im Monat in €"), required=False)
    net = EuroField(label=_("netto im Monat in €"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_income") == "yes":
            self.require("kind", "net")
            if data.get("kind") in ("employment", "minijob"):
                self.require("source", "gross")
        if data.get("gross") is not None and data.get("net") is not None and data["net"] > data["gross"]:
            self.add_error("net", ValidationError(_("Der Nettobetrag ist höher als der Bruttobetrag."), "net"))
        return data


class AssetsForm(StepForm):
    conditional = ("vehicle_value",)
    savings = EuroField(
        label=_("Guthaben auf allen Konten und Bargeld zusammen in €"),
        help_text=_(
            "Von allen Personen im Haushalt, auch Sparbücher und Tagesgeld. Geben Sie 0 an, wenn nichts da ist."
        ),
    )
    vehicle = _radio(_("Besitzt jemand im Haushalt ein Auto oder Motorrad?"), YES_NO)
    vehicle_value = EuroField(label=_("Ungefährer Wert des Fahrzeugs in €"), required=False)
    property = _radio(_("Besitzt jemand ein Haus, eine Wohnung oder ein Grundstück?"), YES_NO)
    insurance = _radio(_("Gibt es Lebens- oder Rentenversicherungen mit Rückkaufswert?"), YES_NO)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("vehicle") == "yes":
            self.require("vehicle_value")
        return data


class HealthForm(StepForm):
    conditional = ("insurer",)
    insurance = forms.ChoiceField(label=_("Krankenversicherung"), choices=[
        ("", "–"), ("statutory", _("gesetzlich, eigene Mitgliedschaft")), ("family", _("gesetzlich, familienversichert")),
        ("private", _("privat")), ("none", _("nicht versichert")),
    ])  # fmt: skip
    insurer = forms.CharField(label=_("Name der Krankenkasse"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("insurance") in ("statutory", "family", "private"):
            self.require("insurer")
        return data


class BankForm(StepForm):
    iban = IbanField(label=_("IBAN"), help_text=_("Sie finden die IBAN auf Ihrer Bankkarte oder im Online-Banking."))
    holder = forms.CharField(
        label=_("Kontoinhaberin / Kontoinhaber"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    own_account = _radio(_("Ist es Ihr eigenes Konto?"), YES_NO)


PREVIOUS_KINDS = [
    ("", "–"),
    ("alg1", _("Arbeitslosengeld (Agentur für Arbeit)")),
    ("sgb2", _("Bürgergeld / Arbeitslosengeld II (anderes Jobcenter)")),
    ("sgb12", _("Sozialhilfe (Sozialamt)")),
    ("housing", _("Wohngeld")),
    ("child_supplement", _("Kinderzuschlag")),
    ("bafoeg", _("BAföG oder Berufsausbildungsbeihilfe")),
    ("other", _("andere Leistung")),
]


class PreviousForm(StepForm):
    conditional = ("kind", "authority", "until")
    received = _radio(
        _("Haben Sie oder jemand im Haushalt in den letzten 12 Monaten Sozialleistungen bezogen?"), YES_NO
    )
    kind = forms.ChoiceField(label=_("Welche Leistung?"), choices=PREVIOUS_KINDS, required=False)
    authority = forms.CharField(label=_("Von welcher Stelle?"), max_length=150, required=False)
    until = GermanDateField(label=_("Bezogen bis"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("received") == "yes":
            self.require("kind", "authority", "until")
        return data


class LegalForm(forms.Form):
    duties = forms.BooleanField(
        label=_("Ich habe die Hinweise zu meinen Mitwirkungspflichten (§§ 60 ff. SGB I) gelesen."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie die Mitwirkungspflichten gelesen haben.")},
    )
    privacy = forms.BooleanField(
        label=_("Ich habe die Hinweise zum Datenschutz gelesen."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben.")},
    )
    truthful = forms.BooleanField(
        label=_("Meine Angaben sind richtig und vollständig. Änderungen teile ich sofort mit."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Ihre Angaben richtig und vollständig sind.")},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)


class ProofUploadForm(forms.Form):
    file = document_file_field()

    def clean_file(self) -> CleanFile:
        return checked(self.cleaned_data["file"])


# --- Staff ----------------------------------------------------------------------------------------


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Zuweisen an"), coerce=int)

    def __init__(self, *args: Any, colleagues: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = colleagues


class RequestDocumentsForm(forms.Form):
    title = forms.CharField(
        label=_("Welche Unterlage?"), max_length=200, help_text=_("Zum Beispiel „Lohnabrechnung Oktober“.")
    )
    category = forms.ChoiceField(label=_("Art des Dokuments"), choices=Category.choices, initial=Category.INCOME)
    due_date = GermanDateField(label=_("Bis wann?"), future=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("due_date", timezone.localdate() + dt.timedelta(days=14))
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = REQUIRED
        self.fields["due_date"].error_messages["required"] = REQUIRED


class DecideForm(forms.Form):
    """The decision; with an approving one on a benefit application the approval period (usually 12 months,
    from the first day of the month of the application); a rejected absence request needs a reason."""

    decision = forms.ChoiceField(
        label=_("Entscheidung"), choices=Decision.choices, widget=forms.RadioSelect, error_messages={"required": CHOOSE}
    )
    period_start = GermanDateField(label=_("Bewilligt vom"), required=False)
    period_end = GermanDateField(label=_("Bewilligt bis"), required=False,
                                 help_text=_("In der Regel 12 Monate, bei schwankendem Einkommen 6 Monate."))  # fmt: skip
    note = forms.CharField(
        label=_("Begründung (sieht die Kundin / der Kunde)"), max_length=500, required=False,
        help_text=_("Bei einer Ablehnung nötig."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        from openjobcenter.applications.services.processing import default_period, needs_period

        self.application = application
        self.with_period = needs_period(application)
        if self.with_period:
            start, end = default_period(application)
            kwargs.setdefault("initial", {}).update({"period_start": start, "period_end": end})
        super().__init__(*args, **kwargs)
        if self.with_period:
            del self.fields["note"]
        else:
            del self.fields["period_start"], self.fields["period_end"]
            if application.topic == Topic.ABSENCE:
                decision = self.fields["decision"]
                assert isinstance(decision, forms.ChoiceField)
                decision.choices = [(Decision.APPROVED, _("zugestimmt")), (Decision.REJECTED, _("abgelehnt"))]

    def clean(self) -> dict[str, Any]:
        from openjobcenter.applications.services.processing import APPROVING, needs_reason

        data = super().clean() or {}
        decision = data.get("decision")
        if self.with_period and decision in APPROVING:
            start, end = data.get("period_start"), data.get("period_end")
            for name in ("period_start", "period_end"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, ValidationError(REQUIRED, "required"))
            if start and end and end < start:
                self.add_error("period_end", ValidationError(_("Das Ende liegt vor dem Beginn."), "order"))
            if start and end and end > start.replace(year=start.year + 2):
                self.add_error("period_end", ValidationError(_("Ein Bewilligungszeitraum ist höchstens 24 Monate lang."),
                                                             "long"))  # fmt: skip
        if decision and needs_reason(self.application, decision) and not (data.get("note") or "").strip():
            self.add_error("note", ValidationError(_("Bitte begründen Sie die Ablehnung."), "required"))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Warum müssen Sie diesen Antrag öffnen?"), min_length=15, max_length=150,
        help_text=_("Die Begründung wird protokolliert und der Kundin / dem Kunden angezeigt."),
    )  # fmt: skip
