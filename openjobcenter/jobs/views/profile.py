"""The citizen's side of matching: own candidate profile, "Passende Stellen", the advisor's
suggestions, and employers' contact requests (accept or decline)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.jobs.forms import ProfileForm, ReactionForm
from openjobcenter.jobs.models import ContactRequest, ContactStatus, Suggestion
from openjobcenter.jobs.services import matching
from openjobcenter.jobs.services.candidates import CandidateError, decide_contact, profile_of, react, save_profile

OWN_PROFILE = "jobs.manage_own_profile"


def _slug(request: HttpRequest) -> str:
    return str(request.jobcenter.slug)  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
@permission_required(OWN_PROFILE)
def profile(request: HttpRequest) -> HttpResponse:
    current = profile_of(request.user, request.jobcenter)  # type: ignore[arg-type,attr-defined]
    form = ProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            save_profile(
                person=request.user,  # type: ignore[arg-type]
                jobcenter=request.jobcenter,  # type: ignore[attr-defined]
                fields=form.service_fields(),
                occupations=form.cleaned_data["occupation_list"],
                request=request,
            )
        except CandidateError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if form.cleaned_data.get("add_occupation"):
                messages.success(request, _("Der Wunschberuf ist hinzugefügt. Bitte prüfen Sie die Auswahl."))
                return redirect("jobs:profile", jobcenter=_slug(request))
            messages.success(request, _("Ihr Profil ist gespeichert."))
            return redirect("jobs:matches", jobcenter=_slug(request))
    return render(
        request, "jobs/citizen/profile.html", {"form": form, "profile": current}, status=400 if form.errors else 200
    )


@require_GET
@permission_required(OWN_PROFILE)
def matches(request: HttpRequest) -> HttpResponse:
    current = profile_of(request.user, request.jobcenter)  # type: ignore[arg-type,attr-defined]
    found = matching.vacancies_for(current, limit=50) if current is not None else []
    return render(request, "jobs/citizen/matches.html", {"profile": current, "matches": found})


@require_GET
@permission_required(OWN_PROFILE)
def suggestions(request: HttpRequest) -> HttpResponse:
    listed = (
        Suggestion.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined,misc]
        .filter(person=request.user)
        .select_related("vacancy", "vacancy__employer", "advisor")
    )
    return render(request, "jobs/citizen/suggestions.html", {"suggestions": listed, "form": ReactionForm()})


@require_POST
@permission_required(OWN_PROFILE)
def suggestion_react(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = Suggestion.objects.for_tenant(request.jobcenter).filter(pk=pk, person=request.user).first()  # type: ignore[attr-defined,misc]
    if suggestion is None:
        raise Http404
    form = ReactionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie „Interessiert“ oder „Passt nicht“."))
    else:
        react(
            person=request.user,  # type: ignore[arg-type]
            suggestion=suggestion,
            reaction=form.cleaned_data["reaction"],
            note=form.cleaned_data["note"],
            request=request,
        )
        messages.success(request, _("Danke, Ihre Ansprechperson sieht Ihre Rückmeldung."))
    return redirect("jobs:suggestions", jobcenter=_slug(request))


@require_GET
@permission_required(OWN_PROFILE)
def contact_requests(request: HttpRequest) -> HttpResponse:
    listed = (
        ContactRequest.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined,misc]
        .filter(profile__person=request.user)
        .select_related("employer", "vacancy")
    )
    return render(request, "jobs/citizen/contacts.html", {"contacts": listed})


@require_POST
@permission_required(OWN_PROFILE)
def contact_decide(request: HttpRequest, pk: int) -> HttpResponse:
    contact = (
        ContactRequest.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined,misc]
        .select_related("profile", "employer")
        .filter(pk=pk, profile__person=request.user)
        .first()
    )
    if contact is None:
        raise Http404
    decision = request.POST.get("decision", "")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Bitte wählen Sie „Annehmen“ oder „Ablehnen“."))
        return redirect("jobs:contact_requests", jobcenter=_slug(request))
    try:
        decide_contact(person=request.user, contact=contact, accept=decision == "accept", request=request)  # type: ignore[arg-type]
    except CandidateError as error:
        messages.error(request, error.message)
    else:
        if contact.status == ContactStatus.ACCEPTED:
            messages.success(
                request,
                _("Sie haben die Anfrage angenommen. %(employer)s sieht jetzt Ihren Namen und Ihre E-Mail-Adresse.")
                % {"employer": contact.employer.name},
            )
        else:
            messages.success(
                request, _("Sie haben die Anfrage abgelehnt. Das Unternehmen erfährt nicht, wer Sie sind.")
            )
    return redirect("jobs:contact_requests", jobcenter=_slug(request))
