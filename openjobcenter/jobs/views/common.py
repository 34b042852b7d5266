"""Access rules shared by the job exchange's views."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from openjobcenter.jobs.models import Employer, Vacancy, VacancyStatus

MANAGE_OWN = "jobs.manage_vacancies"
MANAGE_FOR_EMPLOYERS = "jobs.manage_vacancies_for_employers"
CONFIRM = "jobs.confirm_employers"
SEARCH = "jobs.search_vacancies"


def signed_in_here(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.belongs_to(request.jobcenter))  # type: ignore[attr-defined]


def may_manage(request: HttpRequest, employer: Employer) -> bool:
    """The company's own people (role employer) or the employer service of this Jobcenter."""
    if not signed_in_here(request) or employer.jobcenter_id != request.jobcenter.pk:  # type: ignore[attr-defined]
        return False
    user = request.user
    if user.has_perm(MANAGE_FOR_EMPLOYERS):
        return True
    return user.has_perm(MANAGE_OWN) and employer.members.filter(pk=user.pk).exists()


def managed_employer(request: HttpRequest, pk: int) -> Employer:
    """An employer the signed-in person may act for; 404 otherwise (never reveals others)."""
    employer = Employer.objects.for_tenant(request.jobcenter).filter(pk=pk).first()  # type: ignore[attr-defined]
    if employer is None or not may_manage(request, employer):
        raise Http404
    return employer


def managed_vacancy(request: HttpRequest, pk: int) -> Vacancy:
    vacancy = (
        Vacancy.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined]
        .select_related("employer", "occupation")
        .filter(pk=pk)
        .first()
    )
    if vacancy is None or not may_manage(request, vacancy.employer):
        raise Http404
    return vacancy


def visible_vacancy(request: HttpRequest, pk: int) -> Vacancy:
    """Published vacancies for everyone; drafts and expired ones only for who manages them."""
    vacancy = (
        Vacancy.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined]
        .select_related("employer", "occupation", "occupation__parent")
        .filter(pk=pk)
        .first()
    )
    if vacancy is None:
        raise Http404
    if vacancy.status == VacancyStatus.PUBLISHED and vacancy.employer.is_confirmed:
        return vacancy
    if may_manage(request, vacancy.employer):
        return vacancy
    raise Http404
