"""What changed from one version to the next: a list for the advisor, nothing stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from openjobcenter.cooperation.models import Step, Version


@dataclass
class Changes:
    fields: list[tuple[object, str, str]] = field(default_factory=list)  # (label, before, after)
    added: list[Step] = field(default_factory=list)
    removed: list[Step] = field(default_factory=list)
    changed: list[tuple[Step, Step]] = field(default_factory=list)  # (before, after)

    @property
    def empty(self) -> bool:
        return not (self.fields or self.added or self.removed or self.changed)


def _date(value: object) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"  # type: ignore[arg-type]


def compare(before: Version, after: Version) -> Changes:
    changes = Changes()
    for label, old, new in (
        (_("Ziele"), before.goals, after.goals),
        (_("Unterstützung durch das Jobcenter"), before.support, after.support),
        (_("Überprüfung spätestens am"), _date(before.review_date), _date(after.review_date)),
    ):
        if old != new:
            changes.fields.append((label, str(old), str(new)))
    old_steps = {s.key: s for s in before.steps.all()}
    new_steps = {s.key: s for s in after.steps.all()}
    changes.added = [s for key, s in new_steps.items() if key not in old_steps]
    changes.removed = [s for key, s in old_steps.items() if key not in new_steps]
    changes.changed = [
        (old_steps[key], s)
        for key, s in new_steps.items()
        if key in old_steps and _content(old_steps[key]) != _content(s)
    ]
    return changes


def _content(step: Step) -> tuple[object, ...]:
    return (step.text, step.owner, step.due_date, step.done)
