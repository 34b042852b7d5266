"""Staff management for Jobcenter admins: list, create, edit, (de)activate, invite, reset 2FA.

Only accounts of the current Jobcenter are reachable; anybody else's id answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts import services, two_factor
from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.forms import StaffAccountForm, StaffEditForm
from openjobcenter.accounts.models import User
from openjobcenter.accounts.views.common import form_status
from openjobcenter.core.models import Jobcenter

manage_staff_required = permission_required("accounts.manage_staff")
PAGE_SIZE = 50


def staff_accounts(jobcenter: Jobcenter) -> QuerySet[User]:
    """Everybody of this Jobcenter with a role an admin manages, with roles, team and 2FA status."""
    return (
        User.in_tenant.for_tenant(jobcenter)
        .filter(role_assignments__role__in=services.ASSIGNABLE_ROLES)
        .distinct()
        .select_related("team")
        .prefetch_related("role_assignments")
        .annotate(has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("last_name", "first_name", "pk")
    )


def _person(request: HttpRequest, pk: int) -> User:
    person = staff_accounts(request.jobcenter).filter(pk=pk).first()  # type: ignore[attr-defined]
    if person is None:
        raise Http404
    return person


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _to_list(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:staff_people", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
@manage_staff_required
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    accounts = staff_accounts(request.jobcenter)  # type: ignore[attr-defined]
    if query:
        accounts = accounts.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(email__icontains=query)
        )
    page: Page[User] = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/staff/people.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
@manage_staff_required
def person_create(request: HttpRequest) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    form = StaffAccountForm(request.POST or None, jobcenter=jobcenter)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_staff_account(
                actor=_actor(request), jobcenter=jobcenter, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Das Konto für %(name)s ist angelegt. Die Einladung ist verschickt.") % {"name": person}
            )
            return _to_list(request)
    return render(request, "accounts/staff/person_form.html", {"form": form, "person": None}, status=form_status(form))


@require_http_methods(["GET", "POST"])
@manage_staff_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    person = _person(request, pk)
    initial: dict[str, Any] = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "roles": sorted(person.role_set & set(services.ASSIGNABLE_ROLES)),
        "team": person.team_id,
    }
    form = StaffEditForm(request.POST or None, initial=initial, jobcenter=jobcenter)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_staff_account(
                actor=_actor(request), jobcenter=jobcenter, user=person, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Die Änderungen für %(name)s sind gespeichert.") % {"name": person})
            return _to_list(request)
    context = {"form": form, "person": person, "is_self": person.pk == request.user.pk}
    return render(request, "accounts/staff/person_form.html", context, status=form_status(form))


def _action(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    person = _person(request, pk)
    try:
        action(actor=request.user, jobcenter=request.jobcenter, user=person, request=request)  # type: ignore[attr-defined]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"name": person})
    return redirect("accounts:staff_person_edit", jobcenter=request.jobcenter.slug, pk=person.pk)  # type: ignore[attr-defined]


@require_POST
@manage_staff_required
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.deactivate_account, _("Das Konto von %(name)s ist deaktiviert."))


@require_POST
@manage_staff_required
def person_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.reactivate_account, _("Das Konto von %(name)s ist wieder aktiv."))


@require_POST
@manage_staff_required
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.send_staff_invitation, _("Die Einladung an %(name)s ist verschickt."))


@require_POST
@manage_staff_required
def person_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        two_factor.reset_two_factor,
        _(
            "Die Zwei-Faktor-Anmeldung von %(name)s ist zurückgesetzt. Bei der nächsten Anmeldung richtet die Person sie neu ein."
        ),
    )
