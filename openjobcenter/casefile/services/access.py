"""Who may see a case file (need to know), and ``open_case``, which authorises and logs the read.

- Staff of the case's responsible team holding ``casefile.view_case`` see it.
- Other staff of the same Jobcenter holding ``casefile.view_case`` only after stating a reason
  ("break the glass"); the reason is logged with every read and shown to the citizen.
- Clients see only the case of their own household. Anybody of another Jobcenter: not found.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from openjobcenter.audit.services import log_read
from openjobcenter.casefile.models import Case, DocumentTerm, Membership

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

REASON_MIN_LENGTH = 15
REASON_MAX_LENGTH = 150
PURPOSE_CASE_WORK = gettext_noop("Bearbeitung der Akte")
PURPOSE_DOCUMENT = gettext_noop("Einsicht in ein Dokument der Akte")
# Shown to the citizen together with the reason the person typed.
BREAK_GLASS_PURPOSE = gettext_noop("Zugriff ohne Zuständigkeit, Begründung: %(reason)s")


class Access(StrEnum):
    TEAM = "team"  # the responsible team: no reason needed
    REASON_NEEDED = "reason_needed"  # same Jobcenter, other team: break the glass
    NONE = "none"


class CaseAccessDenied(Exception):
    """Not allowed at all: views answer 404 (other Jobcenter) or 403."""


class ReasonRequired(Exception):
    """Allowed only with a stated reason of at least ``REASON_MIN_LENGTH`` characters."""

    message = _("Bitte begründen Sie den Zugriff in mindestens %(min)d Zeichen.") % {"min": REASON_MIN_LENGTH}


def staff_access(user: User, case: Case) -> Access:
    # Only the Jobcenter's own staff: platform admins (hosting) never read social data.
    if not user.is_active or user.jobcenter_id != case.jobcenter_id or not user.has_perm("casefile.view_case"):
        return Access.NONE
    if case.team_id is not None and user.team_id == case.team_id:
        return Access.TEAM
    return Access.REASON_NEEDED


def is_member(user: User, case: Case) -> bool:
    return Membership.objects.filter(case=case, person=user).exists()


def case_of_client(user: User, jobcenter: Jobcenter) -> Case | None:
    """The case of the client's household in this Jobcenter, if there is one."""
    if not user.belongs_to(jobcenter) or not user.has_perm("core.use_citizen_area"):
        return None
    return Case.objects.for_tenant(jobcenter).filter(memberships__person=user).first()


def clean_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if len(text) < REASON_MIN_LENGTH:
        raise ReasonRequired
    return text[:REASON_MAX_LENGTH]


def authorise_staff(user: User, case: Case, *, reason: str | None) -> str | None:
    """The cleaned reason (``None`` for the responsible team), or raise."""
    access = staff_access(user, case)
    if access == Access.NONE:
        raise CaseAccessDenied
    if access == Access.TEAM:
        return None
    return clean_reason(reason)


def read_purpose(purpose: str, reason: str | None) -> str:
    if reason is None:
        return purpose
    return BREAK_GLASS_PURPOSE % {"reason": reason}


def open_case(
    user: User, case: Case, purpose: str, reason: str | None = None, *, request: HttpRequest | None = None
) -> Access:
    """Authorise ``user`` to look into ``case`` and log the read for every household member."""
    cleaned = authorise_staff(user, case, reason=reason)
    with transaction.atomic():
        log_case_read(user, case, purpose=read_purpose(purpose, cleaned), target=case, request=request, reason=cleaned)
    return Access.TEAM if cleaned is None else Access.REASON_NEEDED


def log_case_read(
    user: User, case: Case, *, purpose: str, target: object, request: HttpRequest | None, reason: str | None
) -> None:
    details = {"case": case.customer_number, "break_glass": reason is not None}
    if reason is not None:
        details["reason"] = reason
    for membership in case.memberships.select_related("person"):
        log_read(
            actor=user,
            jobcenter=case.jobcenter,
            subject=membership.person,
            purpose=purpose,
            target=target,  # type: ignore[arg-type]
            request=request,
            details=details,
        )


def search_cases(user: User, jobcenter: Jobcenter, query: str) -> tuple[QuerySet[Case], QuerySet[Case]]:
    """Matches among the user's team's cases, and other teams' cases found by exact customer number.

    Each word must match a member's name, the customer number or a word in a document's text
    (``text_index``: keyed hashes, whole words). Other teams' cases are only found by their full
    number, never by names or document text: need to know means staff do not browse across the
    Jobcenter; opening one of them needs a reason.
    """
    cases = Case.objects.for_tenant(jobcenter).select_related("team")
    if user.jobcenter_id != jobcenter.pk or not user.has_perm("casefile.view_case"):
        return cases.none(), cases.none()
    query = " ".join(query.split())[:100]
    own = cases.filter(team__isnull=False, team_id=user.team_id) if user.team_id else cases.none()
    if query:
        condition = Q()
        for word in query.split():
            condition &= (
                Q(memberships__person__first_name__icontains=word)
                | Q(memberships__person__last_name__icontains=word)
                | Q(customer_number__icontains=word)
                | Q(pk__in=_cases_with_word(jobcenter, word))
            )
        own = own.filter(condition).distinct()
        others = cases.filter(customer_number__iexact=query).exclude(pk__in=own.values("pk"))
    else:
        others = cases.none()
    return own.prefetch_related("memberships__person"), others.prefetch_related("memberships__person")


def _cases_with_word(jobcenter: Jobcenter, word: str) -> QuerySet[DocumentTerm]:
    from openjobcenter.casefile.services.text_index import query_tokens

    return DocumentTerm.objects.for_tenant(jobcenter).filter(token__in=query_tokens(word)).values("document__case_id")  # type: ignore[return-value]


def text_hits(user: User, jobcenter: Jobcenter, query: str, cases: list[Case]) -> dict[int, list[str]]:
    """For the user's own team's cases in ``cases``: titles of documents whose text holds every word."""
    from openjobcenter.casefile.models import Document
    from openjobcenter.casefile.services.text_index import matching_documents

    own = [case.pk for case in cases if user.team_id is not None and case.team_id == user.team_id]
    words = " ".join(query.split())[:100].split()
    if not own or not words:
        return {}
    ids = matching_documents(jobcenter.pk, words)
    hits: dict[int, list[str]] = {}
    for case_id, title in (
        Document.objects.for_tenant(jobcenter).filter(pk__in=ids, case_id__in=own).values_list("case_id", "title")
    ):
        hits.setdefault(case_id, []).append(title)
    return hits
