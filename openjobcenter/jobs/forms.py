"""Forms of the job exchange: company registration, vacancy, search, saved search, decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.core import geo
from openjobcenter.jobs.models import (
    CandidateProfile,
    Employer,
    FeedbackOutcome,
    FeedbackReason,
    LanguageLevel,
    SuggestionReaction,
    Vacancy,
    WorkingTime,
)
from openjobcenter.jobs.services.occupations import find_occupations, occupation_by_code
from openjobcenter.jobs.services.search import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, PUBLISHED_WITHIN_DAYS
from openjobcenter.jobs.services.vacancies import MAX_RUNTIME_DAYS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _postal_code(value: str) -> str:
    code = geo.normalise_postal_code(value)
    if not code:
        raise forms.ValidationError(_("Bitte geben Sie eine Postleitzahl mit fünf Ziffern an, z. B. 40210."))
    if geo.coordinates(code) is None:
        raise forms.ValidationError(_("Diese Postleitzahl ist uns nicht bekannt. Bitte prüfen Sie sie."))
    return code


class EmployerForm(forms.ModelForm[Employer]):
    class Meta:
        model = Employer
        fields = [
            "name",
            "street",
            "postal_code",
            "city",
            "contact_name",
            "contact_email",
            "contact_phone",
            "size",
            "website",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        help_texts = {"description": _("Was macht Ihr Unternehmen? Das sehen Bewerberinnen und Bewerber.")}

    def clean_postal_code(self) -> str:
        return _postal_code(self.cleaned_data["postal_code"])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("confirm", _("Bestätigen")), ("reject", _("Ablehnen"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Begründung"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bei einer Ablehnung erforderlich; das Unternehmen sieht sie."),
    )


class VacancyForm(forms.ModelForm[Vacancy]):
    """The occupation is found by title: ``occupation_query`` is the search text, ``occupation``
    the chosen KldB code (radio buttons filled by htmx as one types, or after "Berufe suchen")."""

    occupation_query = forms.CharField(
        label=_("Beruf suchen"),
        max_length=100,
        error_messages={"required": _("Bitte geben Sie eine Berufsbezeichnung ein und wählen Sie den Beruf aus.")},
        help_text=_("Geben Sie eine Berufsbezeichnung ein, z. B. Koch, Pflegefachkraft oder Lagerhelfer."),
    )
    occupation = forms.ChoiceField(label=_("Beruf"), required=False, widget=forms.RadioSelect, choices=[])

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "occupation_query",
            "occupation",
            "description",
            "postal_code",
            "working_time",
            "hours_per_week",
            "shifts",
            "remote_share",
            "fixed_term",
            "fixed_term_months",
            "start_date",
            "requirements",
            "skills",
            "pay_min",
            "pay_max",
            "pay_period",
            "inclusion_notes",
            "suitable_part_time_training",
            "suitable_single_parents",
            "expires_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
            "inclusion_notes": forms.Textarea(attrs={"rows": 3}),
            "working_time": forms.RadioSelect,
            "start_date": DATE_INPUT,
            "expires_on": DATE_INPUT,
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "skills": _("Durch Kommas getrennt, z. B. Staplerschein, Deutsch B1, Teamfähigkeit."),
            "remote_share": _("0 bis 100 Prozent der Arbeitszeit."),
            "inclusion_notes": _(
                "Zum Beispiel: barrierefreier Arbeitsplatz, Bewerbungen schwerbehinderter Menschen erwünscht."
            ),
            "expires_on": _("Bis zu diesem Tag ist die Anzeige sichtbar, höchstens 180 Tage."),
            "pay_min": _("Angaben zum Gehalt sind freiwillig, helfen aber bei der Entscheidung."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_time"].choices = WorkingTime.choices  # type: ignore[attr-defined]
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("expires_on", timezone.localdate() + dt.timedelta(days=60))
        if self.instance.pk and self.instance.occupation_id:
            self.initial.setdefault("occupation", self.instance.occupation_id)
            self.initial.setdefault("occupation_query", self.instance.occupation.short_title)
        query = (self.data.get("occupation_query") if self.is_bound else self.initial.get("occupation_query")) or ""
        chosen = (self.data.get("occupation") if self.is_bound else self.initial.get("occupation")) or ""
        self.fields["occupation"].choices = occupation_choices(str(query), str(chosen))  # type: ignore[attr-defined]

    def clean_postal_code(self) -> str:
        return _postal_code(self.cleaned_data["postal_code"])

    def clean_remote_share(self) -> int:
        value = self.cleaned_data["remote_share"]
        if not 0 <= value <= 100:
            raise forms.ValidationError(_("Bitte geben Sie einen Wert von 0 bis 100 an."))
        return int(value)

    def clean_expires_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("Das Ablaufdatum darf nicht in der Vergangenheit liegen."))
        if value > today + dt.timedelta(days=MAX_RUNTIME_DAYS):
            raise forms.ValidationError(_("Eine Anzeige läuft höchstens 180 Tage."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("occupation") or ""
        if not code:
            matches = find_occupations(data.get("occupation_query") or "", limit=2)
            exact = [m for m in matches if m.exact]
            if len(matches) == 1 or len(exact) == 1:
                code = (exact or matches)[0].code
        occupation = occupation_by_code(code) if code else None
        if occupation is None:
            self.add_error("occupation", _("Bitte suchen Sie den Beruf und wählen Sie ihn aus der Liste."))
        else:
            data["occupation"] = occupation
        pay_min, pay_max = data.get("pay_min"), data.get("pay_max")
        if pay_min is not None and pay_max is not None and pay_min > pay_max:
            self.add_error("pay_max", _("Der Höchstbetrag ist kleiner als der Mindestbetrag."))
        if (pay_min is not None or pay_max is not None) and not data.get("pay_period"):
            self.add_error("pay_period", _("Bitte geben Sie an, worauf sich das Gehalt bezieht."))
        if data.get("fixed_term") and not data.get("fixed_term_months"):
            self.add_error("fixed_term_months", _("Bitte geben Sie an, für wie viele Monate befristet ist."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values the service stores (without the search helper field)."""
        data = dict(self.cleaned_data)
        data.pop("occupation_query", None)
        return data


