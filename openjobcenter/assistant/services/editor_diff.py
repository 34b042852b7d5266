"""Comparing two versions of a topic for the editor: line by line with the stdlib's difflib, each line
naming its language and part, changed words marked. The text stays plain: the template escapes it."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from openjobcenter.assistant.models import TopicVersion
from openjobcenter.assistant.services.matching import LANGUAGES


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", or "gap" between distant changes
    text: str
    # For a changed line paired with its counterpart: (text, changed) pieces, so the words that
    # changed can be marked. Empty when the whole line is new or gone.
    parts: tuple[tuple[str, bool], ...] = ()


_WORDS = re.compile(r"(\s+)")


def _word_parts(before: str, after: str) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    old, new = _WORDS.split(before), _WORDS.split(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    old_parts: list[tuple[str, bool]] = []
    new_parts: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            old_parts.append(("".join(old[i1:i2]), tag != "equal"))
        if j2 > j1:
            new_parts.append(("".join(new[j1:j2]), tag != "equal"))
    return tuple(old_parts), tuple(new_parts)


def as_lines(version: TopicVersion) -> list[str]:
    """A version as plain lines in a stable order, each naming its part, for the comparison."""
    lines: list[str] = []
    for language in LANGUAGES:
        lines.append(
            _("%(language)s · Titel: %(text)s") % {"language": language, "text": version.title.get(language, "")}
        )
        lines.extend(
            _("%(language)s · Antwort: %(text)s") % {"language": language, "text": line}
            for line in version.answer.get(language, "").splitlines()
        )
        lines.extend(
            _("%(language)s · Beispiel: %(text)s") % {"language": language, "text": question}
            for question in version.examples.get(language, [])
        )
    lines.extend(
        _("Quelle: %(text)s")
        % {"text": " · ".join(part for part in (s.get("title"), s.get("reference"), s.get("url")) if part)}
        for s in version.sources
    )
    lines.extend(_("Aktion: %(text)s") % {"text": action} for action in version.actions)
    reviewed = version.reviewed_on.isoformat() if version.reviewed_on else "–"
    lines.append(_("Fachlich geprüft am: %(text)s") % {"text": reviewed})
    return lines


def diff(old: TopicVersion, new: TopicVersion, *, context: int = 2) -> list[DiffLine]:
    """What changed from ``old`` to ``new``, line by line (stdlib difflib). The text stays plain: the
    template escapes it."""
    before, after = as_lines(old), as_lines(new)
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if result:
            result.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                result.extend(DiffLine("same", line) for line in before[i1:i2])
                continue
            removed, added = before[i1:i2], after[j1:j2]
            old_parts: list[tuple[tuple[str, bool], ...]] = [()] * len(removed)
            new_parts: list[tuple[tuple[str, bool], ...]] = [()] * len(added)
            for k in range(min(len(removed), len(added))):  # similar lines side by side: mark changed words
                if difflib.SequenceMatcher(a=removed[k], b=added[k], autojunk=False).quick_ratio() >= 0.5:
                    old_parts[k], new_parts[k] = _word_parts(removed[k], added[k])
            result.extend(DiffLine("removed", line, parts) for line, parts in zip(removed, old_parts, strict=True))
            result.extend(DiffLine("added", line, parts) for line, parts in zip(added, new_parts, strict=True))
    return result
