"""The steps of the first application and how each is built from what the person typed.

``data[step]`` holds ``{"raw": {field: value}, "clean": {...} | None}``: ``raw`` is exactly what
was typed (nothing lost, also when invalid), ``clean`` the validated answers (JSON types) once the
step validates. Steps with one form per person use the prefix ``p<index>``; household members
``m<index>``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openjobcenter.applications import forms as step_forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    annex: str  # the federal form this step stands for
    intro: str | Promise = ""


STEPS: tuple[Step, ...] = (
    Step("applicant", _("Ihre Angaben"), "HA", _("Angaben zur antragstellenden Person (Hauptantrag).")),
    Step("household", _("Haushalt"), "WEP/KI",
         _("Wer lebt mit Ihnen zusammen? Partnerin oder Partner, Kinder und weitere Personen.")),
    Step("housing", _("Wohnung"), "KDU", _("Größe der Wohnung und was sie im Monat kostet.")),
    Step("income", _("Einkommen"), "EK", _("Einkommen jeder Person im Haushalt.")),
    Step("assets", _("Vermögen"), "VM", _("Geld, Fahrzeuge und Wertgegenstände des Haushalts.")),
    Step("health", _("Krankenversicherung"), "SV", _("Wie ist jede Person krankenversichert?")),
    Step("bank", _("Bankverbindung"), "HA", _("Auf dieses Konto zahlen wir das Bürgergeld.")),
    Step("previous", _("Frühere Leistungen"), "HA", _("Haben Sie vorher schon Leistungen bekommen?")),
)  # fmt: skip
SLUGS = tuple(step.slug for step in STEPS)
BY_SLUG = {step.slug: step for step in STEPS}
SINGLE_FORMS: dict[str, type[forms.Form]] = {
    "applicant": step_forms.ApplicantForm,
    "housing": step_forms.HousingForm,
    "assets": step_forms.AssetsForm,
    "bank": step_forms.BankForm,
    "previous": step_forms.PreviousForm,
}
PER_PERSON_FORMS: dict[str, type[forms.Form]] = {"income": step_forms.IncomeForm, "health": step_forms.HealthForm}
MAX_MEMBERS = 12


@dataclass(frozen=True)
class Person:
    index: int
    name: str
    birth_date: dt.date | None
    relationship: str  # "applicant" or a member's relationship

    @property
    def age(self) -> int | None:
        if self.birth_date is None:
            return None
        today = timezone.localdate()
        return (
            today.year
            - self.birth_date.year
            - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
        )

    @property
    def annex(self) -> str:
        if self.relationship == "applicant":
            return "HA"
        return "KI" if self.age is not None and self.age < 15 else "WEP"


@dataclass
class Page:
    """The forms of one step, each with an optional heading (the person it is about)."""

    step: Step
    forms: list[tuple[str, forms.Form]] = field(default_factory=list)

    def is_valid(self) -> bool:
        return all(form.is_valid() for _heading, form in self.forms)

    def quiet(self) -> Page:
        """Show what was typed without error messages (on a page that was only opened)."""
        for _heading, form in self.forms:
            form._errors = ErrorDict()  # type: ignore[attr-defined]
        return self


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def raw_of(data: dict[str, Any], slug: str) -> dict[str, str]:
    return dict((data.get(slug) or {}).get("raw") or {})


def clean_of(data: dict[str, Any], slug: str) -> Any:
    return (data.get(slug) or {}).get("clean")


def member_count(raw: dict[str, str]) -> int:
    try:
        return max(0, min(int(raw.get("member_count", "0")), MAX_MEMBERS))
    except ValueError:
        return 0


def persons(data: dict[str, Any]) -> list[Person]:
    """The applicant and the household members, from the validated answers (else from what was typed)."""
    applicant = clean_of(data, "applicant") or {}
    raw = raw_of(data, "applicant")
    name = " ".join(filter(None, [applicant.get("first_name") or raw.get("first_name", ""),
                                  applicant.get("last_name") or raw.get("last_name", "")]))  # fmt: skip
    people = [Person(0, name or str(_("Sie selbst")), _date(applicant.get("birth_date")), "applicant")]
    for index, member in enumerate(clean_of(data, "household") or [], start=1):
        full = f"{member['first_name']} {member['last_name']}"
        people.append(Person(index, full, _date(member.get("birth_date")), member["relationship"]))
    return people


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def build(step: Step, data: dict[str, Any], raw: dict[str, str] | None) -> Page:
    """The step's forms, bound to ``raw`` (what was sent or saved) or unbound when nothing is there."""
    bound = raw if raw else None
    page = Page(step)
    if step.slug in SINGLE_FORMS:
        page.forms.append(("", SINGLE_FORMS[step.slug](bound)))
    elif step.slug in PER_PERSON_FORMS:
        form_class = PER_PERSON_FORMS[step.slug]
        for person in persons(data):
            page.forms.append((person.name, form_class(bound, prefix=f"p{person.index}")))
    elif step.slug == "household":
        count = member_count(raw or {})
        for index in range(count + 1):  # one empty row to add a person
            form = step_forms.MemberForm(bound, prefix=f"m{index}")
            form.empty_permitted = True
            form.use_required_attribute = False
            page.forms.append((str(_("Person %(number)d") % {"number": index + 2}), form))
    return page


def cleaned(page: Page) -> Any:
    """The validated answers of a valid page, as JSON types."""
    if page.step.slug == "household":
        members = []
        for _heading, form in page.forms:
            if not form.has_changed() or form.cleaned_data.get("remove"):
                continue
            members.append({k: jsonable(v) for k, v in form.cleaned_data.items() if k != "remove"})
        return members
    if page.step.slug in PER_PERSON_FORMS:
        return {form.prefix: {k: jsonable(v) for k, v in form.cleaned_data.items()} for _h, form in page.forms}
    return {k: jsonable(v) for k, v in page.forms[0][1].cleaned_data.items()}


def household_problems(members: list[dict[str, Any]]) -> list[str]:
    partners = sum(1 for member in members if member["relationship"] == "partner")
    if partners > 1:
        return [str(_("Es kann nur eine Partnerin oder einen Partner im Haushalt geben."))]
    return []


def compact_household(raw: dict[str, str]) -> dict[str, str]:
    """Rows renumbered without empty or removed ones, so the page shows them plus one empty row."""
    rows: list[dict[str, str]] = []
    for index in range(member_count(raw) + 1):
        prefix = f"m{index}-"
        row = {key[len(prefix) :]: value for key, value in raw.items() if key.startswith(prefix)}
        keys = ("first_name", "last_name", "birth_date", "relationship")
        if row.get("remove") or not any((row.get(key) or "").strip() for key in keys):
            continue
        rows.append(row)
    out = {f"m{index}-{key}": value for index, row in enumerate(rows) for key, value in row.items()}
    out["member_count"] = str(len(rows))
    return out


def incomplete_steps(data: dict[str, Any]) -> list[Step]:
    """Steps whose answers do not validate (with the current household): these block submission."""
    missing = []
    for step in STEPS:
        raw = raw_of(data, step.slug)
        page = build(step, data, raw)
        if not raw or not page.is_valid() or (step.slug == "household" and household_problems(cleaned(page))):
            missing.append(step)
    return missing


def next_slug(slug: str) -> str | None:
    index = SLUGS.index(slug)
    return SLUGS[index + 1] if index + 1 < len(SLUGS) else None


def previous_slug(slug: str) -> str | None:
    index = SLUGS.index(slug)
    return SLUGS[index - 1] if index > 0 else None
