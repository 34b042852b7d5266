"""Documents of a case: upload (citizen or staff), new versions, reading them back decrypted."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import Case, Category, Document, Source
from openjobcenter.casefile.services import encryption, retention, text_index
from openjobcenter.casefile.services.access import (
    PURPOSE_DOCUMENT,
    CaseAccessDenied,
    authorise_staff,
    is_member,
    log_case_read,
    read_purpose,
)
from openjobcenter.casefile.services.uploads import CleanFile

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

logger = logging.getLogger(__name__)
STORAGE_PREFIX = "casefile"


class VersionConflict(Exception):
    """The document already has a newer version (someone else was quicker)."""


def authorise_upload(user: User, case: Case, *, reason: str | None = None) -> Source:
    """Clients upload to their own household's case; staff to a case they may open."""
    if user.has_perm("casefile.upload_own_document") and not user.has_perm("core.use_staff_workspace"):
        if user.belongs_to(case.jobcenter) and is_member(user, case):
            return Source.CITIZEN
        raise CaseAccessDenied
    authorise_staff(user, case, reason=reason)
    return Source.STAFF


def upload_document(
    *,
    actor: User,
    case: Case,
    clean: CleanFile,
    category: str,
    title: str = "",
    person: User | None = None,
    previous: Document | None = None,
    reason: str | None = None,
    request: HttpRequest | None = None,
) -> Document:
    """Store a checked file encrypted and record it. ``clean`` comes from ``uploads.check_upload``."""
    source = authorise_upload(actor, case, reason=reason)
    if category not in Category.values:
        raise ValueError(f"Unknown document category {category!r}")
    if person is not None and not is_member(person, case):
        raise ValueError("The document's person must belong to the case's household.")
    if source == Source.CITIZEN:
        person = actor
    storage_id = uuid.uuid4()
    document = Document(
        jobcenter=case.jobcenter,
        case=case,
        person=person,
        category=category,
        title=(title.strip() or clean.name)[:200],
        original_name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
        storage_id=storage_id,
        scanned=clean.scanned,
        uploaded_by=actor,
        source=source,
    )
    document.delete_after = retention.delete_after_for(case.jobcenter, category, timezone.localdate())
    found_words = text_index.document_words(clean.content, clean.content_type)
    sealed = encryption.encrypt(clean.content, binding=document.binding)
    document.key_id = sealed.key_id
    document.storage_name = default_storage.save(
        f"{STORAGE_PREFIX}/{case.jobcenter_id}/{storage_id}", ContentFile(sealed.data)
    )
    try:
        with transaction.atomic():
            if previous is not None:
                _attach_version(document, previous)
            document.save()
            text_index.store_terms(document, found_words)
            log_change(
                actor=actor,
                jobcenter=case.jobcenter,
                action="casefile.document_uploaded",
                target=document,
                subject=person,
                details={
                    "case": case.customer_number,
                    "category": category,
                    "size": clean.size,
                    "version": document.version,
                    "scanned": clean.scanned,
                    "source": source,
                },
                request=request,
            )
    except BaseException:
        # The record was not written: its file must not stay behind.
        default_storage.delete(document.storage_name)
        raise
    return document


def _attach_version(document: Document, previous: Document) -> None:
    locked = Document.objects.for_tenant(document.jobcenter).select_for_update().get(pk=previous.pk)
    if locked.case_id != document.case_id:
        raise CaseAccessDenied
    if Document.objects.for_tenant(document.jobcenter).filter(previous=locked).exists():
        raise VersionConflict
    document.previous = locked
    document.version = locked.version + 1
    document.person = document.person or locked.person


def read_document(
    user: User, document: Document, *, reason: str | None = None, request: HttpRequest | None = None
) -> bytes:
    """The decrypted bytes, for a member of the household or for staff allowed into the case (logged)."""
    case = document.case
    if user.has_perm("core.use_staff_workspace"):
        cleaned = authorise_staff(user, case, reason=reason)
        content = _decrypted(document)
        with transaction.atomic():
            log_case_read(
                user,
                case,
                purpose=read_purpose(PURPOSE_DOCUMENT, cleaned),
                target=document,
                request=request,
                reason=cleaned,
            )
        return content
    if user.belongs_to(case.jobcenter) and is_member(user, case):
        return _decrypted(document)
    raise CaseAccessDenied


def _decrypted(document: Document) -> bytes:
    with default_storage.open(document.storage_name, "rb") as handle:
        sealed = handle.read()
    return encryption.decrypt(sealed, binding=document.binding)


def rotate_key(document: Document) -> bool:
    """Re-encrypt one document with the current key. Returns whether anything changed."""
    current = encryption.current_key_id()
    if document.key_id == current:
        return False
    with default_storage.open(document.storage_name, "rb") as handle:
        old_sealed = handle.read()
    plaintext = encryption.decrypt(old_sealed, binding=document.binding)
    sealed = encryption.encrypt(plaintext, binding=document.binding)
    # The search index is keyed from the current key too: re-hash the words under it.
    found_words = text_index.document_words(plaintext, document.content_type)
    old_name = document.storage_name
    new_name = default_storage.save(
        f"{STORAGE_PREFIX}/{document.jobcenter_id}/{document.storage_id}", ContentFile(sealed.data)
    )
    try:
        with transaction.atomic():
            updated = Document.all_tenants.filter(pk=document.pk, key_id=document.key_id).update(
                storage_name=new_name, key_id=sealed.key_id
            )
            if updated:
                text_index.store_terms(document, found_words)
                log_change(
                    actor=None,
                    jobcenter=document.jobcenter,
                    action="casefile.document_key_rotated",
                    target=document,
                    details={"from": document.key_id, "to": sealed.key_id},
                )
    except BaseException:
        default_storage.delete(new_name)
        raise
    if not updated:  # rotated concurrently by someone else
        default_storage.delete(new_name)
        return False
    default_storage.delete(old_name)
    document.storage_name, document.key_id = new_name, sealed.key_id
    return True
