"""One timeline of a case: everything that happened, from every app that knows something about it.

Each app that has entries for a case ships ``<app>/services/timeline.py`` with a function::

    def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterable[Entry]

``viewer`` is the person looking (a member of staff allowed to see the case, or a member of the
household); ``for_citizen`` is true on the citizen's own pages, where staff-only items (internal
notes, access reasons of colleagues, drafts) must not appear. Each provider filters by what the
viewer may see; the collector only merges and sorts. Apps that are not installed contribute nothing.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case


@dataclass(frozen=True)
class Entry:
    """One event in a case's history."""

    at: dt.datetime  # aware
    kind: str  # e.g. "document", "note", "appointment", "message", "plan", "course", "decision", "access"
    title: str | Promise  # short and translated: "Nachricht von Ihrer Beraterin"
    text: str | Promise = ""  # one line of detail, never a document's or a message's content beyond a subject
    url: str = ""  # where the viewer can open it (already reversed for the viewer's side), or ""
    icon: str = ""  # a KERN icon name


Provider = Callable[..., Iterable[Entry]]

# The kinds the pages can filter by, in this order; unknown kinds from new apps are shown as "other".
KINDS: dict[str, Promise] = {
    "document": _("Dokumente"),
    "appointment": _("Termine"),
    "message": _("Nachrichten"),
    "plan": _("Kooperationsplan"),
    "application": _("Anträge"),
    "decision": _("Bescheide"),
    "course": _("Kurse und Maßnahmen"),
    "jobs": _("Stellen und Bewerbungen"),
    "correction": _("Berichtigungen"),
    "note": _("Notizen"),
    "access": _("Zugriffe mit Begründung"),
}


def providers() -> list[Provider]:
    """The ``entries`` functions of all installed apps that ship ``services/timeline.py``."""
    found: list[Provider] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.services.timeline"
        if not config.name.startswith("openjobcenter."):
            continue
        try:
            spec = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:
            continue
        if spec is None:
            continue
        module = importlib.import_module(module_name)
        entries = getattr(module, "entries", None)
        if callable(entries):
            found.append(entries)
    return found


def timeline(
    case: Case, *, viewer: User, for_citizen: bool, limit: int | None = None, kind: str | None = None
) -> list[Entry]:
    """All entries of the case for this viewer (optionally of one ``kind``), newest first.

    Nothing for a viewer who may not see the case at all (checked here once, and again by each provider).
    """
    if not may_view(case, viewer, for_citizen=for_citizen):
        return []
    collected: list[Entry] = []
    for provider in providers():
        collected.extend(provider(case, viewer=viewer, for_citizen=for_citizen))
    if kind:
        collected = [entry for entry in collected if entry.kind == kind]
    collected.sort(key=lambda entry: entry.at, reverse=True)
    return collected[:limit] if limit is not None else collected


def may_view(case: Case, viewer: User, *, for_citizen: bool) -> bool:
    """A household member on the citizen's pages; staff who may open the case (team, or with a reason)."""
    from openjobcenter.casefile.services.access import Access, is_member, staff_access

    if for_citizen:
        return viewer.belongs_to(case.jobcenter) and is_member(viewer, case)
    return staff_access(viewer, case) != Access.NONE


def kind_choices(*, for_citizen: bool) -> list[tuple[str, Promise]]:
    """The filter's options; notes and access reasons are staff-only."""
    hidden = {"note", "access"} if for_citizen else set()
    return [(key, label) for key, label in KINDS.items() if key not in hidden]


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterable[Entry]:
    """The case file's own entries (documents, deletions, notes, access reasons, corrections)."""
    from openjobcenter.casefile.services import history

    return history.entries(case, viewer=viewer, for_citizen=for_citizen)
