"""Finding an occupation (KldB 2010, level 5) by an everyday title (ESCO labels and KldB titles)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Length

from openjobcenter.jobs.models import Occupation, OccupationLabel
from openjobcenter.jobs.reference import normalise

MAX_QUERY = 100


@dataclass(frozen=True)
class Match:
    code: str
    label: str
    occupation_title: str
    exact: bool

    @property
    def display(self) -> str:
        if self.label == self.occupation_title:
            return f"{self.label} ({self.code})"
        return f"{self.label} – {self.occupation_title} ({self.code})"


def occupation_by_code(code: str) -> Occupation | None:
    code = code.strip()
    if not (code.isascii() and code.isdigit() and len(code) == 5):
        return None
    return Occupation.objects.filter(code=code, level=5).first()


def find_occupations(query: str, *, limit: int = 8) -> list[Match]:
    """Occupations whose titles contain ``query``; titles that start with it first, then shorter ones.
    One entry per occupation (its best-matching title)."""
    text = normalise(query)[:MAX_QUERY]
    if len(text) < 2:
        return []
    if text.isdigit():
        occupation = occupation_by_code(text)
        return [Match(occupation.code, occupation.short_title, occupation.short_title, True)] if occupation else []
    labels = (
        OccupationLabel.objects.filter(normalised__contains=text)
        .annotate(
            starts=Case(
                When(normalised__startswith=text, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            length=Length("normalised"),
        )
        .select_related("occupation")
        .order_by("starts", "length", "label")[: limit * 6]
    )
    matches: list[Match] = []
    seen: set[str] = set()
    for label in labels:
        if label.occupation_id in seen:
            continue
        seen.add(label.occupation_id)
        matches.append(Match(label.occupation_id, label.label, label.occupation.short_title, label.normalised == text))
        if len(matches) == limit:
            break
    return matches
