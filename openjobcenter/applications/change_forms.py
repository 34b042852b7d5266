"""The short forms of the change notification (Veränderungsmitteilung), one per topic, and the
"what has changed?" question that opens a continuation application (Weiterbewilligungsantrag)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openjobcenter.applications.fields import EuroField, GermanDateField, IbanField
from openjobcenter.applications.forms import INCOME_KINDS, RELATIONSHIPS, YES_NO, StepForm, _radio

# The sections of a continuation application, in the order of the first application's steps.
CONTINUATION_SECTIONS: tuple[tuple[str, Any], ...] = (
    ("applicant", _("Ihre Angaben (Anschrift, Telefon, Familienstand)")),
    ("household", _("Haushalt: Ist jemand ein- oder ausgezogen, ist ein Kind geboren?")),
    ("housing", _("Wohnung: Sind Sie umgezogen, hat sich die Miete geändert?")),
    ("income", _("Einkommen: Hat jemand Arbeit, mehr oder weniger Einkommen?")),
    ("assets", _("Vermögen: Gibt es neues Vermögen, ein Fahrzeug, eine Erbschaft?")),
    ("health", _("Krankenversicherung: Hat sich die Versicherung geändert?")),
    ("bank", _("Bankverbindung: Haben Sie ein neues Konto?")),
)
CHANGED = [("no", _("Nein, unverändert")), ("yes", _("Ja, geändert"))]
MAX_ABSENCE_DAYS = 183


class ChangesForm(StepForm):
    """ "Hat sich etwas geändert?" – one question per section; only "Ja" sections are asked again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slug, label in CONTINUATION_SECTIONS:
            self.fields[slug] = _radio(label, CHANGED)
            self.fields[slug].error_messages["required"] = _("Bitte wählen Sie „Nein“ oder „Ja“.")


