"""Proofs handed in with an application: the small interface the case file takes over.

With a case, a proof goes straight into the case file (``casefile.services.documents``). Before
the household has a case, the checked file is kept here, encrypted the same way, until
``hand_over`` moves it into the case once the Jobcenter has created one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest

from openjobcenter.applications.models import Application, Attachment, DocumentRequest
from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import Case
from openjobcenter.casefile.services import encryption
from openjobcenter.casefile.services.documents import read_document, upload_document
from openjobcenter.casefile.services.uploads import CleanFile

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

STORAGE_PREFIX = "applications"


def attach(
    *,
    application: Application,
    actor: User,
    clean: CleanFile,
    title: str,
    category: str,
    proof: str = "",
    document_request: DocumentRequest | None = None,
    request: HttpRequest | None = None,
) -> Attachment:
    """Store a file that passed ``uploads.check_upload`` for this application."""
    attachment = Attachment(
        jobcenter=application.jobcenter, application=application, proof=proof, request=document_request,
        title=title[:200], category=category, original_name=clean.name, content_type=clean.content_type,
        size=clean.size, scanned=clean.scanned, uploaded_by=actor,
    )  # fmt: skip
    if application.case is not None:
        attachment.document = upload_document(
            actor=actor, case=application.case, clean=clean, category=category, title=title, request=request
        )
        attachment.save()
        return attachment
    sealed = encryption.encrypt(clean.content, binding=attachment.binding)
    attachment.key_id = sealed.key_id
    attachment.storage_name = default_storage.save(
        f"{STORAGE_PREFIX}/{application.jobcenter_id}/{attachment.storage_id}", ContentFile(sealed.data)
    )
    try:
        with transaction.atomic():
            attachment.save()
            log_change(
                actor=actor, jobcenter=application.jobcenter, action="applications.document_attached",
                target=attachment, subject=application.applicant,
                details={"application": application.pk, "category": category, "size": clean.size},
                request=request,
            )  # fmt: skip
    except BaseException:
        default_storage.delete(attachment.storage_name)
        raise
    return attachment


def read_attachment(attachment: Attachment, user: User, *, reason: str | None = None) -> bytes:
    """The decrypted bytes; reads of case documents are authorised and logged by the case file."""
    if attachment.document is not None:
        return read_document(user, attachment.document, reason=reason)
    with default_storage.open(attachment.storage_name, "rb") as handle:
        return encryption.decrypt(handle.read(), binding=attachment.binding)


def _deleter(name: str) -> Callable[[], None]:
    return lambda: default_storage.delete(name)


def hand_over(application: Application, case: Case, *, actor: User) -> int:
    """Move the application (and the proofs kept here) into ``case``. Returns how many files moved."""
    moved = 0
    with transaction.atomic():
        Application.objects.for_tenant(application.jobcenter).filter(pk=application.pk).update(case=case)
        application.case = case
        pending = Attachment.objects.for_tenant(application.jobcenter).filter(application=application, document=None)
        for attachment in pending.select_for_update():
            content = read_attachment(attachment, actor)
            clean = CleanFile(
                content=content, name=attachment.original_name, content_type=attachment.content_type,
                sha256=hashlib.sha256(content).hexdigest(), scanned=attachment.scanned,
            )  # fmt: skip
            attachment.document = upload_document(
                actor=actor, case=case, clean=clean, category=attachment.category, title=attachment.title,
                person=application.applicant,
            )  # fmt: skip
            old_name, attachment.storage_name, attachment.key_id = attachment.storage_name, "", ""
            attachment.save(update_fields=["document", "storage_name", "key_id"])
            transaction.on_commit(_deleter(old_name))
            moved += 1
    return moved
