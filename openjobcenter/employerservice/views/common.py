"""Access rules shared by the views: a company's own people, the candidate, the employer service.

Everything is looked up inside the current Jobcenter; what a person may not see is a 404, as for
something that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from openjobcenter.employerservice.models import Interview, SubsidyApplication
from openjobcenter.jobs.models import Employer

EMPLOYER_WORKSPACE = "employerservice.use_employer_workspace"
STAFF_WORKSPACE = "employerservice.use_workspace"


def jobcenter(request: HttpRequest) -> Any:
    return request.jobcenter  # type: ignore[attr-defined]


def user(request: HttpRequest) -> Any:
    return request.user


def own_companies(request: HttpRequest) -> list[Employer]:
    return list(Employer.objects.for_tenant(jobcenter(request)).filter(members=user(request)).order_by("name", "pk"))


def own_company(request: HttpRequest, pk: int) -> Employer:
    company = Employer.objects.for_tenant(jobcenter(request)).filter(pk=pk, members=user(request)).first()
    if company is None:
        raise Http404
    return company


def interview_by_code(request: HttpRequest, code: str) -> Interview:
    found = (
        Interview.objects.for_tenant(jobcenter(request))
        .select_related("jobcenter", "employer", "vacancy", "candidate", "team")
        .filter(code=code.upper()[:12])
        .first()
    )
    if found is None:
        raise Http404
    return found


def own_interview(request: HttpRequest, code: str) -> Interview:
    found = interview_by_code(request, code)
    if not found.employer.members.filter(pk=request.user.pk).exists():
        raise Http404
    return found


def own_subsidy(request: HttpRequest, pk: int) -> SubsidyApplication:
    found = (
        SubsidyApplication.objects.for_tenant(jobcenter(request))
        .select_related("employer", "person", "rule")
        .filter(pk=pk, employer__members=user(request))
        .first()
    )
    if found is None:
        raise Http404
    return found
