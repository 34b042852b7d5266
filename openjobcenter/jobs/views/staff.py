"""The employer service (Arbeitgeber-Service): confirm or reject registrations, act for companies."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.jobs.forms import DecisionForm
from openjobcenter.jobs.models import Employer, EmployerStatus, Vacancy
from openjobcenter.jobs.services.employers import EmployerError, decide_employer
from openjobcenter.jobs.views.common import CONFIRM


@permission_required(CONFIRM)
def employers(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", EmployerStatus.PENDING)
    if status not in EmployerStatus.values:
        status = EmployerStatus.PENDING
    listed = Employer.objects.for_tenant(request.jobcenter).filter(status=status).order_by("created_at", "pk")  # type: ignore[attr-defined]
    return render(
        request,
        "jobs/staff/employers.html",
        {"employers": listed, "status": status, "statuses": EmployerStatus.choices},
    )


@require_http_methods(["GET", "POST"])
@permission_required(CONFIRM)
def employer(request: HttpRequest, pk: int) -> HttpResponse:
    company = Employer.objects.for_tenant(request.jobcenter).filter(pk=pk).first()  # type: ignore[attr-defined]
    if company is None:
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            decide_employer(
                actor=request.user,  # type: ignore[arg-type]
                employer=company,
                confirm=confirm,
                note=form.cleaned_data["note"],
                request=request,
            )
        except EmployerError as error:
            form.add_error("note" if "Grund" in error.message or not confirm else None, error.message)
        else:
            messages.success(
                request, _("Das Unternehmen ist bestätigt.") if confirm else _("Die Registrierung ist abgelehnt.")
            )
            return redirect("jobs:staff_employers", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]
    vacancies = Vacancy.objects.for_tenant(request.jobcenter).filter(employer=company).order_by("-created_at")  # type: ignore[attr-defined]
    return render(
        request,
        "jobs/staff/employer.html",
        {"employer": company, "form": form, "vacancies": vacancies},
        status=400 if form.errors else 200,
    )