def _order(form: StepForm, start: str, end: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
        form.add_error(end, ValidationError(_("Das Ende liegt vor dem Beginn."), "order"))


class JobChangeForm(StepForm):
    conditional = ("source", "gross")
    person = forms.CharField(label=_("Wer hat die Änderung? (Vor- und Nachname)"), max_length=150)
    since = GermanDateField(label=_("Seit wann? (oder ab wann)"))
    kind = forms.ChoiceField(label=_("Art des Einkommens"), choices=INCOME_KINDS)
    source = forms.CharField(label=_("Von wem? (Arbeitgeber, Kasse, Behörde)"), max_length=150, required=False)
    gross = EuroField(label=_("brutto im Monat in €"), required=False)
    net = EuroField(label=_("netto im Monat in €"), help_text=_("Geben Sie 0 an, wenn das Einkommen wegfällt."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in ("employment", "minijob"):
            self.require("source", "gross")
        if data.get("gross") is not None and data.get("net") is not None and data["net"] > data["gross"]:
            self.add_error("net", ValidationError(_("Der Nettobetrag ist höher als der Bruttobetrag."), "net"))
        return data


class HousingChangeForm(StepForm):
    conditional = ("street", "postal_code", "city")
    change = _radio(_("Was hat sich geändert?"), [
        ("moved", _("Ich bin umgezogen / ich ziehe um")), ("rent", _("Die Miete oder die Nebenkosten ändern sich")),
    ])  # fmt: skip
    since = GermanDateField(label=_("Seit wann? (oder ab wann)"))
    street = forms.CharField(label=_("Neue Straße und Hausnummer"), max_length=150, required=False)
    postal_code = forms.RegexField(
        label=_("Neue Postleitzahl"), regex=r"^\d{5}$", max_length=5, required=False,
        error_messages={"invalid": _("Die Postleitzahl hat fünf Ziffern.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "6"}),
    )  # fmt: skip
    city = forms.CharField(label=_("Neuer Ort"), max_length=100, required=False)
    base_rent = EuroField(label=_("Grundmiete (Kaltmiete) im Monat in €"))
    utilities = EuroField(label=_("Nebenkosten im Monat in €"), help_text=_("Ohne Heizung."))
    heating = EuroField(label=_("Heizkosten im Monat in €"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("change") == "moved":
            self.require("street", "postal_code", "city")
        return data


class HouseholdChangeForm(StepForm):
    change = _radio(_("Was hat sich geändert?"), [
        ("moved_in", _("Jemand ist eingezogen")), ("moved_out", _("Jemand ist ausgezogen")),
        ("birth", _("Ein Kind ist geboren")),
    ])  # fmt: skip
    since = GermanDateField(label=_("Seit wann?"), past=True)
    first_name = forms.CharField(label=_("Vorname der Person"), max_length=100)
    last_name = forms.CharField(label=_("Nachname der Person"), max_length=100)
    birth_date = GermanDateField(label=_("Geburtsdatum der Person"), past=True)
    relationship = forms.ChoiceField(label=_("Beziehung zu Ihnen"), choices=RELATIONSHIPS)


class BankChangeForm(StepForm):
    iban = IbanField(label=_("Neue IBAN"))
    holder = forms.CharField(label=_("Kontoinhaberin / Kontoinhaber"), max_length=150)
    own_account = _radio(_("Ist es Ihr eigenes Konto?"), YES_NO)
    since = GermanDateField(label=_("Ab wann sollen wir auf dieses Konto zahlen?"), required=False,
                            help_text=_("Ohne Angabe: ab der nächsten Zahlung."))  # fmt: skip


class HealthChangeForm(StepForm):
    conditional = ("insurer",)
    person = forms.CharField(label=_("Für wen? (Vor- und Nachname)"), max_length=150)
    insurance = forms.ChoiceField(label=_("Neue Krankenversicherung"), choices=[
        ("", "–"), ("statutory", _("gesetzlich, eigene Mitgliedschaft")), ("family", _("gesetzlich, familienversichert")),
        ("private", _("privat")), ("none", _("nicht versichert")),
    ])  # fmt: skip
    insurer = forms.CharField(label=_("Name der Krankenkasse"), max_length=100, required=False)
    since = GermanDateField(label=_("Seit wann?"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("insurance") in ("statutory", "family", "private"):
            self.require("insurer")
        return data


class AbsenceForm(StepForm):
    """Ortsabwesenheit (§ 7b SGB II): asked for before leaving; the Jobcenter approves or rejects."""

    date_from = GermanDateField(label=_("Abreise am"), future=True)
    date_to = GermanDateField(label=_("Rückkehr am"), future=True)
    destination = forms.CharField(
        label=_("Wo sind Sie in dieser Zeit?"), max_length=150, required=False,
        help_text=_("Zum Beispiel der Ort oder das Land. Sie müssen den Grund nicht nennen."),
    )  # fmt: skip
    reachable = _radio(_("Können wir Sie in dieser Zeit per Post oder im Portal erreichen?"), YES_NO)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _order(self, "date_from", "date_to")
        first, last = data.get("date_from"), data.get("date_to")
        if isinstance(first, dt.date) and isinstance(last, dt.date) and (last - first).days > MAX_ABSENCE_DAYS:
            self.add_error("date_to", ValidationError(
                _("Eine Abwesenheit von mehr als sechs Monaten können Sie hier nicht mitteilen. Bitte sprechen Sie "
                  "mit Ihrem Team."), "long"))  # fmt: skip
        return data


class SickNoteForm(StepForm):
    kind = _radio(_("Art der Bescheinigung"), [
        ("first", _("Erstbescheinigung")), ("follow_up", _("Folgebescheinigung")),
    ])  # fmt: skip
    date_from = GermanDateField(label=_("Arbeitsunfähig seit"), past=True)
    date_to = GermanDateField(label=_("Voraussichtlich arbeitsunfähig bis"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _order(self, "date_from", "date_to")
        return data


TOPIC_FORMS: dict[str, type[StepForm]] = {
    "job": JobChangeForm,
    "housing": HousingChangeForm,
    "household": HouseholdChangeForm,
    "bank": BankChangeForm,
    "health": HealthChangeForm,
    "absence": AbsenceForm,
    "sick_note": SickNoteForm,
}
