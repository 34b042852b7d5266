"""Public pages: the vacancy search, a vacancy, a company profile, the occupation picker fragment."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from openjobcenter.jobs.forms import SearchForm, occupation_choices
from openjobcenter.jobs.models import Employer, EmployerStatus
from openjobcenter.jobs.services.occupations import occupation_by_code
from openjobcenter.jobs.services.search import SearchError, parse, parse_page, published, search
from openjobcenter.jobs.views.common import SEARCH, may_manage, signed_in_here, visible_vacancy


def _has_filters(request: HttpRequest) -> bool:
    return any(request.GET.get(name) for name in ("q", "plz", "working_time", "occupation", "published_within_days"))


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "results": None, "searched": _has_filters(request)}
    try:
        criteria = parse(request.GET)
        page = parse_page(request.GET.get("page"))
    except SearchError as error:
        form.is_valid()  # populate cleaned_data, then attach our messages next to the fields
        for name, messages in error.fields.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        context["invalid"] = True
    else:
        if context["searched"]:
            results = search(request.jobcenter, criteria, page=page)  # type: ignore[attr-defined]
            context["results"] = results
            context["query"] = urlencode(criteria.as_params())
            context["occupation"] = occupation_by_code(criteria.occupation) if len(criteria.occupation) == 5 else None
        context["can_save"] = signed_in_here(request) and request.user.has_perm(SEARCH)
    return render(request, "jobs/public/search.html", context)


@require_GET
def vacancy_page(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = visible_vacancy(request, pk)
    skills = [skill.strip() for skill in vacancy.skills.split(",") if skill.strip()]
    return render(
        request,
        "jobs/public/vacancy.html",
        {
            "vacancy": vacancy,
            "skills": skills,
            "can_manage": may_manage(request, vacancy.employer),
            "can_apply": vacancy.is_published
            and signed_in_here(request)
            and request.user.has_perm("folder.manage_own_folder"),
        },
    )


@require_GET
def employer_page(request: HttpRequest, pk: int) -> HttpResponse:
    employer = Employer.objects.for_tenant(request.jobcenter).filter(pk=pk).first()  # type: ignore[attr-defined]
    if employer is None:
        raise Http404
    can_manage = may_manage(request, employer)
    if employer.status != EmployerStatus.CONFIRMED and not can_manage:
        raise Http404
    vacancies = published(request.jobcenter).filter(employer=employer).order_by("-published_at")[:50]  # type: ignore[attr-defined]
    return render(
        request,
        "jobs/public/employer.html",
        {"employer": employer, "vacancies": vacancies, "can_manage": can_manage},
    )


@require_GET
def occupation_options(request: HttpRequest) -> HttpResponse:
    """The radio buttons of matching occupations (htmx swaps them into the vacancy form)."""
    query = request.GET.get("occupation_query", "")[:100]
    choices = occupation_choices(query, "")
    return render(request, "jobs/employer/_occupation_options.html", {"choices": choices, "query": query})
