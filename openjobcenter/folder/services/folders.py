"""The citizen's own folder: personal details, CV entries (add, change, remove, reorder), cover letters.

Every change is one function here: validated by the form before, one transaction, an audit entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone

from openjobcenter.audit.services import log_change
from openjobcenter.folder.models import DATED_SECTIONS, ConsentChange, CoverLetter, CvEntry, Folder, Section

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

PERSONAL_FIELDS = (
    "first_name", "last_name", "headline", "birth_date", "street", "postal_code", "city", "phone", "email",
    "profile", "driving_licence", "interests",
)  # fmt: skip
ENTRY_FIELDS = ("title", "organisation", "place", "start", "end", "description", "level")
LETTER_FIELDS = ("title", "company", "text")


def folder_of(user: User, jobcenter: Jobcenter) -> Folder | None:
    return Folder.objects.for_tenant(jobcenter).filter(owner=user).first()


def folder_for(user: User, jobcenter: Jobcenter) -> Folder:
    """The person's folder in this Jobcenter; created on first use, prefilled from the account."""
    found = folder_of(user, jobcenter)
    if found is not None:
        return found
    with transaction.atomic():
        folder, _created = Folder.all_tenants.get_or_create(
            jobcenter=jobcenter,
            owner=user,
            defaults={"first_name": user.first_name, "last_name": user.last_name, "email": user.email},
        )
    return folder


def _audit(actor: User, folder: Folder, action: str, request: HttpRequest | None, **details: Any) -> None:
    log_change(
        actor=actor, jobcenter=folder.jobcenter, action=f"folder.{action}", target=folder, subject=folder.owner,
        details=details, request=request,
    )  # fmt: skip


def save_personal(*, actor: User, folder: Folder, data: dict[str, Any], request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        for name in PERSONAL_FIELDS:
            setattr(folder, name, data.get(name) if name == "birth_date" else (data.get(name) or ""))
        folder.save()
        _audit(actor, folder, "personal_saved", request)


def entries_by_section(folder: Folder) -> dict[str, list[CvEntry]]:
    grouped: dict[str, list[CvEntry]] = {section.value: [] for section in Section}
    for entry in CvEntry.objects.for_tenant(folder.jobcenter).filter(folder=folder):
        grouped[entry.section].append(entry)
    return grouped


def add_entry(
    *, actor: User, folder: Folder, section: str, data: dict[str, Any], request: HttpRequest | None = None
) -> CvEntry:
    if section not in Section.values:
        raise ValueError(f"Unknown section {section!r}")
    with transaction.atomic():
        siblings = CvEntry.objects.for_tenant(folder.jobcenter).filter(folder=folder, section=section)
        if section in DATED_SECTIONS:
            # German CVs list the newest first: a new job or course goes to the top.
            siblings.update(position=F("position") + 1)
            position = 1
        else:
            position = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
        entry = CvEntry(jobcenter=folder.jobcenter, folder=folder, section=section, position=position)
        _fill(entry, data)
        entry.save()
        _audit(actor, folder, "entry_added", request, section=section)
    return entry


def update_entry(*, actor: User, entry: CvEntry, data: dict[str, Any], request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        _fill(entry, data)
        entry.save()
        _audit(actor, entry.folder, "entry_changed", request, section=entry.section)


def _fill(entry: CvEntry, data: dict[str, Any]) -> None:
    for name in ENTRY_FIELDS:
        value = data.get(name)
        setattr(entry, name, value if name in {"start", "end"} else (value or ""))


def delete_entry(*, actor: User, entry: CvEntry, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        entry.delete()
        _audit(actor, entry.folder, "entry_removed", request, section=entry.section)


def move_entry(*, actor: User, entry: CvEntry, up: bool, request: HttpRequest | None = None) -> bool:
    """Swap the entry with its neighbour in the section; False at the top or bottom."""
    with transaction.atomic():
        siblings = list(
            CvEntry.objects.for_tenant(entry.jobcenter)
            .select_for_update()
            .filter(folder=entry.folder_id, section=entry.section)
            .order_by("position", "pk")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == entry.pk)
        other = index - 1 if up else index + 1
        if other < 0 or other >= len(siblings):
            return False
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position"])
        _audit(actor, entry.folder, "entry_moved", request, section=entry.section)
    return True


def save_letter(
    *, actor: User, folder: Folder, data: dict[str, Any], letter: CoverLetter | None = None,
    request: HttpRequest | None = None,
) -> CoverLetter:  # fmt: skip
    with transaction.atomic():
        letter = letter or CoverLetter(jobcenter=folder.jobcenter, folder=folder)
        for name in LETTER_FIELDS:
            setattr(letter, name, data.get(name) or "")
        letter.save()
        _audit(actor, folder, "letter_saved", request)
    return letter


def delete_letter(*, actor: User, letter: CoverLetter, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        letter.delete()
        _audit(actor, letter.folder, "letter_deleted", request)


def set_consent(*, actor: User, folder: Folder, given: bool, request: HttpRequest | None = None) -> bool:
    """Allow or withdraw the advisor's view. Returns False when nothing changed."""
    with transaction.atomic():
        locked = Folder.objects.for_tenant(folder.jobcenter).select_for_update().get(pk=folder.pk)
        if locked.advisor_consent == given:
            return False
        now = timezone.now()
        locked.advisor_consent, locked.consent_changed_at = given, now
        locked.save(update_fields=["advisor_consent", "consent_changed_at", "updated_at"])
        ConsentChange.objects.create_for_tenant(folder.jobcenter, folder=locked, given=given, at=now)
        _audit(actor, folder, "consent_given" if given else "consent_withdrawn", request)
    folder.advisor_consent, folder.consent_changed_at = given, now
    return True
