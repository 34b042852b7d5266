"""Forms of the eLearning pages: the quiz (built from the module's questions), sharing, video upload."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openjobcenter.elearning.models import Module, Question
from openjobcenter.elearning.services.videos import ACCEPT_ATTRIBUTE


def field_name(question: Question) -> str:
    return f"q-{question.key}"


class QuizForm(forms.Form):
    """One field per question: radio buttons, or check boxes where several answers may be right."""

    def __init__(self, *args: Any, questions: Sequence[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for number, question in enumerate(self.questions, start=1):
            choices = [(choice.key, choice.localised_text()) for choice in question.choices.all()]
            label = f"{number}. {question.localised_text()}"
            field: forms.Field
            if question.multiple:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Kreuzen Sie alle richtigen Antworten an."),
                    error_messages={"required": _("Bitte wählen Sie mindestens eine Antwort.")},
                )
            else:
                field = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Bitte wählen Sie eine Antwort.")},
                )
            self.fields[field_name(question)] = field

    def answers(self) -> dict[str, list[str]]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            result[question.key] = list(value) if isinstance(value, list) else [value] if value else []
        return result


class ModuleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.localised_title())


class SharingForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Was darf Ihre Beraterin oder Ihr Berater sehen?"),
        choices=[
            ("none", _("Nichts – ich teile keine Lernmodule")),
            ("all", _("Alle abgeschlossenen Lernmodule, auch künftige")),
            ("some", _("Nur die Lernmodule, die ich unten auswähle")),
        ],
        widget=forms.RadioSelect,
    )
    modules = ModuleChoiceField(
        label=_("Diese Lernmodule teilen"),
        queryset=Module.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, modules: Sequence[Module], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["modules"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Module.objects.filter(pk__in=[module.pk for module in modules])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == "some" and not data.get("modules"):
            self.add_error("modules", _("Bitte wählen Sie mindestens ein Lernmodul aus."))
        return data


class VideoForm(forms.Form):
    video = forms.FileField(
        label=_("Video (MP4 oder WebM)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": _("Bitte wählen Sie eine Videodatei aus.")},
    )
