"""Forms of the employer workspace, the candidate's answer and the employer service's pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.forms_manage import DateInput, TimeInput
from openjobcenter.employerservice.models import (
    CoachingStatus,
    ContactChannel,
    InterviewOutcome,
    SubsidyKind,
)
from openjobcenter.jobs.models import FeedbackReason


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


class WhenForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    time = forms.TimeField(label=_("Uhrzeit"), widget=TimeInput())

    def start(self) -> dt.datetime:
        return _at(self.cleaned_data["day"], self.cleaned_data["time"])


class InviteForm(WhenForm):
    person = forms.TypedChoiceField(label=_("Bewerberin oder Bewerber"), coerce=int)
    vacancy = forms.TypedChoiceField(label=_("Für die Stelle"), coerce=int, required=False, empty_value=None)
    duration_minutes = forms.TypedChoiceField(
        label=_("Dauer"), coerce=int, initial=30,
        choices=[(15, _("15 Minuten")), (30, _("30 Minuten")), (45, _("45 Minuten")), (60, _("60 Minuten"))],
    )  # fmt: skip
    invite_advisor = forms.BooleanField(
        label=_("Die Beratung des Jobcenters zum Gespräch einladen"),
        required=False,
        help_text=_("Die zuständige Integrationsfachkraft kann dann am Gespräch teilnehmen."),
    )
    message = forms.CharField(
        label=_("Nachricht (freiwillig)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["person", "vacancy", "day", "time", "duration_minutes", "invite_advisor", "message"]

    def __init__(self, *args: Any, people: list[Any], vacancies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Any = self.fields["person"]
        person.choices = [("", _("Bitte wählen"))] + [(p.pk, p.get_full_name() or p.email) for p in people]
        vacancy: Any = self.fields["vacancy"]
        vacancy.choices = [("", _("keine bestimmte Stelle"))] + [(v.pk, v.title) for v in vacancies]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Ihre Antwort"),
        widget=forms.RadioSelect,
        choices=[
            ("accept", _("Ich nehme den Termin an.")),
            ("propose", _("Ich schlage einen anderen Termin vor.")),
            ("decline", _("Ich möchte nicht am Gespräch teilnehmen.")),
        ],
    )
    day = forms.DateField(label=_("Anderes Datum"), required=False, widget=DateInput())
    time = forms.TimeField(label=_("Andere Uhrzeit"), required=False, widget=TimeInput())
    note = forms.CharField(label=_("Anmerkung (freiwillig)"), required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "propose":
            if not data.get("day"):
                self.add_error("day", _("Bitte geben Sie das Datum an, das Ihnen passt."))
            if not data.get("time"):
                self.add_error("time", _("Bitte geben Sie die Uhrzeit an, die Ihnen passt."))
        return data

    def proposed_start(self) -> dt.datetime | None:
        data = self.cleaned_data
        if data.get("answer") == "propose" and data.get("day") and data.get("time"):
            return _at(data["day"], data["time"])
        return None


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Ergebnis des Gesprächs"), widget=forms.RadioSelect, choices=InterviewOutcome.choices
    )
    reason_code = forms.ChoiceField(
        label=_("Grund, wenn Sie die Person nicht einstellen"),
        required=False,
        choices=[("", _("Bitte wählen")), *FeedbackReason.choices],
    )
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bei „nicht eingestellt“ bitte angeben. Die Beratung des Jobcenters sieht Ihre Rückmeldung."),
    )


class SubsidyForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Für wen?"), coerce=int)
    kind = forms.ChoiceField(label=_("Förderung"), widget=forms.RadioSelect, choices=SubsidyKind.choices)
    job_title = forms.CharField(label=_("Tätigkeit"), max_length=200)
    start_date = forms.DateField(label=_("Beginn des Arbeitsverhältnisses"), widget=DateInput())
    contract_end = forms.DateField(
        label=_("Ende des Arbeitsvertrags"),
        required=False,
        widget=DateInput(),
        help_text=_("Leer lassen, wenn unbefristet."),
    )
    hours_per_week = forms.DecimalField(
        label=_("Wochenstunden"), min_value=Decimal(1), max_value=Decimal(48), decimal_places=1
    )
    gross_wage = forms.DecimalField(
        label=_("Arbeitsentgelt brutto im Monat (EUR)"), min_value=Decimal("0.01"), max_digits=9, decimal_places=2,
        help_text=_("Bei § 16i: mindestens der Mindestlohn oder das tarifliche Entgelt."),
    )  # fmt: skip

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Any = self.fields["person"]
        person.choices = [("", _("Bitte wählen"))] + [(p.pk, p.get_full_name() or p.email) for p in people]


class FactsForm(forms.Form):
    birth_date = forms.DateField(label=_("Geburtsdatum"), required=False, widget=DateInput())
    unemployed_since = forms.DateField(label=_("Arbeitslos seit"), required=False, widget=DateInput())
    benefit_years = forms.IntegerField(
        label=_("Jahre im Leistungsbezug (SGB II) in den letzten sieben Jahren"),
        required=False,
        min_value=0,
        max_value=7,
    )
    special_group = forms.BooleanField(
        label=_("Schwerbehindert oder mit minderjährigem Kind in der Bedarfsgemeinschaft"), required=False
    )
    confirmed = forms.MultipleChoiceField(
        label=_("Von Hand geprüft und bestätigt"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, manual: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        confirmed: Any = self.fields["confirmed"]
        confirmed.choices = manual
        if not manual:
            del self.fields["confirmed"]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        widget=forms.RadioSelect,
        choices=[("approve", _("bewilligen")), ("refuse", _("ablehnen"))],
    )
    reason = forms.CharField(
        label=_("Begründung"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CoachingForm(WhenForm):
    topic = forms.CharField(label=_("Thema"), max_length=200)


class CoachingRecordForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Hat der Termin stattgefunden?"), widget=forms.RadioSelect,
        choices=[(CoachingStatus.HELD, _("ja")), (CoachingStatus.MISSED, _("nein, ausgefallen"))],
    )  # fmt: skip
    note = forms.CharField(label=_("Notiz"), required=False, max_length=1000)


class TargetForm(forms.Form):
    name = forms.CharField(label=_("Bezeichnung"), max_length=200, initial=_("Geförderte Einstellungen"))
    count = forms.IntegerField(label=_("Zielwert (Anzahl Einstellungen)"), min_value=1, max_value=1_000_000)
    period_start = forms.DateField(label=_("Zeitraum von"), widget=DateInput())
    period_end = forms.DateField(label=_("Zeitraum bis"), widget=DateInput())
    kinds = forms.MultipleChoiceField(
        label=_("Welche Förderungen zählen?"), widget=forms.CheckboxSelectMultiple, choices=SubsidyKind.choices,
        initial=list(SubsidyKind.values),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("Das Ende des Zeitraums liegt vor dem Beginn."))
        return data


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Ihre Nachricht"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ContactForm(forms.Form):
    on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("Weg"), choices=ContactChannel.choices)
    note = forms.CharField(label=_("Notiz"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Hinweis an das Unternehmen"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Was soll das Unternehmen ändern? Die Stelle ist bis dahin nicht mehr veröffentlicht."),
    )
