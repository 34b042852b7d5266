"""Staff notes in a case. Team notes are for the responsible team only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import Case, Note, NoteVisibility
from openjobcenter.casefile.services.access import Access, CaseAccessDenied, authorise_staff, staff_access

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

MAX_NOTE_LENGTH = 5000


def add_note(
    *,
    actor: User,
    case: Case,
    text: str,
    visibility: str = NoteVisibility.TEAM,
    reason: str | None = None,
    request: HttpRequest | None = None,
) -> Note:
    if not actor.has_perm("casefile.add_note"):
        raise CaseAccessDenied
    authorise_staff(actor, case, reason=reason)
    text = text.strip()
    if not text or len(text) > MAX_NOTE_LENGTH:
        raise ValueError("A note needs between 1 and 5000 characters.")
    if visibility not in NoteVisibility.values:
        raise ValueError(f"Unknown visibility {visibility!r}")
    with transaction.atomic():
        note = Note.objects.create_for_tenant(
            case.jobcenter, case=case, author=actor, author_team=actor.team, text=text, visibility=visibility
        )
        log_change(
            actor=actor,
            jobcenter=case.jobcenter,
            action="casefile.note_added",
            target=note,
            details={"case": case.customer_number, "visibility": visibility},
            request=request,
        )
    return note


def visible_notes(user: User, case: Case) -> QuerySet[Note]:
    """Notes ``user`` may read: all for the responsible team, the staff-wide ones for others with access."""
    notes = Note.objects.for_tenant(case.jobcenter).filter(case=case).select_related("author", "author_team")
    access = staff_access(user, case)
    if access == Access.TEAM:
        return notes
    if access == Access.REASON_NEEDED:
        return notes.filter(Q(visibility=NoteVisibility.STAFF) | Q(author=user))
    return notes.none()
