"""The citizen's copy of their data (Art. 15 and 20 DSGVO): one ZIP with ``daten.json`` and their documents.

The case file writes the base part: profile, household membership, the metadata of the person's
documents (their own and the household's, not other members' personal ones), appointments, correction
requests and the access log. Any other app adds its part by shipping ``<app>/services/export.py``::

    def export(user: User) -> dict[str, Any]            # JSON-serialisable, the person's data only
    def files(user: User) -> Iterable[tuple[str, bytes]] # optional: (name inside its folder, bytes)

which land under ``apps.<app label>`` in the JSON and ``<app label>/`` in the archive.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone, translation

from openjobcenter.appointments.models import Booking
from openjobcenter.audit.services import access_log_for, log_change
from openjobcenter.casefile.models import CorrectionRequest, Document, Membership
from openjobcenter.casefile.services.documents import read_document
from openjobcenter.casefile.services.uploads import UploadRefused, sanitise_name

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

FORMAT_VERSION = 1
MAX_ACCESS_ENTRIES = 5000


def _providers() -> list[tuple[str, Callable[..., dict[str, Any]], Callable[..., Iterable[tuple[str, bytes]]] | None]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("openjobcenter.") or config.label == "casefile":
            continue
        module_name = f"{config.name}.services.export"
        try:
            spec = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:
            continue
        if spec is None:
            continue
        module = importlib.import_module(module_name)
        export = getattr(module, "export", None)
        if callable(export):
            files = getattr(module, "files", None)
            found.append((config.label, export, files if callable(files) else None))
    return found


def person_documents(user: User, jobcenter: Jobcenter) -> list[Document]:
    """The person's own documents and the household's shared ones (no person), never another member's."""
    membership = Membership.objects.filter(person=user, case__jobcenter=jobcenter).select_related("case").first()
    if membership is None:
        return []
    return list(
        Document.objects.for_tenant(jobcenter)
        .filter(case=membership.case)
        .filter(Q(person=user) | Q(person__isnull=True))
        .order_by("created_at", "pk")
    )


def export_data(user: User, jobcenter: Jobcenter) -> dict[str, Any]:
    """Everything the JSON file holds, in German labels where a person reads them."""
    with translation.override("de"):
        membership = Membership.objects.filter(person=user, case__jobcenter=jobcenter).select_related("case").first()
        data: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now(),
            "jobcenter": jobcenter.name,
            "profile": {
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "language": user.language,
                "date_joined": getattr(user, "date_joined", None),
            },
            "case": _case_part(membership),
            "documents": [_document_part(d) for d in person_documents(user, jobcenter)],
            "notes_visible_to_you": [],  # staff notes are internal; none are shown to citizens
            "correction_requests": [_correction_part(c) for c in _corrections(user, jobcenter)],
            "appointments": [_booking_part(b) for b in _bookings(user, jobcenter)],
            "access_log": [
                _access_part(e) for e in access_log_for(jobcenter=jobcenter, citizen=user)[:MAX_ACCESS_ENTRIES]
            ],
            "apps": {},
        }
        for label, export, _files in _providers():
            data["apps"][label] = export(user)
    return data


def _case_part(membership: Membership | None) -> dict[str, Any] | None:
    if membership is None:
        return None
    return {
        "customer_number": membership.case.customer_number,
        "your_role": membership.get_role_display(),
        "team": str(membership.case.team) if membership.case.team else None,
    }


def _document_part(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "title": document.title,
        "category": document.get_category_display(),
        "file_name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "version": document.version,
        "previous_version": document.previous_id,
        "source": document.get_source_display(),
        "uploaded_at": document.created_at,
        "delete_after": document.delete_after,
        "file_in_archive": _archive_name(document),
    }


def _corrections(user: User, jobcenter: Jobcenter) -> list[CorrectionRequest]:
    return list(CorrectionRequest.objects.for_tenant(jobcenter).filter(person=user).order_by("created_at"))


def _correction_part(request: CorrectionRequest) -> dict[str, Any]:
    return {
        "created_at": request.created_at,
        "document": request.document_id,
        "text": request.text,
        "status": request.get_status_display(),
        "answer": request.answer,
        "answered_at": request.resolved_at,
    }


def _bookings(user: User, jobcenter: Jobcenter) -> list[Booking]:
    return list(Booking.objects.for_tenant(jobcenter).filter(client=user).select_related("concern", "location"))


def _booking_part(booking: Booking) -> dict[str, Any]:
    return {
        "code": booking.display_code,
        "concern": booking.concern.display_name(),
        "channel": booking.get_channel_display(),
        "location": str(booking.location),
        "start": booking.start,
        "end": booking.end,
        "status": booking.get_status_display(),
        "name": booking.name,
        "email": booking.email,
        "phone": booking.phone,
        "booked_at": booking.created_at,
        "cancelled_at": booking.cancelled_at,
    }


def _access_part(entry: Any) -> dict[str, Any]:
    return {
        "at": entry.timestamp,
        "by": entry.actor_label,
        "roles": entry.actor_roles,
        "team": entry.actor_team,
        "what": entry.target_label,
        "purpose": translation.gettext(entry.purpose) if entry.purpose else "",
    }


def _safe_name(name: str) -> str:
    try:
        return sanitise_name(name)
    except UploadRefused:
        return "datei"


def _archive_name(document: Document) -> str:
    return f"dokumente/{document.pk}-{_safe_name(document.original_name)}"


def build_archive(user: User, jobcenter: Jobcenter, *, request: HttpRequest | None = None) -> IO[bytes]:
    """The ZIP as a temporary file (rewound). Audited as ``casefile.data_exported``."""
    data = export_data(user, jobcenter)
    documents = person_documents(user, jobcenter)
    out = tempfile.TemporaryFile()  # noqa: SIM115 – handed to the response, which closes it
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("daten.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for document in documents:
            archive.writestr(_archive_name(document), read_document(user, document))
        for label, _export, files in _providers():
            for name, content in files(user) if files else ():
                archive.writestr(f"{label}/{_safe_name(name)}", content)
    with transaction.atomic():
        log_change(
            actor=user,
            jobcenter=jobcenter,
            action="casefile.data_exported",
            subject=user,
            details={"documents": len(documents)},
            request=request,
        )
    out.seek(0)
    return out
