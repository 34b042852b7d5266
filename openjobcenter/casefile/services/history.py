"""The case file's own timeline entries: documents, deletions, notes, access with a reason, corrections.

Only metadata: a document's title and category, never its content; a note's first words only for
staff who may read the note; access reasons only on staff pages (``for_citizen`` hides them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from openjobcenter.audit.models import AuditEntry, Kind
from openjobcenter.casefile.models import Case, CorrectionRequest, CorrectionStatus, DeletionLog, Document, Source
from openjobcenter.casefile.services.notes import visible_notes
from openjobcenter.casefile.services.timeline import Entry, may_view

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

# Bounds per kind: the page shows the newest entries, and old cases must not load thousands of rows.
LIMIT = 300
SITTING = dt.timedelta(minutes=30)


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterator[Entry]:
    if not may_view(case, viewer, for_citizen=for_citizen):
        return
    yield from _documents(case, for_citizen=for_citizen)
    yield from _deletions(case)
    yield from _corrections(case, for_citizen=for_citizen)
    if not for_citizen:
        yield from _notes(case, viewer)
        yield from _access_with_reason(case)


def _document_url(case: Case, document: Document, *, for_citizen: bool) -> str:
    slug = case.jobcenter.slug
    if for_citizen:
        return reverse("casefile:my_download", kwargs={"jobcenter": slug, "pk": document.pk})
    return reverse("casefile:download", kwargs={"jobcenter": slug, "pk": case.pk, "doc": document.pk})


def _documents(case: Case, *, for_citizen: bool) -> Iterator[Entry]:
    documents = (
        Document.objects.for_tenant(case.jobcenter)
        .filter(case=case)
        .select_related("uploaded_by")
        .order_by("-created_at")
    )
    for document in documents[:LIMIT]:
        if document.version > 1:
            title = _("Neue Version eines Dokuments: „%(title)s“ (Version %(version)d)") % {
                "title": document.title,
                "version": document.version,
            }
        elif document.source == Source.CITIZEN:
            title = _("Dokument eingereicht: „%(title)s“") % {"title": document.title}
        else:
            title = _("Dokument vom Jobcenter aufgenommen: „%(title)s“") % {"title": document.title}
        yield Entry(
            at=document.created_at,
            kind="document",
            title=title,
            text=document.get_category_display(),
            url=_document_url(case, document, for_citizen=for_citizen),
            icon="draft",
        )


def _deletions(case: Case) -> Iterator[Entry]:
    for entry in DeletionLog.objects.for_tenant(case.jobcenter).filter(case=case)[:LIMIT]:
        yield Entry(
            at=entry.deleted_at,
            kind="document",
            title=_("Dokument gelöscht: %(category)s") % {"category": entry.get_category_display()},
            text=entry.get_cause_display(),
            icon="delete",
        )


def _corrections(case: Case, *, for_citizen: bool) -> Iterator[Entry]:
    slug = case.jobcenter.slug
    for request in CorrectionRequest.objects.for_tenant(case.jobcenter).filter(case=case)[:LIMIT]:
        url = (
            reverse("casefile:my_correction_detail", kwargs={"jobcenter": slug, "pk": request.pk})
            if for_citizen
            else reverse("casefile:case", kwargs={"jobcenter": slug, "pk": case.pk}) + "#berichtigung"
        )
        yield Entry(
            at=request.created_at,
            kind="correction",
            title=_("Berichtigung beantragt"),
            text=Truncator(request.text).words(12),
            url=url,
            icon="edit",
        )
        if request.status == CorrectionStatus.RESOLVED and request.resolved_at is not None:
            yield Entry(
                at=request.resolved_at,
                kind="correction",
                title=_("Antrag auf Berichtigung beantwortet"),
                text=Truncator(request.answer).words(12),
                url=url,
                icon="check",
            )


def _notes(case: Case, viewer: User) -> Iterator[Entry]:
    for note in visible_notes(viewer, case)[:LIMIT]:
        yield Entry(
            at=note.created_at,
            kind="note",
            title=_("Notiz von %(author)s") % {"author": note.author or _("Unbekannt")},
            text=Truncator(note.text).words(12),
            icon="edit",
        )


def _access_with_reason(case: Case) -> Iterator[Entry]:
    """Reads without responsibility ("break the glass"), once per read (the audit has one row per member)."""
    first = case.memberships.order_by("pk").values_list("person_id", flat=True).first()
    if first is None:
        return
    reads = (
        AuditEntry.objects.for_tenant(case.jobcenter)
        .filter(kind=Kind.READ, subject_ref=first, details__break_glass=True, details__case=case.customer_number)
        .order_by("-pk")[:LIMIT]  # newest first (ids follow the chain; unsealed entries have no sequence yet)
    )
    last: tuple[object, str, object] | None = None
    for read in reads:
        reason = str(read.details.get("reason", ""))
        # One entry per sitting: reads by the same person with the same reason within 30 minutes.
        if last is not None and last[:2] == (read.actor_ref, reason) and last[2] - read.timestamp < SITTING:  # type: ignore[operator]
            continue
        last = (read.actor_ref, reason, read.timestamp)
        yield Entry(
            at=read.timestamp,
            kind="access",
            title=_("Zugriff ohne Zuständigkeit: %(name)s") % {"name": read.actor_label},
            text=reason,
            icon="visibility",
        )
