"""Forms of the case file pages. A file goes through the upload pipeline in ``clean_file``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.models import Category, NoteVisibility
from openjobcenter.casefile.services.access import REASON_MAX_LENGTH, REASON_MIN_LENGTH, ReasonRequired, clean_reason
from openjobcenter.casefile.services.uploads import (
    ACCEPT_ATTRIBUTE,
    MESSAGES,
    CleanFile,
    Reason,
    UploadRefused,
    check_upload,
)


class DocumentFileInput(forms.FileInput):
    """The file input; ``casefile-upload.js`` checks the size before sending (no 413 page for a big photo)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        limit = settings.UPLOAD_MAX_SIZE
        attrs = {
            **(attrs or {}),
            "data-max-bytes": str(limit),
            "data-too-large": str(MESSAGES[Reason.TOO_LARGE]) % {"limit": filesizeformat(limit)},
        }
        return super().get_context(name, value, attrs)


def document_file_field() -> forms.FileField:
    return forms.FileField(
        label=_("Datei"),
        help_text=_("PDF oder Foto (JPEG, PNG, HEIC). Sie können auch direkt mit dem Handy fotografieren."),
        widget=DocumentFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": _("Bitte wählen Sie eine Datei aus."), "empty": _("Die Datei ist leer.")},
    )


def checked(upload: UploadedFile) -> CleanFile:
    """Run the upload pipeline; a refusal becomes the field's error message."""
    try:
        return check_upload(upload)
    except UploadRefused as refusal:
        raise ValidationError(refusal.message, code=refusal.reason.value) from None


class UploadForm(forms.Form):
    category = forms.ChoiceField(label=_("Art des Dokuments"), choices=[("", "–"), *Category.choices])
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Zum Beispiel „Lohnabrechnung März“. Ohne Titel verwenden wir den Dateinamen."),
    )
    file = document_file_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].error_messages["required"] = _("Bitte wählen Sie aus, was für ein Dokument das ist.")

    def clean_file(self) -> CleanFile:
        return checked(self.cleaned_data["file"])


class StaffUploadForm(UploadForm):
    person = forms.TypedChoiceField(label=_("betrifft"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.TypedChoiceField)
        person.choices = [("", _("den ganzen Haushalt")), *members]


class VersionForm(forms.Form):
    file = document_file_field()

    def clean_file(self) -> CleanFile:
        return checked(self.cleaned_data["file"])


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Notiz"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(
        label=_("Sichtbar für"), choices=NoteVisibility.choices, initial=NoteVisibility.TEAM, widget=forms.RadioSelect
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund für den Zugriff"),
        min_length=REASON_MIN_LENGTH,
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "Zum Beispiel „Vertretung für Frau Schulz, Anruf der Kundin“. Der Grund wird gespeichert und der "
            "Kundin oder dem Kunden unter „Wer hat meine Daten gesehen?“ angezeigt."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self) -> str:
        try:
            return clean_reason(self.cleaned_data["reason"])
        except ReasonRequired:
            raise ValidationError(ReasonRequired.message) from None


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, Kundennummer oder Wort im Dokument"), max_length=100, required=False)


# --- Timeline, retention, legal holds, corrections --------------------------------------------


class TimelineFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art"), required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("alles")), *kinds]


class RetentionRuleForm(forms.Form):
    """One number of months per category."""

    def __init__(self, *args: Any, months: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Category.choices:
            self.fields[value] = forms.IntegerField(
                label=label, min_value=1, max_value=360, initial=months.get(value),
                help_text=_("Monate nach dem Hochladen"),
            )  # fmt: skip


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Löschsperre"),
        min_length=10,
        max_length=300,
        help_text=_("Zum Beispiel „Widerspruchsverfahren W-2026-114 läuft“. Mindestens 10 Zeichen."),
    )


class CaseHoldForm(HoldForm):
    number = forms.CharField(label=_("Kundennummer (BG-Nummer)"), max_length=20)
    field_order = ["number", "reason"]


class LiftHoldForm(forms.Form):
    reason = forms.CharField(label=_("Grund der Aufhebung"), min_length=10, max_length=300)


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Was ist falsch, und wie ist es richtig?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Bitte beschreiben Sie, was falsch ist.")},
    )
    document = forms.TypedChoiceField(label=_("Betrifft das Dokument"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, documents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("kein bestimmtes Dokument")), *documents]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Antwort an die Kundin / den Kunden"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
