"""Certificates: the case file's upload pipeline (size, name, ClamAV, type from content) checks the
file (``casefile.services.uploads.check_upload``, called in the form), then it is stored encrypted
with the case file's AES-GCM scheme under its own binding. Not a case-file document: the folder is the
citizen's own, the Jobcenter sees it only with consent."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest

from openjobcenter.audit.services import log_change
from openjobcenter.casefile.services import encryption
from openjobcenter.casefile.services.uploads import CleanFile
from openjobcenter.folder.models import Certificate, Folder

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

STORAGE_PREFIX = "folder"


def upload_certificate(
    *, actor: User, folder: Folder, clean: CleanFile, title: str, issued_on: dt.date | None,
    request: HttpRequest | None = None,
) -> Certificate:  # fmt: skip
    certificate = Certificate(
        jobcenter=folder.jobcenter, folder=folder, title=(title.strip() or clean.name)[:150], issued_on=issued_on,
        original_name=clean.name[:150], content_type=clean.content_type, size=clean.size, sha256=clean.sha256,
        storage_id=uuid.uuid4(), scanned=clean.scanned,
    )  # fmt: skip
    sealed = encryption.encrypt(clean.content, binding=certificate.binding)
    certificate.key_id = sealed.key_id
    certificate.storage_name = default_storage.save(
        f"{STORAGE_PREFIX}/{folder.jobcenter_id}/{certificate.storage_id}", ContentFile(sealed.data)
    )
    try:
        with transaction.atomic():
            certificate.save()
            log_change(
                actor=actor, jobcenter=folder.jobcenter, action="folder.certificate_uploaded", target=certificate,
                subject=folder.owner, details={"size": clean.size, "scanned": clean.scanned}, request=request,
            )  # fmt: skip
    except BaseException:
        default_storage.delete(certificate.storage_name)
        raise
    return certificate


def certificate_bytes(certificate: Certificate) -> bytes:
    """Decrypted on the fly; callers have authorised (owner, share link or consenting advisor)."""
    with default_storage.open(certificate.storage_name, "rb") as handle:
        sealed = handle.read()
    return encryption.decrypt(sealed, binding=certificate.binding)


def delete_certificate(*, actor: User, certificate: Certificate, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        certificate.delete()
        log_change(
            actor=actor, jobcenter=certificate.jobcenter, action="folder.certificate_deleted",
            subject=certificate.folder.owner, details={"title": certificate.title}, request=request,
        )  # fmt: skip
    transaction.on_commit(lambda: default_storage.delete(certificate.storage_name))
