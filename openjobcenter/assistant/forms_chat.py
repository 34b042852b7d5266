"""Forms of the chat window: a question (or a chosen "Meinten Sie …?" topic), and "helpful?"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openjobcenter.assistant.api import MAX_QUESTION_LENGTH


def too_long_message() -> str:
    return gettext("Bitte fassen Sie Ihre Frage kürzer (höchstens %(max)d Zeichen).") % {"max": MAX_QUESTION_LENGTH}


class ChatForm(forms.Form):
    """A question typed by the person, or a topic they picked from the suggestions (then it wins)."""

    question = forms.CharField(
        label=_("Ihre Frage"),
        error_messages={"required": _("Bitte geben Sie eine Frage ein.")},
        help_text=_("Zum Beispiel: Wann wird das Geld überwiesen? Bitte nennen Sie keine persönlichen Daten."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_QUESTION_LENGTH, "autocomplete": "off"}),
    )
    topic = forms.SlugField(required=False, max_length=60, widget=forms.HiddenInput)
    language = forms.CharField(required=False, max_length=8, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("topic"):
            self.errors.pop("question", None)  # a chosen topic needs no typed question
            data.setdefault("question", "")
            return data
        if len(data.get("question") or "") > MAX_QUESTION_LENGTH:
            self.add_error("question", too_long_message())
        return data


class FeedbackForm(forms.Form):
    topic = forms.SlugField(max_length=60)
    score = forms.TypedChoiceField(choices=[("1", "+1"), ("-1", "−1")], coerce=int)
    language = forms.CharField(max_length=8)
    next = forms.CharField(required=False, max_length=300)
