"""Staff-facing: the Jobcenter's deletion periods (admin) and the deletion log (admin, team leads)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.models import User
from openjobcenter.casefile.forms import CaseHoldForm, LiftHoldForm, RetentionRuleForm
from openjobcenter.casefile.models import Case, Category, LegalHold
from openjobcenter.casefile.services.retention import (
    DEFAULT_MONTHS,
    MANAGE_RETENTION,
    HoldRefused,
    deletion_log,
    lift_hold,
    rules_of,
    set_hold,
    set_rule,
)

VIEW_DELETIONS = "casefile.view_deletion_log"
PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_RETENTION)
def rules(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    months = rules_of(jobcenter)
    form = RetentionRuleForm(request.POST or None, months=months)
    if request.method == "POST" and form.is_valid():
        changed = 0
        for category in Category.values:
            if form.cleaned_data[category] != months[category]:
                changed += set_rule(
                    actor=request.user,  # type: ignore[arg-type]
                    jobcenter=jobcenter,
                    category=category,
                    months=form.cleaned_data[category],
                    request=request,
                )
        messages.success(
            request,
            ngettext(
                "Die Löschfristen sind gespeichert. %(count)d Dokument hat ein neues Löschdatum.",
                "Die Löschfristen sind gespeichert. %(count)d Dokumente haben ein neues Löschdatum.",
                changed,
            )
            % {"count": changed},
        )
        return redirect("casefile:retention", jobcenter=jobcenter.slug)
    defaults = [(label, DEFAULT_MONTHS[value]) for value, label in Category.choices]
    status = 400 if request.method == "POST" else 200
    return render(request, "casefile/staff/retention.html", {"form": form, "defaults": defaults}, status=status)


@require_GET
@permission_required(VIEW_DELETIONS)
def deletions(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    entries = deletion_log(jobcenter)
    if not request.user.has_perm(MANAGE_RETENTION):
        # Team leads see their own team's cases only: need to know, even for metadata.
        entries = entries.filter(case__team_id=request.user.team_id) if request.user.team_id else entries.none()  # type: ignore[union-attr]
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casefile/staff/deletions.html", {"page": page})


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_RETENTION)
def holds(request: HttpRequest) -> HttpResponse:
    """The admin's view of legal holds: every active one (no content), and a hold on a case by its number."""
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    form = CaseHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = Case.objects.for_tenant(jobcenter).filter(customer_number__iexact=form.cleaned_data["number"]).first()
        if case is None:
            form.add_error("number", _("Zu dieser Kundennummer gibt es keine Akte."))
        else:
            try:
                set_hold(actor=cast(User, request.user), case=case, reason=form.cleaned_data["reason"], request=request)
            except HoldRefused:
                raise PermissionDenied from None
            messages.success(
                request, _("Die Löschsperre für die Akte %(number)s ist gesetzt.") % {"number": case.customer_number}
            )
            return redirect("casefile:holds", jobcenter=jobcenter.slug)
    active = (
        LegalHold.objects.for_tenant(jobcenter)
        .filter(lifted_at__isnull=True)
        .select_related("case", "document", "set_by")
        .order_by("case__customer_number", "pk")
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "casefile/staff/holds.html", {"form": form, "holds": active}, status=status)


@require_POST
@permission_required(MANAGE_RETENTION)
def lift_case_hold(request: HttpRequest, hold_id: int) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    held = LegalHold.objects.for_tenant(jobcenter).filter(pk=hold_id).select_related("case", "document").first()
    if held is None:
        raise Http404
    form = LiftHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte begründen Sie die Aufhebung in mindestens 10 Zeichen."))
    else:
        try:
            lift_hold(actor=cast(User, request.user), hold=held, reason=form.cleaned_data["reason"], request=request)
        except HoldRefused:
            raise PermissionDenied from None
        messages.success(request, _("Die Löschsperre ist aufgehoben."))
    return redirect("casefile:holds", jobcenter=jobcenter.slug)
