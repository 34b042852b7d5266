"""Everything entered, as labelled rows: for the review page, the receipt and the staff page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from openjobcenter.applications import forms as step_forms
from openjobcenter.applications.fields import EuroField, GermanDateField
from openjobcenter.applications.steps import PER_PERSON_FORMS, SINGLE_FORMS, STEPS, Step, clean_of, persons


@dataclass
class Block:
    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Section:
    step: Step
    blocks: list[Block] = field(default_factory=list)


def display(field_: forms.Field, value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(field_, forms.ChoiceField):
        return str(dict(field_.choices).get(value, value))  # type: ignore[arg-type]
    if isinstance(field_, forms.BooleanField):
        return _("ja") if value else _("nein")
    if isinstance(field_, GermanDateField):
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    if isinstance(field_, EuroField):
        try:
            return f"{number_format(Decimal(value), 2, force_grouping=True)} €"
        except InvalidOperation:
            return str(value)
    if isinstance(field_, forms.DecimalField):
        return str(number_format(Decimal(value)))
    return str(value)


def _rows(form_class: type[forms.Form], values: dict[str, Any]) -> list[tuple[str, str]]:
    form = form_class()
    rows = []
    for name, field_ in form.fields.items():
        shown = display(field_, values.get(name))
        if shown and name != "remove":
            rows.append((str(field_.label), shown))
    return rows


def summarise(data: dict[str, Any]) -> list[Section]:
    sections = []
    people = persons(data)
    for step in STEPS:
        section = Section(step)
        clean = clean_of(data, step.slug)
        if step.slug in SINGLE_FORMS and clean:
            section.blocks.append(Block("", _rows(SINGLE_FORMS[step.slug], clean)))
        elif step.slug in PER_PERSON_FORMS and clean:
            for person in people:
                values = clean.get(f"p{person.index}")
                if values:
                    section.blocks.append(Block(person.name, _rows(PER_PERSON_FORMS[step.slug], values)))
        elif step.slug == "household" and clean is not None:
            if not clean:
                section.blocks.append(Block("", [(_("Weitere Personen"), _("keine"))]))
            for person, member in zip(people[1:], clean, strict=False):
                block = Block(f"{person.name} ({_('Anlage %(annex)s') % {'annex': person.annex}})")
                block.rows = _rows(step_forms.MemberForm, member)
                section.blocks.append(block)
        sections.append(section)
    return sections
