"""Catalogue staff: the Jobcenter's programme providers and their accounts, and the childcare hours."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.learning.forms import ChildcareForm, MemberForm, ProviderForm
from openjobcenter.learning.models import Provider
from openjobcenter.learning.services import catalogue, providers
from openjobcenter.learning.services.access import MANAGE_CATALOGUE
from openjobcenter.learning.services.errors import LearningError
from openjobcenter.learning.views.common import show_error


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_CATALOGUE)
def provider_list(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            providers.create_provider(request.user, jobcenter, request=request, **form.cleaned_data)  # type: ignore[arg-type]
        except LearningError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Der Träger ist angelegt."))
            return redirect("learning:providers", jobcenter=jobcenter.slug)
    rules = catalogue.settings_for(jobcenter)
    context = {
        "providers": Provider.objects.for_tenant(jobcenter).prefetch_related("memberships__user"),
        "form": form,
        "member_form": MemberForm(),
        "childcare_form": ChildcareForm(
            initial={"childcare_starts": rules.childcare_starts, "childcare_ends": rules.childcare_ends}
        ),
    }
    return render(request, "learning/staff/providers.html", context, status=400 if form.errors else 200)


@require_POST
@permission_required(MANAGE_CATALOGUE)
def provider_member(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    provider = Provider.objects.for_tenant(jobcenter).filter(pk=pk).first()
    if provider is None:
        raise Http404
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            providers.add_member(request.user, provider, form.cleaned_data["email"], request=request)  # type: ignore[arg-type]
        except LearningError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Das Konto arbeitet jetzt für %(name)s.") % {"name": provider.name})
    else:
        messages.error(request, _("Bitte geben Sie eine gültige E-Mail-Adresse ein."))
    return redirect("learning:providers", jobcenter=jobcenter.slug)


@require_POST
@permission_required(MANAGE_CATALOGUE)
def childcare(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    form = ChildcareForm(request.POST)
    if form.is_valid():
        catalogue.change_settings(request.user, jobcenter, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Die Kinderbetreuungszeiten sind gespeichert; alle Kurse wurden neu geprüft."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("learning:providers", jobcenter=jobcenter.slug)
