"""Vacancies: create and edit (by the employer or the employer service), publish, expire."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.audit.services import log_change
from openjobcenter.core import geo
from openjobcenter.jobs import places
from openjobcenter.jobs import text as analysis
from openjobcenter.jobs.models import Employer, Vacancy, VacancyStatus

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

MAX_RUNTIME_DAYS = 180


class VacancyError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def search_fields(vacancy: Vacancy) -> tuple[str, str]:
    """``search_text`` (occupation, skills, requirements, place – as written; PostgreSQL
    stems it together with title and description) and ``search_stems`` (everything stemmed, SQLite)."""
    occupation = vacancy.occupation
    rest = " ".join(
        part
        for part in (
            occupation.title,
            occupation.short_title,
            vacancy.skills,
            vacancy.requirements,
            vacancy.place,
        )
        if part
    )
    title_stems = analysis.stems(vacancy.title)
    # The title twice: bm25 then ranks title matches above matches in the description.
    # Not the company's name: "Koch", "Müller", "Becker", "Fischer" are surnames and occupations.
    return rest, f"{title_stems} {title_stems} {analysis.stems(rest)} {analysis.stems(vacancy.description)}"


def place_for(postal_code: str) -> tuple[str, float, float]:
    coordinates = geo.coordinates(postal_code)
    if coordinates is None:
        raise VacancyError(_("Die Postleitzahl %(plz)s ist uns nicht bekannt.") % {"plz": postal_code})
    return places.place_name(postal_code), coordinates[0], coordinates[1]


def _apply(vacancy: Vacancy, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(vacancy, name, value)
    vacancy.place, vacancy.lat, vacancy.lon = place_for(vacancy.postal_code)
    vacancy.search_text, vacancy.search_stems = search_fields(vacancy)


@transaction.atomic
def create_vacancy(
    *, actor: User, employer: Employer, fields: dict[str, Any], request: HttpRequest | None = None
) -> Vacancy:
    """A draft vacancy of ``employer`` (created by the employer or on its behalf by staff)."""
    vacancy = Vacancy(jobcenter=employer.jobcenter, employer=employer, created_by=actor)
    _apply(vacancy, fields)
    vacancy.save()
    log_change(
        actor=actor,
        jobcenter=employer.jobcenter,
        action="jobs.vacancy_created",
        target=vacancy,
        details={"on_behalf": not employer.members.filter(pk=actor.pk).exists()},
        request=request,
    )
    return vacancy


@transaction.atomic
def update_vacancy(
    *, actor: User, vacancy: Vacancy, fields: dict[str, Any], request: HttpRequest | None = None
) -> Vacancy:
    _apply(vacancy, fields)
    vacancy.save()
    log_change(actor=actor, jobcenter=vacancy.jobcenter, action="jobs.vacancy_updated", target=vacancy, request=request)
    return vacancy


@transaction.atomic
def publish_vacancy(*, actor: User, vacancy: Vacancy, request: HttpRequest | None = None) -> Vacancy:
    """Draft (or expired, with a new expiry date) → published. Only a confirmed employer publishes."""
    if not vacancy.employer.is_confirmed:
        raise VacancyError(
            _("Stellen werden veröffentlicht, sobald der Arbeitgeber-Service Ihr Unternehmen bestätigt hat.")
        )
    if vacancy.expires_on < timezone.localdate():
        raise VacancyError(_("Das Ablaufdatum liegt in der Vergangenheit. Bitte wählen Sie ein neues Datum."))
    if vacancy.status == VacancyStatus.PUBLISHED:
        return vacancy
    vacancy.status = VacancyStatus.PUBLISHED
    vacancy.published_at = timezone.now()
    vacancy.save(update_fields=["status", "published_at", "updated_at"])
    log_change(
        actor=actor, jobcenter=vacancy.jobcenter, action="jobs.vacancy_published", target=vacancy, request=request
    )
    return vacancy


@transaction.atomic
def withdraw_vacancy(*, actor: User, vacancy: Vacancy, request: HttpRequest | None = None) -> Vacancy:
    """End a published vacancy before its date (it counts as expired)."""
    vacancy.status = VacancyStatus.EXPIRED
    vacancy.save(update_fields=["status", "updated_at"])
    log_change(
        actor=actor, jobcenter=vacancy.jobcenter, action="jobs.vacancy_withdrawn", target=vacancy, request=request
    )
    return vacancy


def expire_vacancies(*, today: dt.date | None = None) -> int:
    """Published vacancies past their expiry date become expired (all Jobcenters; the periodic task).

    One conditional UPDATE: a vacancy republished meanwhile is not touched.
    """
    today = today or timezone.localdate()
    return Vacancy.all_tenants.filter(status=VacancyStatus.PUBLISHED, expires_on__lt=today).update(
        status=VacancyStatus.EXPIRED, updated_at=timezone.now()
    )
