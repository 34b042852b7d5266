"""The employer service and a company: the message thread, the contact history, vacancy quality.

Messages: one simple thread per company. The ``messaging`` app's threads belong to a citizen's case
(household, responsible team, retention of social data); a company is no case, so it gets its own
small thread here rather than bending that model.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openjobcenter.accounts.models import User
from openjobcenter.audit.services import log_change
from openjobcenter.employerservice.models import ContactChannel, ContactNote, EmployerMessage, VacancyReturn
from openjobcenter.jobs.models import Vacancy, VacancyStatus, WorkingTime
from openjobcenter.jobs.services.vacancies import withdraw_vacancy
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from openjobcenter.core.models import Jobcenter
    from openjobcenter.jobs.models import Employer


class CompanyError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def post_message(
    *, actor: User, employer: Employer, text: str, from_staff: bool, request: HttpRequest | None = None
) -> EmployerMessage:
    text = text.strip()
    if not text:
        raise CompanyError(_("Bitte schreiben Sie eine Nachricht."), field="text")
    with transaction.atomic():
        message = EmployerMessage.objects.create_for_tenant(
            employer.jobcenter, employer=employer, author=actor, from_staff=from_staff, text=text[:4000]
        )
        log_change(actor=actor, jobcenter=employer.jobcenter, action="employerservice.message_sent", target=message,
                   details={"employer": employer.pk, "from_staff": from_staff}, request=request)  # fmt: skip
        slug = employer.jobcenter.slug
        if from_staff:
            link = reverse("employerservice:messages", kwargs={"jobcenter": slug, "employer": employer.pk})
            for member in employer.members.filter(is_active=True):
                notify(
                    member, "employerservice_message", {"employer": employer}, jobcenter=employer.jobcenter, link=link
                )
        else:
            link = reverse("employerservice:staff_company", kwargs={"jobcenter": slug, "pk": employer.pk})
            for person in employer_service_staff(employer.jobcenter):
                notify(person, "employerservice_message", {"employer": employer}, jobcenter=employer.jobcenter,
                       channels=("portal",), link=link)  # fmt: skip
    return message


def employer_service_staff(jobcenter: Jobcenter) -> list[User]:
    return [
        user
        for user in User.objects.filter(jobcenter=jobcenter, is_active=True, role_assignments__role="employer_service")
        if user.has_perm("employerservice.message_employers")
    ]


def mark_read(employer: Employer, *, by_staff: bool) -> None:
    """The other side's messages count as read once the thread was opened."""
    EmployerMessage.objects.for_tenant(employer.jobcenter_id).filter(
        employer=employer, from_staff=not by_staff, read_at__isnull=True
    ).update(read_at=timezone.now())


def add_contact(
    *, actor: User, employer: Employer, on: dt.date, channel: str, note: str, request: HttpRequest | None = None
) -> ContactNote:
    if channel not in ContactChannel.values:
        raise CompanyError(_("Bitte wählen Sie einen Weg."), field="channel")
    if on > timezone.localdate():
        raise CompanyError(_("Der Kontakt kann nicht in der Zukunft liegen."), field="on")
    if not note.strip():
        raise CompanyError(_("Bitte notieren Sie kurz, worum es ging."), field="note")
    with transaction.atomic():
        contact = ContactNote.objects.create_for_tenant(
            employer.jobcenter, employer=employer, on=on, channel=channel, note=note.strip()[:2000], staff=actor
        )
        log_change(actor=actor, jobcenter=employer.jobcenter, action="employerservice.contact_recorded",
                   target=contact, details={"employer": employer.pk, "channel": channel}, request=request)  # fmt: skip
    return contact


# --- Vacancy quality -----------------------------------------------------------------------------

VAGUE_TITLES = frozenset(
    {"mitarbeiter", "mitarbeiterin", "aushilfe", "helfer", "helferin", "job", "stelle", "personal"}
)
PROBLEMS: dict[str, Promise] = {
    "no_hours": gettext_lazy("Wochenstunden fehlen"),
    "vague_title": gettext_lazy("Stellenbezeichnung ist zu allgemein"),
    "no_salary": gettext_lazy("keine Angabe zum Gehalt"),
    "short_description": gettext_lazy("Beschreibung ist sehr kurz"),
}


@dataclass(frozen=True)
class QualityIssue:
    vacancy: Vacancy
    problems: list[str]

    @property
    def labels(self) -> list[str]:
        return [str(PROBLEMS[code]) for code in self.problems]


def problems_of(vacancy: Vacancy) -> list[str]:
    found = []
    if vacancy.working_time != WorkingTime.MINI_JOB and not vacancy.hours_per_week:
        found.append("no_hours")
    words = re.findall(r"\w+", vacancy.title.lower().replace("(m/w/d)", ""))
    if (len(words) <= 1 and (not words or words[0] in VAGUE_TITLES)) or all(
        w in VAGUE_TITLES | {"m", "w", "d"} for w in words
    ):
        found.append("vague_title")
    if vacancy.pay_min is None and vacancy.pay_max is None:
        found.append("no_salary")
    if len(vacancy.description.strip()) < 80:
        found.append("short_description")
    return found


def quality_issues(jobcenter: Jobcenter, *, limit: int = 200) -> list[QualityIssue]:
    vacancies = (
        Vacancy.objects.for_tenant(jobcenter)
        .filter(status=VacancyStatus.PUBLISHED)
        .select_related("employer")
        .order_by("-published_at", "-pk")[:2000]
    )
    issues = []
    for vacancy in vacancies:
        found = problems_of(vacancy)
        if found:
            issues.append(QualityIssue(vacancy, found))
            if len(issues) >= limit:
                break
    return issues


def return_vacancy(*, actor: User, vacancy: Vacancy, note: str, request: HttpRequest | None = None) -> VacancyReturn:
    """Take a published vacancy off the search and send it back to the company with a note."""
    note = note.strip()
    if len(note) < 10:
        raise CompanyError(
            _("Bitte schreiben Sie dem Unternehmen, was zu ändern ist (mindestens 10 Zeichen)."), field="note"
        )
    if vacancy.status != VacancyStatus.PUBLISHED:
        raise CompanyError(_("Die Stelle ist nicht mehr veröffentlicht."))
    with transaction.atomic():
        withdraw_vacancy(actor=actor, vacancy=vacancy, request=request)
        returned = VacancyReturn.objects.create_for_tenant(
            vacancy.jobcenter, vacancy=vacancy, note=note[:2000], problems=problems_of(vacancy), staff=actor
        )
        post_message(
            actor=actor,
            employer=vacancy.employer,
            text=_("Ihre Stelle „%(title)s“ ist bis zur Überarbeitung nicht mehr veröffentlicht.\n\n%(note)s")
            % {"title": vacancy.title, "note": note},
            from_staff=True,
            request=request,
        )
    return returned
