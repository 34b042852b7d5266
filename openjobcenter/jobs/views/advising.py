"""The advisor's side (staff workspace, from the case file): matching for a client, suggestions and
the client's reactions, employers' feedback on the client.

Access follows the case file: ``jobs.match_candidates`` and the responsible team of the case
(``casefile.services.access.staff_access`` = team); others of the Jobcenter get 403, other
Jobcenters 404. Every view is logged as a read of the client's data.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.models import User
from openjobcenter.audit.services import log_read
from openjobcenter.casefile.models import Case, HouseholdRole
from openjobcenter.casefile.services.access import Access, staff_access
from openjobcenter.jobs.forms import SuggestionForm
from openjobcenter.jobs.models import Suggestion, WorkingTime
from openjobcenter.jobs.services import matching
from openjobcenter.jobs.services.candidates import CandidateError, feedback_about, profile_of, suggest
from openjobcenter.jobs.services.search import published

MATCH = "jobs.match_candidates"
PURPOSE_MATCHING = gettext_noop("Stellenvermittlung: passende Stellen und Rückmeldungen von Arbeitgebern")


def _case_and_person(request: HttpRequest, pk: int) -> tuple[Case, User]:
    case = Case.objects.for_tenant(request.jobcenter).filter(pk=pk).first()  # type: ignore[attr-defined]
    if case is None:
        raise Http404
    if staff_access(request.user, case) != Access.TEAM:  # type: ignore[arg-type]
        raise PermissionDenied
    memberships = list(case.memberships.select_related("person"))
    wanted = request.GET.get("person", "") or request.POST.get("person", "")
    if wanted:
        found = next((m.person for m in memberships if str(m.person_id) == wanted), None)
        if found is None:
            raise Http404
        return case, found
    if not memberships:
        raise Http404
    return case, next((m for m in memberships if m.role == HouseholdRole.HEAD), memberships[0]).person


def _url(case: Case, person: User) -> str:
    return (
        reverse("jobs:staff_client", kwargs={"jobcenter": case.jobcenter.slug, "case": case.pk})
        + f"?person={person.pk}"
    )


@require_GET
@permission_required(MATCH)
def client(request: HttpRequest, case: int) -> HttpResponse:
    found, person = _case_and_person(request, case)
    with transaction.atomic():
        log_read(
            actor=request.user,  # type: ignore[arg-type]
            jobcenter=found.jobcenter,
            subject=person,
            purpose=PURPOSE_MATCHING,
            target=found,
            request=request,
        )
    profile = profile_of(person, found.jobcenter)
    suggestions = list(
        Suggestion.objects.for_tenant(found.jobcenter)
        .filter(person=person)
        .select_related("vacancy", "vacancy__employer", "advisor")
    )
    suggested = {s.vacancy_id for s in suggestions}
    matches = matching.vacancies_for(profile, limit=20, for_citizen=False) if profile is not None else []
    context = {
        "case": found,
        "person": person,
        "members": [m.person for m in found.memberships.select_related("person")],
        "profile": profile,
        "matches": matches,
        "suggested": suggested,
        "suggestions": suggestions,
        "feedback": feedback_about(person, found.jobcenter),
        "form": SuggestionForm(),
        "working_times": [WorkingTime(value).label for value in profile.working_times] if profile else [],
    }
    return render(request, "jobs/staff/client.html", context)


@require_POST
@permission_required(MATCH)
def suggest_vacancy(request: HttpRequest, case: int) -> HttpResponse:
    found, person = _case_and_person(request, case)
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Stelle."))
        return redirect(_url(found, person))
    vacancy = published(found.jobcenter).filter(pk=form.cleaned_data["vacancy"]).first()
    if vacancy is None:
        messages.error(request, _("Diese Stelle gibt es nicht oder sie ist nicht mehr veröffentlicht."))
        return redirect(_url(found, person))
    try:
        suggest(advisor=request.user, person=person, vacancy=vacancy, note=form.cleaned_data["note"], request=request)  # type: ignore[arg-type]
    except CandidateError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Der Vorschlag ist verschickt. Die Kundin oder der Kunde sieht ihn in „Mein Bereich“.")
        )
    return redirect(_url(found, person) + "#vorschlaege")
