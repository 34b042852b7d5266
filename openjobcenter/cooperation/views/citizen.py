"""Citizen-facing: "Mein Kooperationsplan" – read, comment, acknowledge, tick off own steps, PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.casefile.services.access import case_of_client
from openjobcenter.cooperation.forms import CommentForm
from openjobcenter.cooperation.models import Acknowledgement, Comment, Plan, Status, Step, Version
from openjobcenter.cooperation.services.plans import (
    PlanError,
    acknowledge,
    add_comment,
    current_version,
    mark_step,
    plan_for,
)
from openjobcenter.cooperation.views.common import pdf_response

VIEW_OWN = "cooperation.view_own_plan"


def _own_plan(request: HttpRequest) -> Plan | None:
    case = case_of_client(request.user, request.jobcenter)  # type: ignore[arg-type,attr-defined]
    return plan_for(case, request.user) if case is not None else None  # type: ignore[arg-type]


def _own_version(request: HttpRequest, number: int) -> Version:
    plan = _own_plan(request)
    version = (
        Version.objects.for_tenant(plan.jobcenter).filter(plan=plan, number=number, status=Status.PUBLISHED).first()
        if plan is not None
        else None
    )
    if version is None:
        raise Http404
    return version


def _back(request: HttpRequest) -> HttpResponse:
    return redirect("cooperation:my_plan", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]


@require_GET
@permission_required(VIEW_OWN)
def my_plan(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _page(request: HttpRequest, *, status: int = 200, comment_form: CommentForm | None = None) -> HttpResponse:
    plan = _own_plan(request)
    version = current_version(plan)
    context: dict[str, Any] = {"version": version, "comment_form": comment_form or CommentForm()}
    if version is not None:
        context.update(
            steps=list(version.steps.all()),
            comments=Comment.objects.for_tenant(version.jobcenter).filter(version=version),
            acknowledgement=Acknowledgement.objects.for_tenant(version.jobcenter)
            .filter(version=version, person=request.user.pk)
            .first(),
        )
    return render(request, "cooperation/citizen/plan.html", context, status=status)


@require_POST
@permission_required(VIEW_OWN)
def my_acknowledge(request: HttpRequest, version: int) -> HttpResponse:
    try:
        acknowledge(actor=request.user, version=_own_version(request, version), request=request)  # type: ignore[arg-type]
    except PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Danke. Sie haben bestätigt, dass Sie den Plan gelesen haben und einverstanden sind.")
        )
    return _back(request)


@require_POST
@permission_required(VIEW_OWN)
def my_comment(request: HttpRequest, version: int) -> HttpResponse:
    target = _own_version(request, version)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, comment_form=form)
    try:
        add_comment(actor=request.user, version=target, text=form.cleaned_data["text"], request=request)  # type: ignore[arg-type]
    except PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Ihr Kommentar ist gespeichert. Ihre Beraterin oder Ihr Berater sieht ihn."))
    return _back(request)


@require_POST
@permission_required(VIEW_OWN)
def my_step(request: HttpRequest, step: int) -> HttpResponse:
    plan = _own_plan(request)
    found = Step.objects.filter(pk=step, version__plan=plan).select_related("version__plan").first() if plan else None
    if found is None:
        raise Http404
    try:
        mark_step(actor=request.user, step=found, done=request.POST.get("done") == "1", request=request)  # type: ignore[arg-type]
    except PlanError as error:
        messages.error(request, error.message)
    return _back(request)


@require_GET
@permission_required(VIEW_OWN)
def my_plan_pdf(request: HttpRequest, version: int) -> HttpResponse:
    return pdf_response(request, _own_version(request, version))
