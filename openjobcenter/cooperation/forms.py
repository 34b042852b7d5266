"""Forms of the cooperation plan pages. The steps are a formset: add and remove rows without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openjobcenter.cooperation.models import Breach, Owner
from openjobcenter.cooperation.rules import BreachKind
from openjobcenter.cooperation.services.plans import StepData

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    goals = forms.CharField(
        label=_("Ziele"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Was möchten Sie gemeinsam erreichen? Zum Beispiel: Arbeit als Verkäuferin in Teilzeit."),
        error_messages={"required": _("Bitte beschreiben Sie mindestens ein Ziel.")},
    )
    support = forms.CharField(
        label=_("Unterstützung durch das Jobcenter"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Zum Beispiel Coaching, ein Kurs oder die Übernahme von Bewerbungskosten."),
    )
    review_date = forms.DateField(
        label=_("Überprüfung spätestens am"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Vorschlag nach der gesetzlichen Frist; Sie können ein früheres Datum wählen."),
    )


class StepForm(forms.Form):
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Schritt"), max_length=500, required=False)
    owner = forms.ChoiceField(label=_("Wer?"), choices=Owner.choices, initial=Owner.CITIZEN)
    due_date = forms.DateField(label=_("Bis wann?"), required=False, widget=DATE_INPUT)
    done = forms.BooleanField(label=_("erledigt"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text") and not data.get("DELETE") and (data.get("due_date") or data.get("done")):
            self.add_error("text", _("Bitte beschreiben Sie den Schritt."))
        return data


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Schritt entfernen")

    def steps(self) -> list[StepData]:
        """The rows that describe a step (empty rows and rows marked for removal are left out)."""
        kept = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("text"):
                continue
            kept.append(
                StepData(
                    text=data["text"], owner=data["owner"], due_date=data.get("due_date"),
                    done=bool(data.get("done")), key=data.get("key"),
                )
            )  # fmt: skip
        return kept


StepFormSet = forms.formset_factory(StepForm, formset=BaseStepFormSet, extra=1, can_delete=True, max_num=30)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Ihr Kommentar"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Zum Beispiel eine Frage oder ein Wunsch zu Ihrem Plan. Ihre Beraterin oder Ihr Berater liest ihn."
        ),
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )


class BreachForm(forms.ModelForm):
    class Meta:
        model = Breach
        fields = ["kind", "occurred_on", "description", "hearing_done", "hardship_checked", "decision", "reduction"]
        widgets = {
            "occurred_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Bitte wählen")), *BreachKind.choices]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Ihre Antwort"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Die Kundin oder der Kunde sieht die Antwort unter dem Plan und wird benachrichtigt."),
        error_messages={"required": _("Bitte schreiben Sie eine Antwort.")},
    )
