"""The employer's side of matching: "Passende Kandidatinnen und Kandidaten" per vacancy
(anonymised), contact requests, the people who applied with their folder or accepted contact, and
feedback on each of them. The employer service acting for a company sees the same."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.models import User
from openjobcenter.folder.models import Share
from openjobcenter.jobs.forms import ContactRequestForm, FeedbackForm
from openjobcenter.jobs.models import CandidateFeedback, ContactRequest, ContactStatus, Vacancy
from openjobcenter.jobs.services import matching
from openjobcenter.jobs.services.candidates import (
    CandidateError,
    employer_profile,
    give_feedback,
    request_contact,
    revealed_to,
    view_for,
    withdraw_contact,
)
from openjobcenter.jobs.views.common import managed_vacancy


def _slug(request: HttpRequest) -> str:
    return str(request.jobcenter.slug)  # type: ignore[attr-defined]


def _may_search(request: HttpRequest) -> bool:
    return bool(
        request.user.has_perm("jobs.search_candidates") or request.user.has_perm("jobs.manage_vacancies_for_employers")
    )


def applicants(vacancy: Vacancy) -> list[dict[str, object]]:
    """People known to the employer for this vacancy: applied with the folder, or accepted a contact
    request about it — each once, with the feedback given so far."""
    people: dict[int, dict[str, object]] = {}
    shares = (
        Share.objects.for_tenant(vacancy.jobcenter)
        .filter(employer=vacancy.employer, vacancy=vacancy)
        .select_related("folder", "folder__owner")
        .order_by("created_at")
    )
    for share in shares:
        owner = share.folder.owner
        people.setdefault(owner.pk, {"person": owner, "share": share, "via": _("Bewerbung mit Mappe")})
    contacts = (
        ContactRequest.objects.for_tenant(vacancy.jobcenter)
        .filter(employer=vacancy.employer, vacancy=vacancy, status=ContactStatus.ACCEPTED)
        .select_related("profile", "profile__person")
    )
    for contact in contacts:
        person = contact.profile.person
        people.setdefault(person.pk, {"person": person, "share": None, "via": _("Kontaktanfrage angenommen")})
    feedback = CandidateFeedback.objects.for_tenant(vacancy.jobcenter).filter(
        employer=vacancy.employer, vacancy=vacancy, person__in=list(people)
    )
    for item in feedback:
        people[item.person_id].setdefault("feedback", item)
    return list(people.values())


@require_GET
def vacancy_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = managed_vacancy(request, pk)
    if not _may_search(request):
        raise Http404
    found = matching.candidates_for(vacancy, limit=50)
    contacts = {
        c.profile_id: c
        for c in ContactRequest.objects.for_tenant(vacancy.jobcenter)
        .filter(employer=vacancy.employer)
        .order_by("created_at")
    }
    rows = [(match, view_for(vacancy.employer, match.profile), contacts.get(match.profile_id)) for match in found]  # type: ignore[arg-type]
    context = {"vacancy": vacancy, "rows": rows, "applicants": applicants(vacancy)}
    return render(request, "jobs/employer/candidates.html", context)


@require_http_methods(["GET", "POST"])
def candidate(request: HttpRequest, vacancy: int, pk: int) -> HttpResponse:
    job = managed_vacancy(request, vacancy)
    if not _may_search(request):
        raise Http404
    profile = employer_profile(job.employer, pk)
    if profile is None:
        raise Http404
    form = ContactRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_contact(
                actor=request.user,  # type: ignore[arg-type]
                employer=job.employer,
                profile=profile,
                vacancy=job,
                message=form.cleaned_data["message"],
                request=request,
            )
        except CandidateError as error:
            form.add_error("message" if error.field == "message" else None, error.message)
        else:
            messages.success(
                request, _("Ihre Kontaktanfrage ist verschickt. Sie erfahren hier, wie die Person entscheidet.")
            )
            return redirect("jobs:candidate", jobcenter=_slug(request), vacancy=job.pk, pk=profile.pk)
    match = next(
        iter(m for m in matching.candidates_for(job, limit=500, only_visible=False) if m.profile_id == profile.pk), None
    )
    contacts = ContactRequest.objects.for_tenant(job.jobcenter).filter(employer=job.employer, profile=profile)
    context = {
        "vacancy": job,
        "view": view_for(job.employer, profile),
        "match": match,
        "form": form,
        "contacts": contacts,
        "pending": any(c.status == ContactStatus.PENDING for c in contacts),
    }
    return render(request, "jobs/employer/candidate.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, vacancy: int, person: int) -> HttpResponse:
    job = managed_vacancy(request, vacancy)
    if not request.user.has_perm("jobs.give_feedback") and not request.user.has_perm(
        "jobs.manage_vacancies_for_employers"
    ):
        raise Http404
    candidate_person = User.objects.filter(pk=person).first()
    if candidate_person is None or not revealed_to(job.employer, candidate_person):
        raise Http404
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            give_feedback(
                actor=request.user,  # type: ignore[arg-type]
                employer=job.employer,
                person=candidate_person,
                vacancy=job,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                reason_text=form.cleaned_data["reason_text"],
                request=request,
            )
        except CandidateError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Danke für Ihre Rückmeldung. Das Jobcenter sieht sie."))
            return redirect("jobs:vacancy_candidates", jobcenter=_slug(request), pk=job.pk)
    given = (
        CandidateFeedback.objects.for_tenant(job.jobcenter)
        .filter(employer=job.employer, person=candidate_person)
        .select_related("vacancy")
    )
    context = {"vacancy": job, "person": candidate_person, "form": form, "given": given}
    return render(request, "jobs/employer/feedback.html", context, status=400 if form.errors else 200)


@require_POST
def contact_withdraw(request: HttpRequest, vacancy: int, pk: int) -> HttpResponse:
    """Withdraw the company's own pending contact request (from the candidate's page)."""
    job = managed_vacancy(request, vacancy)
    contact = (
        ContactRequest.objects.for_tenant(job.jobcenter)
        .filter(pk=pk, employer=job.employer, status=ContactStatus.PENDING)
        .first()
    )
    if contact is None:
        raise Http404
    try:
        withdraw_contact(actor=request.user, contact=contact, request=request)  # type: ignore[arg-type]
    except CandidateError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Die Kontaktanfrage ist zurückgezogen."))
    return redirect("jobs:candidate", jobcenter=_slug(request), vacancy=job.pk, pk=contact.profile_id)
