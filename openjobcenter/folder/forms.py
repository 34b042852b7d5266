"""Forms of the folder. Dates of CV entries are months ("2021-03", "03/2021" or "03.2021")."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.forms import checked, document_file_field
from openjobcenter.casefile.services.uploads import CleanFile
from openjobcenter.folder.models import DATED_SECTIONS, Certificate, CoverLetter, Folder, Level, Section
from openjobcenter.folder.services.sharing import EXPIRY_DAYS

MONTH_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"),
    re.compile(r"^(?P<month>\d{1,2})[./](?P<year>\d{4})$"),
)


class MonthInput(forms.TextInput):
    input_type = "month"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    widget = MonthInput
    default_error_messages = {
        "invalid": _("Bitte geben Sie Monat und Jahr an, zum Beispiel 03.2021."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        text = str(value or "").strip()
        if not text:
            return None
        for pattern in MONTH_PATTERNS:
            found = pattern.match(text)
            if found:
                year, month = int(found["year"]), int(found["month"])
                if 1 <= month <= 12 and 1900 <= year <= 2100:
                    return dt.date(year, month, 1)
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class PersonalForm(forms.ModelForm):
    class Meta:
        model = Folder
        fields = ["first_name", "last_name", "headline", "birth_date", "street", "postal_code", "city", "phone",
                  "email", "profile", "driving_licence", "interests"]  # fmt: skip
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "profile": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        help_texts = {
            "birth_date": _("Freiwillig. Arbeitgeber dürfen nicht nach Ihrem Alter auswählen."),
            "profile": _("Zwei bis drei Sätze: Wer sind Sie, was können Sie, was suchen Sie?"),
            "driving_licence": _("Zum Beispiel B oder B, BE, C1."),
            "interests": _("Freiwillig, zum Beispiel Ehrenamt oder Sport."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True

    def clean_birth_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("birth_date")
        today = timezone.localdate()
        if value and not (dt.date(1900, 1, 1) <= value <= today.replace(year=today.year - 14)):
            raise ValidationError(_("Bitte prüfen Sie Ihr Geburtsdatum."), code="implausible")
        return value


class EntryForm(forms.Form):
    """One CV entry; which fields appear depends on the section."""

    title = forms.CharField(max_length=150)
    organisation = forms.CharField(max_length=150, required=False)
    place = forms.CharField(label=_("Ort"), max_length=100, required=False)
    start = MonthField(label=_("von (Monat und Jahr)"), required=False)
    end = MonthField(
        label=_("bis (Monat und Jahr)"), required=False, help_text=_("Leer lassen, wenn es noch andauert.")
    )
    description = forms.CharField(max_length=1500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(label=_("Niveau"), choices=[("", "–"), *Level.choices], required=False)

    LABELS: dict[str, tuple[Any, Any, Any]] = {
        Section.WORK: (_("Tätigkeit oder Position"), _("Arbeitgeber"), _("Aufgaben und Erfolge")),
        Section.EDUCATION: (_("Abschluss oder Ausbildung"), _("Schule oder Betrieb"), _("Schwerpunkte, Note")),
        Section.TRAINING: (_("Kurs oder Qualifikation"), _("Anbieter"), _("Inhalte, Zertifikat")),
        Section.SKILL: (_("Kenntnis oder Fähigkeit"), "", _("Erläuterung, zum Beispiel Programme oder Maschinen")),
        Section.LANGUAGE: (_("Sprache"), "", ""),
    }

    def __init__(self, *args: Any, section: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = Section(section)
        title, organisation, description = self.LABELS[self.section]
        self.fields["title"].label = title
        if self.section in DATED_SECTIONS:
            self.fields["organisation"].label = organisation
            self.fields["start"].required = True
            del self.fields["level"]
        else:
            for name in ("organisation", "place", "start", "end"):
                del self.fields[name]
            if self.section == Section.LANGUAGE:
                del self.fields["description"]
                self.fields["level"].required = True
            else:
                del self.fields["level"]
        if "description" in self.fields:
            self.fields["description"].label = description
        self.fields["title"].error_messages["required"] = _("Bitte füllen Sie dieses Feld aus.")
        if "start" in self.fields:
            self.fields["start"].error_messages["required"] = _("Bitte geben Sie an, seit wann (Monat und Jahr).")
        if "level" in self.fields:
            self.fields["level"].error_messages["required"] = _("Bitte wählen Sie Ihr Sprachniveau.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        this_month = timezone.localdate().replace(day=1)
        if start and start > this_month and self.section == Section.WORK:
            self.add_error("start", _("Berufserfahrung kann nicht in der Zukunft beginnen."))
        if end and end > this_month:
            self.add_error("end", _("Das Ende liegt in der Zukunft. Lassen Sie das Feld leer, wenn es noch andauert."))
        if start and end and end < start:
            self.add_error("end", _("Das Ende liegt vor dem Beginn."))
        return data


class CertificateForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"), max_length=150, help_text=_("Zum Beispiel „Arbeitszeugnis Bäckerei Schmidt“.")
    )
    issued_on = forms.DateField(
        label=_("Ausgestellt am"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    file = document_file_field()

    def clean_issued_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("issued_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("Das Datum liegt in der Zukunft."), code="future")
        return value

    def clean_file(self) -> CleanFile:
        upload: UploadedFile = self.cleaned_data["file"]
        return checked(upload)


class LetterForm(forms.ModelForm):
    class Meta:
        model = CoverLetter
        fields = ["title", "company", "text"]
        labels = {"title": _("Betreff"), "company": _("Unternehmen (Empfänger)")}
        help_texts = {"title": _("Zum Beispiel „Bewerbung als Verkäuferin“.")}
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}


class ShareForm(forms.Form):
    recipient = forms.CharField(
        label=_("Für wen ist der Link?"), max_length=150, help_text=_("Zum Beispiel der Name des Unternehmens.")
    )
    include_cv = forms.BooleanField(label=_("Lebenslauf"), required=False, initial=True)
    certificates = forms.ModelMultipleChoiceField(
        label=_("Zeugnisse und Nachweise"), queryset=Certificate.all_tenants.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    cover_letter = forms.ModelChoiceField(
        label=_("Anschreiben"),
        queryset=CoverLetter.all_tenants.none(),
        required=False,
        empty_label=_("kein Anschreiben"),
    )
    days = forms.TypedChoiceField(
        label=_("Gültig für"), coerce=int, initial=14, widget=forms.RadioSelect, choices=[(d, str(d)) for d in EXPIRY_DAYS]
    )  # fmt: skip

    def __init__(self, *args: Any, folder: Folder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["certificates"].queryset = Certificate.objects.for_tenant(folder.jobcenter).filter(folder=folder)
        fields["cover_letter"].queryset = CoverLetter.objects.for_tenant(folder.jobcenter).filter(folder=folder)
        fields["days"].choices = [(days, gettext("%(days)d Tage") % {"days": days}) for days in EXPIRY_DAYS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("include_cv") or data.get("certificates") or data.get("cover_letter")):
            raise ValidationError(_("Bitte wählen Sie mindestens ein Dokument aus, das Sie teilen möchten."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Kommentar"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Ihre Antwort"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
