"""Forms of the catalogue, enrolment, attendance and the provider's course maintenance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.forms import checked, document_file_field
from openjobcenter.casefile.services.uploads import CleanFile
from openjobcenter.core.forms_manage import DateInput, TimeInput
from openjobcenter.learning.models import Course, Format, Funding, Programme, Provider, Session, codes_field

ANY = ("", _("alle"))
MAX_NOTE = 300


def language_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class FilterForm(forms.Form):
    """The catalogue's search (GET): every field optional, bad values are simply ignored."""

    q = forms.CharField(label=_("Suchbegriff"), max_length=100, required=False,
                        help_text=_("Zum Beispiel „Deutsch“, „Pflege“ oder einen Ort."))  # fmt: skip
    format = forms.ChoiceField(label=_("Form"), required=False, choices=[ANY, *Format.choices])
    childcare = forms.BooleanField(label=_("Nur Kurse, die zu Kinderbetreuungszeiten passen"), required=False)
    language = forms.ChoiceField(label=_("Kurssprache"), required=False)
    funding = forms.ChoiceField(label=_("Förderung"), required=False, choices=[ANY, *Funding.choices])
    starts_from = forms.DateField(label=_("Beginn ab"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [ANY, *language_choices()]  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Nachricht an Ihre Beraterin oder Ihren Berater"), max_length=MAX_NOTE,
                           required=False, widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Grund"), max_length=MAX_NOTE, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class AssignForm(forms.Form):
    """The advisor gives a client of the team a place in a course."""

    person = forms.TypedChoiceField(label=_("Kundin / Kunde"), coerce=int)
    course = forms.TypedChoiceField(label=_("Kurs"), coerce=int)
    note = forms.CharField(label=_("Hinweis für die Kundin / den Kunden"), max_length=MAX_NOTE, required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        course_field = self.fields["course"]
        assert isinstance(person_field, forms.TypedChoiceField) and isinstance(course_field, forms.TypedChoiceField)
        person_field.choices = [("", "–"), *people]
        person_field.error_messages["required"] = _("Bitte wählen Sie die Person aus.")
        course_field.choices = [("", "–"), *[(c.pk, _course_label(c)) for c in courses]]
        course_field.error_messages["required"] = _("Bitte wählen Sie einen Kurs aus.")


def _course_label(course: Course) -> str:
    start = course.starts_on.strftime("%d.%m.%Y") if course.starts_on else "–"
    return f"{course.display_title()} ({course.provider.name}, {start}, {course.free_seats}/{course.seats})"


class AbsenceForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Termin"), coerce=int)
    reason = forms.CharField(label=_("Grund"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Bitte geben Sie einen Grund an.")})  # fmt: skip
    sick_note = document_file_field()

    def __init__(self, *args: Any, sessions: list[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(s.pk, _session_label(s)) for s in sessions]
        field.error_messages["required"] = _("Bitte wählen Sie den Termin aus.")
        self.fields["sick_note"].required = False
        self.fields["sick_note"].label = _("Krankmeldung oder anderer Nachweis")

    def clean_sick_note(self) -> CleanFile | None:
        upload = self.cleaned_data.get("sick_note")
        return checked(upload) if upload else None


def _session_label(session: Session) -> str:
    from django.utils import timezone
    from django.utils.formats import date_format

    start, end = timezone.localtime(session.start), timezone.localtime(session.end)
    return f"{date_format(start, 'SHORT_DATE_FORMAT')}, {start:%H:%M}–{end:%H:%M}"


class CourseForm(forms.Form):
    """A course as the provider (or catalogue staff) maintains it; texts in German, optionally English."""

    provider = forms.TypedChoiceField(label=_("Träger"), coerce=int)
    programme = forms.TypedChoiceField(label=_("Programm"), coerce=int, required=False, empty_value=None)
    title_de = forms.CharField(label=_("Titel (Deutsch)"), max_length=200)
    title_en = forms.CharField(label=_("Titel (Englisch)"), max_length=200, required=False)
    description_de = forms.CharField(label=_("Beschreibung (Deutsch)"), max_length=4000,
                                     widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip
    description_en = forms.CharField(label=_("Beschreibung (Englisch)"), max_length=4000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    requirements_de = forms.CharField(label=_("Voraussetzungen"), max_length=2000, required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    format = forms.ChoiceField(label=_("Form"), choices=Format.choices, widget=forms.RadioSelect)
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postal_code = forms.RegexField(label=_("Postleitzahl"), regex=r"^\d{5}$", required=False,
                                   error_messages={"invalid": _("Bitte geben Sie eine fünfstellige Postleitzahl ein.")})  # fmt: skip
    city = forms.CharField(label=_("Ort"), max_length=100, required=False)
    seats = forms.IntegerField(label=_("Plätze"), min_value=1, max_value=500)
    languages = forms.MultipleChoiceField(label=_("Kurssprachen"), widget=forms.CheckboxSelectMultiple,
                                          error_messages={"required": _("Bitte wählen Sie mindestens eine Sprache.")})  # fmt: skip
    funding = forms.MultipleChoiceField(label=_("Förderung"), choices=Funding.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)  # fmt: skip
    accessibility_de = forms.CharField(label=_("Barrierefreiheit"), max_length=1000, required=False,
                                       help_text=_("Zum Beispiel: Aufzug, barrierefreies WC, Unterlagen in großer Schrift."),
                                       widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    wheelchair_accessible = forms.BooleanField(label=_("rollstuhlgerecht"), required=False)
    is_published = forms.BooleanField(label=_("im Kursangebot veröffentlichen"), required=False, initial=True)

    def __init__(
        self, *args: Any, providers: QuerySet[Provider], programmes: QuerySet[Programme], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        provider_field, programme_field = self.fields["provider"], self.fields["programme"]
        assert isinstance(provider_field, forms.TypedChoiceField)
        assert isinstance(programme_field, forms.TypedChoiceField)
        provider_field.choices = [(p.pk, p.name) for p in providers]
        programme_field.choices = [("", "–"), *[(p.pk, p.display_name()) for p in programmes]]
        self.fields["languages"].choices = language_choices()  # type: ignore[attr-defined]
        self._providers = {p.pk: p for p in providers}
        self._programmes = {p.pk: p for p in programmes}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("format") == Format.IN_PERSON:
            for name in ("street", "postal_code", "city"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Bitte geben Sie den Ort des Kurses an."))
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned data as model fields."""
        d = self.cleaned_data

        def texts(name: str) -> dict[str, str]:
            return {lang: d[f"{name}_{lang}"].strip() for lang in ("de", "en") if d.get(f"{name}_{lang}", "").strip()}

        return {
            "provider": self._providers[d["provider"]],
            "programme": self._programmes.get(d["programme"]) if d.get("programme") else None,
            "title": texts("title"),
            "description": texts("description"),
            "requirements": texts("requirements"),
            "accessibility": texts("accessibility"),
            "format": d["format"],
            "street": d["street"] if d["format"] == Format.IN_PERSON else "",
            "postal_code": d["postal_code"] if d["format"] == Format.IN_PERSON else "",
            "city": d["city"] if d["format"] == Format.IN_PERSON else "",
            "seats": d["seats"],
            "languages": codes_field(d["languages"]),
            "funding": codes_field(d["funding"]),
            "wheelchair_accessible": d["wheelchair_accessible"],
            "is_published": d["is_published"],
        }

    @staticmethod
    def initial_for(course: Course) -> dict[str, Any]:
        return {
            "provider": course.provider_id,
            "programme": course.programme_id,
            **{
                f"{n}_{lang}": getattr(course, n).get(lang, "")
                for n in ("title", "description")
                for lang in ("de", "en")
            },
            "requirements_de": course.requirements.get("de", ""),
            "accessibility_de": course.accessibility.get("de", ""),
            "format": course.format,
            "street": course.street,
            "postal_code": course.postal_code,
            "city": course.city,
            "seats": course.seats,
            "languages": course.language_codes,
            "funding": course.funding_codes,
            "wheelchair_accessible": course.wheelchair_accessible,
            "is_published": course.is_published,
        }


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    starts = forms.TimeField(label=_("von"), widget=TimeInput())
    ends = forms.TimeField(label=_("bis"), widget=TimeInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("Das Ende muss nach dem Beginn liegen."))
        return data

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        from django.utils import timezone

        d = self.cleaned_data
        zone = timezone.get_default_timezone()
        return (
            dt.datetime.combine(d["day"], d["starts"], tzinfo=zone),
            dt.datetime.combine(d["day"], d["ends"], tzinfo=zone),
        )


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("Name des Trägers"), max_length=200)
    email = forms.EmailField(label=_("E-Mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=50, required=False)


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse des Kontos beim Träger"))

    def clean_email(self) -> str:
        value: str = self.cleaned_data["email"]
        if not value.strip():
            raise ValidationError(_("Bitte geben Sie eine E-Mail-Adresse ein."))
        return value.strip().lower()


class ChildcareForm(forms.Form):
    childcare_starts = forms.TimeField(label=_("Kinderbetreuung von"), widget=TimeInput())
    childcare_ends = forms.TimeField(label=_("Kinderbetreuung bis"), widget=TimeInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("childcare_starts")
            and data.get("childcare_ends")
            and data["childcare_ends"] <= data["childcare_starts"]
        ):
            self.add_error("childcare_ends", _("Das Ende muss nach dem Beginn liegen."))
        return data
