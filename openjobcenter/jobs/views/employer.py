"""The employer's pages (role employer) — also used by the employer service acting on a company's behalf."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required, tenant_login_required
from openjobcenter.jobs.forms import EmployerForm, VacancyForm
from openjobcenter.jobs.models import Vacancy
from openjobcenter.jobs.services.employers import employers_of, register_employer, update_employer
from openjobcenter.jobs.services.vacancies import (
    VacancyError,
    create_vacancy,
    publish_vacancy,
    update_vacancy,
    withdraw_vacancy,
)
from openjobcenter.jobs.views.common import MANAGE_OWN, managed_employer, managed_vacancy


def _slug(request: HttpRequest) -> str:
    return str(request.jobcenter.slug)  # type: ignore[attr-defined]


@permission_required(MANAGE_OWN)
def my_companies(request: HttpRequest) -> HttpResponse:
    employers = employers_of(request.user, request.jobcenter)  # type: ignore[arg-type,attr-defined]
    vacancies = (
        Vacancy.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined]
        .filter(employer__in=employers)
        .select_related("employer")
        .order_by("employer", "-created_at")
    )
    return render(request, "jobs/employer/companies.html", {"employers": employers, "vacancies": vacancies})


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_OWN)
def register(request: HttpRequest) -> HttpResponse:
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        register_employer(
            actor=request.user,  # type: ignore[arg-type]
            jobcenter=request.jobcenter,  # type: ignore[attr-defined]
            fields=form.cleaned_data,
            request=request,
        )
        messages.success(
            request,
            _(
                "Vielen Dank. Der Arbeitgeber-Service prüft Ihre Angaben und bestätigt Ihr Unternehmen in der Regel innerhalb von zwei Werktagen."
            ),
        )
        return redirect("jobs:companies", jobcenter=_slug(request))
    return render(
        request, "jobs/employer/company_form.html", {"form": form, "employer": None}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@tenant_login_required
def edit_company(request: HttpRequest, pk: int) -> HttpResponse:
    employer = managed_employer(request, pk)
    form = EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        update_employer(actor=request.user, employer=employer, fields=form.cleaned_data, request=request)  # type: ignore[arg-type]
        messages.success(request, _("Die Angaben zu Ihrem Unternehmen sind gespeichert."))
        return redirect("jobs:employer", jobcenter=_slug(request), pk=employer.pk)
    return render(
        request,
        "jobs/employer/company_form.html",
        {"form": form, "employer": employer},
        status=400 if form.errors else 200,
    )


def _vacancy_form_page(request: HttpRequest, form: VacancyForm, **context: object) -> HttpResponse:
    # "Berufe suchen" (without JavaScript) only refreshes the occupation list: no errors yet.
    form.fields["occupation_query"].widget.attrs.update(
        {
            "hx-get": reverse("jobs:occupation_options", kwargs={"jobcenter": _slug(request)}),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": "#occupation-options",
            "hx-swap": "outerHTML",
            "autocomplete": "off",
        }
    )
    status = 400 if form.is_bound and form.errors and "find_occupation" not in request.POST else 200
    return render(request, "jobs/employer/vacancy_form.html", {"form": form, **context}, status=status)


@require_http_methods(["GET", "POST"])
@tenant_login_required
def new_vacancy(request: HttpRequest, employer: int) -> HttpResponse:
    company = managed_employer(request, employer)
    form = VacancyForm(request.POST or None)
    if request.method == "POST" and "find_occupation" not in request.POST and form.is_valid():
        vacancy = create_vacancy(actor=request.user, employer=company, fields=form.service_fields(), request=request)  # type: ignore[arg-type]
        messages.success(
            request, _("Die Stelle ist als Entwurf gespeichert. Prüfen Sie sie und veröffentlichen Sie sie.")
        )
        return redirect("jobs:vacancy", jobcenter=_slug(request), pk=vacancy.pk)
    return _vacancy_form_page(request, form, employer=company, vacancy=None)


@require_http_methods(["GET", "POST"])
@tenant_login_required
def edit_vacancy(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = managed_vacancy(request, pk)
    form = VacancyForm(request.POST or None, instance=vacancy)
    if request.method == "POST" and "find_occupation" not in request.POST and form.is_valid():
        update_vacancy(actor=request.user, vacancy=vacancy, fields=form.service_fields(), request=request)  # type: ignore[arg-type]
        messages.success(request, _("Die Änderungen sind gespeichert."))
        return redirect("jobs:vacancy", jobcenter=_slug(request), pk=vacancy.pk)
    return _vacancy_form_page(request, form, employer=vacancy.employer, vacancy=vacancy)


@require_POST
@tenant_login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = managed_vacancy(request, pk)
    try:
        publish_vacancy(actor=request.user, vacancy=vacancy, request=request)  # type: ignore[arg-type]
    except VacancyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Die Stelle ist veröffentlicht und in der Stellensuche zu finden."))
    return redirect("jobs:vacancy", jobcenter=_slug(request), pk=vacancy.pk)


@require_POST
@tenant_login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = managed_vacancy(request, pk)
    withdraw_vacancy(actor=request.user, vacancy=vacancy, request=request)  # type: ignore[arg-type]
    messages.success(request, _("Die Stelle ist nicht mehr veröffentlicht."))
    return redirect("jobs:vacancy", jobcenter=_slug(request), pk=vacancy.pk)
