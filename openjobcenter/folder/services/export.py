"""The folder in the citizen's data export (Art. 15 and 20 DSGVO): the CV, letters, share links with
their access logs, consent history and comments as JSON; the certificates and the CV PDF as files."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from openjobcenter.folder.models import Certificate, Comment, ConsentChange, CoverLetter, CvEntry, Folder, Share
from openjobcenter.folder.services.certificates import certificate_bytes
from openjobcenter.folder.services.folders import PERSONAL_FIELDS

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User


def _folder(user: User) -> Folder | None:
    if user.jobcenter_id is None:
        return None
    return Folder.objects.for_tenant(user.jobcenter_id).filter(owner=user).first()


def export(user: User) -> dict[str, Any]:
    folder = _folder(user)
    if folder is None:
        return {}
    jobcenter = folder.jobcenter_id
    return {
        "personal": {name: getattr(folder, name) for name in PERSONAL_FIELDS},
        "advisor_consent": folder.advisor_consent,
        "consent_history": [
            {"at": c.at, "given": c.given} for c in ConsentChange.objects.for_tenant(jobcenter).filter(folder=folder)
        ],
        "cv_entries": [_entry(e) for e in CvEntry.objects.for_tenant(jobcenter).filter(folder=folder)],
        "certificates": [
            {"id": c.pk, "title": c.title, "issued_on": c.issued_on, "file": _file_name(c), "uploaded_at": c.created_at}
            for c in Certificate.objects.for_tenant(jobcenter).filter(folder=folder)
        ],
        "cover_letters": [
            {"title": x.title, "company": x.company, "text": x.text, "updated_at": x.updated_at}
            for x in CoverLetter.objects.for_tenant(jobcenter).filter(folder=folder)
        ],
        "shares": [_share(s) for s in Share.objects.for_tenant(jobcenter).filter(folder=folder)],
        "comments": [
            {"at": c.created_at, "from_staff": c.from_staff, "text": c.text, "done_at": c.done_at}
            for c in Comment.objects.for_tenant(jobcenter).filter(folder=folder)
        ],
    }


def _entry(entry: CvEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in ("section", "title", "organisation", "place", "start", "end",
                                                    "description", "level")}  # fmt: skip


def _share(share: Share) -> dict[str, Any]:
    return {
        "recipient": share.recipient,
        "created_at": share.created_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "accesses": [
            {"at": a.at, "what": a.kind, "item": a.item, "client": a.client, "network": a.network}
            for a in share.accesses.all()
        ],
    }


def _file_name(certificate: Certificate) -> str:
    return f"nachweis-{certificate.pk}-{certificate.original_name}"


def files(user: User) -> Iterable[tuple[str, bytes]]:
    folder = _folder(user)
    if folder is None:
        return
    for certificate in Certificate.objects.for_tenant(folder.jobcenter_id).filter(folder=folder):
        yield _file_name(certificate), certificate_bytes(certificate)
