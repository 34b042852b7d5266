"""The employer's workspace (role employer, partner area): per company the vacancies, candidates,
interviews, feedback, subsidy applications and the thread with the employer service."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.models import User
from openjobcenter.employerservice.forms import InviteForm, MessageForm, OutcomeForm, SubsidyForm, WhenForm
from openjobcenter.employerservice.models import EmployerMessage, Interview, InterviewStatus, SubsidyApplication
from openjobcenter.employerservice.services import companies, interviews, subsidies
from openjobcenter.employerservice.views.common import (
    EMPLOYER_WORKSPACE,
    jobcenter,
    own_companies,
    own_company,
    own_interview,
    own_subsidy,
    user,
)
from openjobcenter.jobs.models import Vacancy


@require_GET
@permission_required(EMPLOYER_WORKSPACE)
def workspace(request: HttpRequest) -> HttpResponse:
    companies_ = own_companies(request)
    if len(companies_) == 1:
        return redirect("employerservice:company", jobcenter=jobcenter(request).slug, pk=companies_[0].pk)
    return render(request, "employerservice/employer/workspace.html", {"companies": companies_})


@require_GET
@permission_required(EMPLOYER_WORKSPACE)
def company(request: HttpRequest, pk: int) -> HttpResponse:
    employer = own_company(request, pk)
    tenant = jobcenter(request)
    context = {
        "employer": employer,
        "vacancies": Vacancy.objects.for_tenant(tenant).filter(employer=employer).order_by("-created_at")[:50],
        "candidates": interviews.candidates_of(employer),
        "interviews": Interview.objects.for_tenant(tenant)
        .filter(employer=employer)
        .select_related("candidate", "vacancy")[:50],
        "feedback": Interview.objects.for_tenant(tenant)
        .filter(employer=employer, status=InterviewStatus.DONE)
        .select_related("candidate")[:50],
        "subsidies": SubsidyApplication.objects.for_tenant(tenant)
        .filter(employer=employer)
        .select_related("person")[:50],
        "unread": EmployerMessage.objects.for_tenant(tenant)
        .filter(employer=employer, from_staff=True, read_at__isnull=True)
        .count(),
    }
    return render(request, "employerservice/employer/company.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(EMPLOYER_WORKSPACE)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    employer = own_company(request, pk)
    people = [c.person for c in interviews.candidates_of(employer)]
    vacancies = list(Vacancy.objects.for_tenant(jobcenter(request)).filter(employer=employer).order_by("title"))
    initial = {"person": request.GET.get("person", "")}
    form = InviteForm(request.POST or None, people=people, vacancies=vacancies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interview = interviews.invite(
                actor=user(request),
                employer=employer,
                candidate=next(p for p in people if p.pk == data["person"]),
                vacancy=next((v for v in vacancies if v.pk == data["vacancy"]), None),
                start=form.start(),
                duration_minutes=data["duration_minutes"],
                invite_advisor=data["invite_advisor"],
                message=data["message"],
                request=request,
            )
        except interviews.InterviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Die Einladung ist verschickt. Sie sehen hier, sobald die Person antwortet."))
            return redirect("employerservice:interview", jobcenter=jobcenter(request).slug, code=interview.code)
    status = 400 if form.errors else 200
    return render(request, "employerservice/employer/invite.html", {"employer": employer, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@permission_required(EMPLOYER_WORKSPACE)
def interview(request: HttpRequest, code: str) -> HttpResponse:
    found = own_interview(request, code)
    outcome_form = OutcomeForm(request.POST if request.POST.get("action") == "outcome" else None)
    when_form = WhenForm(request.POST if request.POST.get("action") == "reschedule" else None)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept_proposal":
                interviews.accept_proposal(found, actor=user(request), request=request)
                messages.success(request, _("Der Termin ist vereinbart."))
            elif action == "cancel":
                interviews.cancel(found, actor=user(request), request=request)
                messages.success(request, _("Das Gespräch ist abgesagt."))
            elif action == "reschedule" and when_form.is_valid():
                interviews.reschedule(found, actor=user(request), start=when_form.start(), request=request)
                messages.success(request, _("Ihr neuer Terminvorschlag ist verschickt."))
            elif action == "outcome" and outcome_form.is_valid():
                interviews.record_outcome(
                    found, actor=user(request), outcome=outcome_form.cleaned_data["outcome"],
                    reason=outcome_form.cleaned_data["reason"], reason_code=outcome_form.cleaned_data["reason_code"],
                    request=request,
                )  # fmt: skip
                messages.success(request, _("Das Ergebnis ist gespeichert. Die Beratung des Jobcenters sieht es."))
            else:
                error = _("Bitte prüfen Sie Ihre Angaben.")
        except interviews.InterviewError as problem:
            error = problem.message
        if not error:
            return redirect("employerservice:interview", jobcenter=jobcenter(request).slug, code=found.code)
    context = {
        "interview": found,
        "outcome_form": outcome_form,
        "when_form": when_form,
        "error": error,
        "now": timezone.now(),
        "window": interviews.window(found),
    }
    return render(request, "employerservice/employer/interview.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@permission_required(EMPLOYER_WORKSPACE)
def subsidy_new(request: HttpRequest, pk: int) -> HttpResponse:
    employer = own_company(request, pk)
    people = [c.person for c in interviews.candidates_of(employer)]
    form = SubsidyForm(request.POST or None, people=people, initial={"person": request.GET.get("person", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person: User = next(p for p in people if p.pk == data["person"])
        try:
            application = subsidies.apply(
                actor=user(request), employer=employer, person=person, kind=data["kind"],
                start_date=data["start_date"], contract_end=data["contract_end"],
                hours_per_week=data["hours_per_week"], gross_wage=data["gross_wage"], job_title=data["job_title"],
                request=request,
            )  # fmt: skip
        except subsidies.SubsidyError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Ihr Antrag ist eingegangen. Der Arbeitgeber-Service prüft ihn."))
            return redirect("employerservice:subsidy", jobcenter=jobcenter(request).slug, pk=application.pk)
    status = 400 if form.errors else 200
    return render(
        request, "employerservice/employer/subsidy_form.html", {"employer": employer, "form": form}, status=status
    )


@require_GET
@permission_required(EMPLOYER_WORKSPACE)
def subsidy(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_subsidy(request, pk)
    return render(
        request,
        "employerservice/employer/subsidy.html",
        {"application": application, "payments": application.payments.all()},
    )


@require_http_methods(["GET", "POST"])
@permission_required(EMPLOYER_WORKSPACE)
def thread(request: HttpRequest, employer: int) -> HttpResponse:
    company = own_company(request, employer)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            companies.post_message(actor=user(request), employer=company, text=form.cleaned_data["text"],
                                   from_staff=False, request=request)  # fmt: skip
        except companies.CompanyError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("Ihre Nachricht ist verschickt."))
            return redirect("employerservice:messages", jobcenter=jobcenter(request).slug, employer=company.pk)
    companies.mark_read(company, by_staff=False)
    listed = EmployerMessage.objects.for_tenant(jobcenter(request)).filter(employer=company).select_related("author")
    return render(
        request,
        "employerservice/employer/messages.html",
        {"employer": company, "form": form, "thread": listed},
        status=400 if form.errors else 200,
    )
