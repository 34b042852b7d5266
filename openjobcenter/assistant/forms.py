"""Forms of the knowledge-base editor: a version's content per language, its sources, a new own topic.

The forms parse what was entered; the rules (placeholders, minimum examples, sources …) live in
``services.editor.check_version``, whose errors are shown on the field they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openjobcenter.assistant.models import TopicVersion
from openjobcenter.assistant.services.editor import VersionData
from openjobcenter.assistant.services.knowledge import ACTIONS
from openjobcenter.assistant.services.matching import LANGUAGES
from openjobcenter.core.forms_manage import DateInput

ACTION_LABELS = {
    "book_appointment": _("Termin buchen"),
    "manage_appointment": _("Termin verschieben oder absagen"),
    "waiting_times": _("Wartezeiten ansehen"),
    "sign_in": _("Anmelden"),
    "contact": _("Kontakt"),
    "upload_documents": _("Unterlagen hochladen"),
    "application_status": _("Bearbeitungsstand ansehen"),
    "job_search": _("Stellen suchen"),
    "messages": _("Nachricht an die Beratung"),
    "video_consultation": _("Videoberatung"),
}
SOURCE_ROWS_EXTRA = 2


def language_names() -> dict[str, str]:
    names = dict(settings.LANGUAGES)
    return {code: str(names.get(code, code)) for code in LANGUAGES}


class ServiceErrors:
    """Shows the service's ``ValidationError`` on the fields it names (others at the top)."""

    def add_service_error(self, error: ValidationError) -> None:
        form: forms.Form = self  # type: ignore[assignment]
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            form.add_error(key if key in form.fields else None, messages)


class VersionForm(ServiceErrors, forms.Form):
    """Title, answer and example questions per language, actions, review date and change note."""

    actions = forms.MultipleChoiceField(
        label=_("Aktionen unter der Antwort"),
        required=False,
        choices=[(key, ACTION_LABELS.get(key, key)) for key in ACTIONS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Schaltflächen, die der Assistent unter der Antwort anbietet."),
    )
    reviewed_on = forms.DateField(
        label=_("Fachlich geprüft am"),
        widget=DateInput(format="%Y-%m-%d"),
        help_text=_("Das Datum, an dem der Inhalt zuletzt gegen die Rechtslage geprüft wurde."),
        error_messages={
            "required": _("Bitte geben Sie an, wann der Inhalt fachlich geprüft wurde."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an, zum Beispiel 31.01.2026."),
        },
    )
    change_note = forms.CharField(
        label=_("Was haben Sie geändert?"),
        max_length=300,
        help_text=_("Erscheint in der Versionsgeschichte, zum Beispiel „Telefonzeiten ergänzt“."),
        error_messages={"required": _("Bitte beschreiben Sie kurz, was Sie geändert haben.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in language_names().items():
            attrs = {"lang": code, "dir": "auto"}
            german = code == "de"  # German is required; the assistant falls back to it
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Titel – %(language)s") % {"language": name},
                required=german,
                error_messages={"required": _("Bitte geben Sie den Titel auf Deutsch an.")},
                max_length=200,
                widget=forms.TextInput(attrs=attrs),
            )
            self.fields[f"answer_{code}"] = forms.CharField(
                label=_("Antwort – %(language)s") % {"language": name},
                required=german,
                error_messages={"required": _("Bitte geben Sie die Antwort auf Deutsch an.")},
                widget=forms.Textarea(attrs={**attrs, "rows": 7, "data-kb-answer": code}),
                strip=True,
            )
            self.fields[f"examples_{code}"] = forms.CharField(
                label=_("Beispielfragen – %(language)s") % {"language": name},
                required=german,
                error_messages={"required": _("Bitte geben Sie Beispielfragen auf Deutsch an, eine je Zeile.")},
                help_text=_("Eine Frage je Zeile, so wie Menschen fragen: umgangssprachlich, mit Tippfehlern, kurz."),
                widget=forms.Textarea(attrs={**attrs, "rows": 8}),
            )

    @staticmethod
    def initial_for(version: TopicVersion) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "actions": list(version.actions),
            "reviewed_on": version.reviewed_on,
            "change_note": version.change_note,
        }
        for code in LANGUAGES:
            initial[f"title_{code}"] = version.title.get(code, "")
            initial[f"answer_{code}"] = version.answer.get(code, "")
            initial[f"examples_{code}"] = "\n".join(version.examples.get(code, []))
        return initial

    def language_sections(self) -> list[dict[str, Any]]:
        sections = []
        for code, name in language_names().items():
            fields = [self[f"title_{code}"], self[f"answer_{code}"], self[f"examples_{code}"]]
            sections.append({"code": code, "name": name, "fields": fields, "errors": any(f.errors for f in fields)})
        return sections

    def data_for_service(self, sources: list[dict[str, str]]) -> VersionData:
        cleaned = self.cleaned_data
        examples = {}
        for code in LANGUAGES:
            lines = [line.strip() for line in cleaned.get(f"examples_{code}", "").splitlines()]
            examples[code] = list(dict.fromkeys(line for line in lines if line))
        return VersionData(
            title={code: cleaned.get(f"title_{code}", "").strip() for code in LANGUAGES},
            answer={code: cleaned.get(f"answer_{code}", "").strip().replace("\r\n", "\n") for code in LANGUAGES},
            examples=examples,
            sources=sources,
            actions=list(cleaned.get("actions") or []),
            reviewed_on=cleaned.get("reviewed_on"),
            change_note=cleaned.get("change_note", ""),
        )


class SourceForm(forms.Form):
    title = forms.CharField(
        label=_("Titel der Quelle"), required=False, max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    reference = forms.CharField(
        label=_("Fundstelle"),
        required=False,
        max_length=200,
        help_text=_("zum Beispiel „§ 22 SGB II“"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    url = forms.CharField(
        label=_("Adresse (URL)"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"dir": "ltr", "inputmode": "url"}),
    )
    DELETE = forms.BooleanField(label=_("Diese Quelle entfernen"), required=False)

    def row(self) -> dict[str, str] | None:
        """The source as stored, or ``None`` for an empty or removed row."""
        data = self.cleaned_data
        if data.get("DELETE"):
            return None
        row = {key: (data.get(key) or "").strip() for key in ("title", "reference", "url")}
        if not any(row.values()):
            return None
        return {key: value for key, value in row.items() if value or key != "url"}


SourceFormSet = forms.formset_factory(SourceForm, extra=SOURCE_ROWS_EXTRA, max_num=30, absolute_max=40)


def source_initial(version: TopicVersion) -> list[dict[str, str]]:
    return [{key: source.get(key, "") for key in ("title", "reference", "url")} for source in version.sources]


class NewTopicForm(ServiceErrors, forms.Form):
    key = forms.CharField(
        label=_("Kennung"),
        max_length=60,
        help_text=_(
            "Kleinbuchstaben, Ziffern und Bindestriche, zum Beispiel „parken-am-standort“. "
            "Sie erscheint in der Schnittstelle und lässt sich später nicht ändern."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Bitte geben Sie eine Kennung an.")},
    )
    title = forms.CharField(
        label=_("Titel auf Deutsch"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel auf Deutsch an.")},
    )


class ReturnForm(ServiceErrors, forms.Form):
    note = forms.CharField(
        label=_("Was soll geändert werden?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Bitte schreiben Sie dazu, was geändert werden soll.")},
    )
