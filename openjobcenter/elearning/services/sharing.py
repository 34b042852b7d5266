"""Consent to show completion to the advisor: for all modules or for single ones; revocable any time.

Without consent the advisor sees nothing of a person's eLearning — not in the case file's timeline,
not anywhere else. Every change is in the audit trail (and so in the person's access log).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from openjobcenter.audit.services import log_change
from openjobcenter.elearning.models import Completion, Module, SharingConsent

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter


def consents(person: User, jobcenter: Jobcenter) -> tuple[bool, set[int]]:
    """(shares all modules, ids of single modules shared)."""
    rows = list(SharingConsent.objects.for_tenant(jobcenter).filter(person=person).values_list("module_id", flat=True))
    return None in rows, {module_id for module_id in rows if module_id is not None}


def set_sharing(
    person: User,
    jobcenter: Jobcenter,
    *,
    all_modules: bool,
    modules: Iterable[Module],
    request: HttpRequest | None = None,
) -> None:
    """Replace the person's consent with exactly this choice."""
    wanted: set[int | None] = {None} if all_modules else {module.pk for module in modules}
    with transaction.atomic():
        existing = SharingConsent.objects.for_tenant(jobcenter).select_for_update().filter(person=person)
        current: set[int | None] = set(existing.values_list("module_id", flat=True))
        removed, added = current - wanted, wanted - current
        if removed:
            existing.filter(
                Q(module_id__in=[m for m in removed if m is not None])
                | (Q(module__isnull=True) if None in removed else Q(pk__in=[]))
            ).delete()
        for module_id in added:
            SharingConsent.objects.create_for_tenant(jobcenter, person=person, module_id=module_id)
        if removed or added:
            log_change(
                actor=person,
                jobcenter=jobcenter,
                action="elearning.sharing_changed",
                subject=person,
                details={"all_modules": all_modules, "modules": sorted(m for m in wanted if m is not None)},
                request=request,
            )


def shared_completions(people: Iterable[User], jobcenter: Jobcenter) -> QuerySet[Completion]:
    """The completions of these people that they agreed to show their advisor."""
    people = list(people)
    consent = SharingConsent.objects.for_tenant(jobcenter).filter(person__in=people)
    everything = consent.filter(module__isnull=True).values("person_id")
    single = consent.filter(module__isnull=False)
    allowed = Q(person_id__in=everything)
    for person_id, module_id in single.values_list("person_id", "module_id"):
        allowed |= Q(person_id=person_id, module_id=module_id)
    return (
        Completion.objects.for_tenant(jobcenter)
        .filter(person__in=people)
        .filter(allowed)
        .select_related("module", "person")
    )