def occupation_choices(query: str, chosen: str) -> list[tuple[str, str]]:
    choices = [(m.code, m.display) for m in find_occupations(query, limit=8)] if query.strip() else []
    if chosen and chosen not in {code for code, _label in choices}:
        occupation = occupation_by_code(chosen)
        if occupation is not None:
            choices.insert(0, (occupation.code, f"{occupation.short_title} ({occupation.code})"))
    return choices


class SearchForm(forms.Form):
    """Only for rendering the search page's fields; parsing is ``services.search.parse``."""

    q = forms.CharField(label=_("Was?"), required=False, help_text=_("Beruf, Tätigkeit oder Stichwort"))
    plz = forms.CharField(
        label=_("Wo? (Postleitzahl)"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    # Selects whose values ``services.search.parse`` checks (one message per field, not two).
    radius_km = forms.CharField(
        label=_("Umkreis"),
        required=False,
        widget=forms.Select(
            choices=[(str(km), _("%(km)s km") % {"km": km}) for km in (5, 10, 25, 50, 100, MAX_RADIUS_KM)]
        ),
        initial=str(DEFAULT_RADIUS_KM),
    )
    working_time = forms.CharField(
        label=_("Arbeitszeit"),
        required=False,
        widget=forms.Select(choices=[("", _("alle")), *WorkingTime.choices]),
    )
    published_within_days = forms.CharField(
        label=_("Veröffentlicht"),
        required=False,
        widget=forms.Select(
            choices=[("", _("jederzeit"))]
            + [(str(days), _("in den letzten %(days)s Tagen") % {"days": days}) for days in PUBLISHED_WITHIN_DAYS]
        ),
    )
    sort = forms.CharField(
        label=_("Sortieren nach"),
        required=False,
        widget=forms.Select(
            choices=[
                ("", _("automatisch")),
                ("relevance", _("Relevanz")),
                ("distance", _("Entfernung")),
                ("date", _("Datum")),
            ]
        ),
    )
    occupation = forms.CharField(required=False, widget=forms.HiddenInput)


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name der Suche"), max_length=120)
    alerts = forms.BooleanField(label=_("Neue Stellen per E-Mail"), required=False, initial=True)


# --- Candidate profiles, contact requests, feedback, suggestions -------------------------------------


LANGUAGE_ROWS = 3


class ProfileForm(forms.ModelForm[CandidateProfile]):
    """The citizen's own profile. Wishes: the chosen occupations (checkboxes, uncheck to remove) and
    ``add_occupation``, a title that is looked up (the best match is added)."""

    occupations = forms.MultipleChoiceField(
        label=_("Ihre Wunschberufe"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    add_occupation = forms.CharField(
        label=_("Wunschberuf hinzufügen"),
        required=False,
        max_length=100,
        help_text=_("Zum Beispiel „Köchin“, „Lagerhelfer“ oder „Pflegefachkraft“."),
    )

    class Meta:
        model = CandidateProfile
        fields = [
            "headline", "skills", "experience_years", "experience", "postal_code", "mobility_radius_km",
            "accepts_full_time", "accepts_part_time", "accepts_mini_job", "max_hours_per_week", "accepts_shifts",
            "available_from", "childcare", "driving_licence", "has_car", "birth_year", "visible_to_employers",
        ]  # fmt: skip
        widgets = {
            "skills": forms.Textarea(attrs={"rows": 3}),
            "experience": forms.Textarea(attrs={"rows": 4}),
            "available_from": DATE_INPUT,
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "mobility_radius_km": forms.NumberInput(attrs={"min": 1, "max": 200}),
        }
        help_texts = {
            "skills": _("Durch Kommas getrennt, z. B. „Gabelstapler, Kasse, Englisch“."),
            "headline": _("Ohne Namen und Kontaktdaten, z. B. „Erfahrene Köchin sucht Teilzeitstelle“."),
            "birth_year": _("Freiwillig. Arbeitgeber sehen höchstens eine Altersgruppe, z. B. „35 bis 44 Jahre“."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes: list[str] = []
        if self.is_bound:
            codes = self.data.getlist("occupations") if hasattr(self.data, "getlist") else []
        elif self.instance.pk:
            codes = list(self.instance.desired_occupations.values_list("code", flat=True))
            self.initial["occupations"] = codes
        choices = []
        for code in codes:
            occupation = occupation_by_code(str(code))
            if occupation is not None:
                choices.append((occupation.code, f"{occupation.short_title} ({occupation.code})"))
        self.fields["occupations"].choices = choices  # type: ignore[attr-defined]
        existing = list(self.instance.languages or []) if self.instance.pk else []
        for index in range(LANGUAGE_ROWS):
            current = existing[index] if index < len(existing) else {}
            self.fields[f"language_{index}"] = forms.CharField(
                label=_("Sprache %(n)s") % {"n": index + 1}, required=False, max_length=40,
                initial=current.get("language", ""),
            )  # fmt: skip
            self.fields[f"level_{index}"] = forms.ChoiceField(
                label=_("Niveau %(n)s") % {"n": index + 1}, required=False,
                choices=[("", "–"), *LanguageLevel.choices], initial=current.get("level", ""),
            )  # fmt: skip

    def clean_postal_code(self) -> str:
        return _postal_code(self.cleaned_data["postal_code"])

    def clean_mobility_radius_km(self) -> int:
        radius = self.cleaned_data["mobility_radius_km"]
        if radius is None or not 1 <= radius <= MAX_RADIUS_KM:
            raise forms.ValidationError(
                _("Bitte wählen Sie einen Umkreis von %(min)s bis %(max)s km.") % {"min": 1, "max": MAX_RADIUS_KM}
            )
        return int(radius)

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not this_year - 80 <= year <= this_year - 14:
            raise forms.ValidationError(_("Bitte prüfen Sie das Geburtsjahr."))
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        occupations = [o for o in (occupation_by_code(c) for c in data.get("occupations") or []) if o is not None]
        added = (data.get("add_occupation") or "").strip()
        if added:
            found = find_occupations(added, limit=1)
            if not found:
                self.add_error(
                    "add_occupation", _("Diesen Beruf haben wir nicht gefunden. Versuchen Sie eine andere Bezeichnung.")
                )
            else:
                occupation = occupation_by_code(found[0].code)
                if occupation is not None and occupation not in occupations:
                    occupations.append(occupation)
        data["occupation_list"] = occupations
        if not any(data.get(f"accepts_{w}") for w in ("full_time", "part_time", "mini_job")):
            self.add_error("accepts_full_time", _("Bitte wählen Sie mindestens eine Arbeitszeit."))
        languages = []
        for index in range(LANGUAGE_ROWS):
            language = (data.get(f"language_{index}") or "").strip()
            level = data.get(f"level_{index}") or ""
            if language:
                languages.append({"language": language, "level": level})
            elif level:
                self.add_error(f"language_{index}", _("Bitte nennen Sie die Sprache zum Niveau."))
        data["languages"] = languages
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        fields = {name: data[name] for name in self.Meta.fields if name in data}
        fields["languages"] = data["languages"]
        return fields


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Stellen Sie kurz Ihr Unternehmen und die Stelle vor. Die Person entscheidet, ob sie Ihnen ihre Kontaktdaten freigibt."
        ),
    )


class FeedbackForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Ergebnis"), choices=FeedbackOutcome.choices, widget=forms.RadioSelect)
    reason = forms.ChoiceField(
        label=_("Grund"),
        required=False,
        help_text=_("Bei „nicht eingestellt“ erforderlich."),
        choices=[("", "–"), *FeedbackReason.choices],
    )
    reason_text = forms.CharField(
        label=_("Erläuterung (freiwillig)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == FeedbackOutcome.NOT_HIRED and not data.get("reason"):
            self.add_error("reason", _("Bitte geben Sie einen Grund an, wenn Sie die Person nicht einstellen."))
        return data


class SuggestionForm(forms.Form):
    vacancy = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Notiz für die Kundin oder den Kunden"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class ReactionForm(forms.Form):
    reaction = forms.ChoiceField(
        label=_("Ihre Rückmeldung"),
        choices=[
            (SuggestionReaction.INTERESTED, _("Interessiert")),
            (SuggestionReaction.NOT_SUITABLE, _("Passt nicht")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Anmerkung (freiwillig)"), required=False, max_length=1000)
