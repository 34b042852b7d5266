"""The employer service's workspace: companies (contact history, messages), vacancy quality, subsidy
applications (check, decide, payments, coaching), interviews for the candidate's advisor, targets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required, staff_required
from openjobcenter.employerservice.forms import (
    CoachingForm,
    CoachingRecordForm,
    ContactForm,
    DecisionForm,
    FactsForm,
    MessageForm,
    ReturnForm,
    TargetForm,
)
from openjobcenter.employerservice.models import (
    CoachingSession,
    ContactNote,
    EmployerMessage,
    SubsidyApplication,
    SubsidyPayment,
    SubsidyStatus,
)
from openjobcenter.employerservice.services import companies, rules, subsidies, targets
from openjobcenter.employerservice.views.common import STAFF_WORKSPACE, interview_by_code, jobcenter, user
from openjobcenter.jobs.models import Employer, EmployerStatus, Vacancy


@require_GET
@permission_required(STAFF_WORKSPACE)
def home(request: HttpRequest) -> HttpResponse:
    tenant = jobcenter(request)
    context = {
        "pending_employers": Employer.objects.for_tenant(tenant).filter(status=EmployerStatus.PENDING).count(),
        "open_subsidies": SubsidyApplication.objects.for_tenant(tenant).filter(status=SubsidyStatus.SUBMITTED).count(),
        "unread": EmployerMessage.objects.for_tenant(tenant).filter(from_staff=False, read_at__isnull=True).count(),
        "quality": len(companies.quality_issues(tenant, limit=100)),
    }
    return render(request, "employerservice/staff/home.html", context)


@require_GET
@permission_required("employerservice.check_vacancy_quality")
def quality(request: HttpRequest) -> HttpResponse:
    return render(
        request, "employerservice/staff/quality.html", {"issues": companies.quality_issues(jobcenter(request))}
    )


@require_http_methods(["GET", "POST"])
@permission_required("employerservice.check_vacancy_quality")
def return_vacancy(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = Vacancy.objects.for_tenant(jobcenter(request)).select_related("employer").filter(pk=pk).first()
    if vacancy is None:
        raise Http404
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            companies.return_vacancy(
                actor=user(request), vacancy=vacancy, note=form.cleaned_data["note"], request=request
            )
        except companies.CompanyError as error:
            form.add_error("note" if error.field else None, error.message)
        else:
            messages.success(request, _("Die Stelle ist zurückgegeben; das Unternehmen hat Ihren Hinweis erhalten."))
            return redirect("employerservice:staff_quality", jobcenter=jobcenter(request).slug)
    context = {
        "vacancy": vacancy,
        "form": form,
        "problems": [str(companies.PROBLEMS[p]) for p in companies.problems_of(vacancy)],
    }
    return render(request, "employerservice/staff/return.html", context, status=400 if form.errors else 200)


@require_GET
@permission_required(STAFF_WORKSPACE)
def company_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    listed = Employer.objects.for_tenant(jobcenter(request)).exclude(status=EmployerStatus.REJECTED)
    if query:
        listed = listed.filter(name__icontains=query)
    return render(request, "employerservice/staff/companies.html", {"companies": listed[:200], "q": query})


@require_http_methods(["GET", "POST"])
@permission_required(STAFF_WORKSPACE)
def company(request: HttpRequest, pk: int) -> HttpResponse:
    tenant = jobcenter(request)
    employer = Employer.objects.for_tenant(tenant).filter(pk=pk).first()
    if employer is None:
        raise Http404
    action = request.POST.get("action")
    contact_form = ContactForm(request.POST if action == "contact" else None)
    message_form = MessageForm(request.POST if action == "message" else None)
    if request.method == "POST":
        try:
            if action == "contact" and contact_form.is_valid():
                companies.add_contact(
                    actor=user(request), employer=employer, request=request, **contact_form.cleaned_data
                )
                messages.success(request, _("Der Kontakt ist eingetragen."))
                return redirect("employerservice:staff_company", jobcenter=tenant.slug, pk=employer.pk)
            if action == "message" and message_form.is_valid():
                companies.post_message(actor=user(request), employer=employer, text=message_form.cleaned_data["text"],
                                       from_staff=True, request=request)  # fmt: skip
                messages.success(request, _("Ihre Nachricht ist verschickt."))
                return redirect("employerservice:staff_company", jobcenter=tenant.slug, pk=employer.pk)
        except companies.CompanyError as error:
            target_form: Any = contact_form if action == "contact" else message_form
            target_form.add_error(error.field if error.field in target_form.fields else None, error.message)
    companies.mark_read(employer, by_staff=True)
    context = {
        "employer": employer,
        "contacts": ContactNote.objects.for_tenant(tenant).filter(employer=employer).select_related("staff")[:100],
        "thread": EmployerMessage.objects.for_tenant(tenant).filter(employer=employer).select_related("author"),
        "subsidies": SubsidyApplication.objects.for_tenant(tenant)
        .filter(employer=employer)
        .select_related("person")[:50],
        "contact_form": contact_form,
        "message_form": message_form,
    }
    failed = contact_form.errors or message_form.errors
    return render(request, "employerservice/staff/company.html", context, status=400 if failed else 200)


@require_GET
@permission_required("employerservice.decide_subsidies")
def subsidy_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", SubsidyStatus.SUBMITTED)
    if status not in SubsidyStatus.values:
        status = SubsidyStatus.SUBMITTED
    listed = (
        SubsidyApplication.objects.for_tenant(jobcenter(request))
        .filter(status=status)
        .select_related("employer", "person")
        .order_by("created_at", "pk")[:200]
    )
    return render(request, "employerservice/staff/subsidies.html",
                  {"applications": listed, "status": status, "statuses": SubsidyStatus.choices})  # fmt: skip


def _application(request: HttpRequest, pk: int) -> SubsidyApplication:
    found = (
        SubsidyApplication.objects.for_tenant(jobcenter(request))
        .select_related("employer", "person", "rule", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _manual(application: SubsidyApplication) -> list[tuple[str, str]]:
    checks = rules.evaluate(application.rule, {k: v for k, v in application.facts.items() if k != "confirmed"},
                            start=application.start_date, contract_end=application.contract_end)  # fmt: skip
    return [(c.code, c.label) for c in checks if c.result == rules.MANUAL]


@require_http_methods(["GET", "POST"])
@permission_required("employerservice.decide_subsidies")
def subsidy(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    action = request.POST.get("action")
    facts_form = FactsForm(request.POST if action == "facts" else None, manual=_manual(application),
                           initial=application.facts)  # fmt: skip
    decision_form = DecisionForm(request.POST if action == "decide" else None)
    coaching_form = CoachingForm(request.POST if action == "coaching" else None)
    error = ""
    if request.method == "POST":
        try:
            if action == "facts" and facts_form.is_valid():
                subsidies.confirm_facts(
                    application, actor=user(request), facts=facts_form.cleaned_data, request=request
                )
                messages.success(request, _("Die Angaben sind gespeichert und die Voraussetzungen neu geprüft."))
            elif action == "decide" and decision_form.is_valid():
                approve = decision_form.cleaned_data["decision"] == "approve"
                subsidies.decide(application, actor=user(request), approve=approve,
                                 reason=decision_form.cleaned_data["reason"], request=request)  # fmt: skip
                messages.success(
                    request, _("Der Zuschuss ist bewilligt.") if approve else _("Der Antrag ist abgelehnt.")
                )
            elif action == "shares":
                added = subsidies.add_missing_shares(application, actor=user(request), request=request)
                messages.success(
                    request,
                    ngettext(
                        "Bei %(count)d offenen Rate ist der Arbeitgeberanteil ergänzt.",
                        "Bei %(count)d offenen Raten ist der Arbeitgeberanteil ergänzt.",
                        len(added),
                    )
                    % {"count": len(added)},
                )
            elif action == "coaching" and coaching_form.is_valid():
                subsidies.add_coaching(application, actor=user(request), start=coaching_form.start(),
                                       topic=coaching_form.cleaned_data["topic"], request=request)  # fmt: skip
                messages.success(request, _("Der Coaching-Termin ist eingetragen."))
            else:
                error = _("Bitte prüfen Sie Ihre Angaben.")
        except subsidies.SubsidyError as problem:
            error = problem.message
        if not error:
            return redirect("employerservice:staff_subsidy", jobcenter=jobcenter(request).slug, pk=application.pk)
    payments = list(application.payments.all())
    preview = rules.schedule(
        application.rule, start=application.start_date, contract_end=application.contract_end,
        wage=application.gross_wage,
    )  # fmt: skip
    recorded = {item.month for item in preview if not item.share_missing}
    context = {
        "application": application,
        # Open instalments recorded without the share for which a figure has been recorded since.
        "shares_to_add": sum(1 for p in payments if p.paid_at is None and p.share_missing and p.month in recorded),
        "checks": rules.evaluate(
            application.rule, application.facts, start=application.start_date, contract_end=application.contract_end
        ),
        "facts_form": facts_form,
        "decision_form": decision_form,
        "coaching_form": coaching_form,
        "coaching": application.coaching.all(),
        "record_form": CoachingRecordForm(),
        "payments": payments,
        "paid_total": sum((p.amount for p in payments if p.paid_at), 0),
        "due_total": sum((p.amount for p in payments), 0),
        "preview": preview,
        "share_periods": rules.share_periods(payments if payments else preview),
        "error": error,
        "staff": True,
        "may_pay": request.user.has_perm("employerservice.record_payments"),
    }
    return render(request, "employerservice/staff/subsidy.html", context, status=400 if error else 200)


@require_POST
@permission_required("employerservice.record_payments")
def mark_paid(request: HttpRequest, pk: int, payment: int) -> HttpResponse:
    application = _application(request, pk)
    found = SubsidyPayment.objects.for_tenant(jobcenter(request)).filter(pk=payment, application=application).first()
    if found is None:
        raise Http404
    found.application = application
    if subsidies.mark_paid(found, actor=user(request), request=request):
        messages.success(request, _("Die Zahlung ist als gezahlt vermerkt."))
    return redirect("employerservice:staff_subsidy", jobcenter=jobcenter(request).slug, pk=application.pk)


@require_POST
@permission_required("employerservice.record_coaching")
def record_coaching(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    application = _application(request, pk)
    found = CoachingSession.objects.for_tenant(jobcenter(request)).filter(pk=session, application=application).first()
    if found is None:
        raise Http404
    found.application = application
    form = CoachingRecordForm(request.POST)
    if form.is_valid():
        subsidies.record_coaching(found, actor=user(request), status=form.cleaned_data["status"],
                                  note=form.cleaned_data["note"], request=request)  # fmt: skip
        messages.success(request, _("Der Coaching-Termin ist erfasst."))
    else:
        messages.error(request, _("Bitte wählen Sie, ob der Termin stattgefunden hat."))
    return redirect("employerservice:staff_subsidy", jobcenter=jobcenter(request).slug, pk=application.pk)


@require_GET
@staff_required
def staff_interview(request: HttpRequest, code: str) -> HttpResponse:
    """For the employer service and for advisors of the candidate's responsible team."""
    found = interview_by_code(request, code)
    viewer = user(request)
    may_see = viewer.has_perm("employerservice.view_interviews") or (
        found.team_id is not None and viewer.team_id == found.team_id and viewer.has_perm("casefile.view_case")
    )
    if not may_see:
        raise Http404
    from openjobcenter.employerservice.services.interviews import role_of

    return render(request, "employerservice/staff/interview.html",
                  {"interview": found, "may_join": role_of(found, viewer) == "advisor"})  # fmt: skip


@require_http_methods(["GET", "POST"])
@permission_required("employerservice.view_targets")
def targets_page(request: HttpRequest) -> HttpResponse:
    tenant = jobcenter(request)
    may_set = request.user.has_perm("employerservice.set_targets")
    form = TargetForm(request.POST or None) if may_set else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                targets.set_target(actor=user(request), jobcenter=tenant, request=request, **form.cleaned_data)
            except targets.TargetError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Die Zielvorgabe ist gespeichert."))
                return redirect("employerservice:targets", jobcenter=tenant.slug)
    listed = [targets.progress(target) for target in targets.current_targets(tenant)]
    context = {"progress_list": listed, "form": form, "charts": True}
    return render(
        request, "employerservice/staff/targets.html", context, status=400 if form is not None and form.errors else 200
    )
