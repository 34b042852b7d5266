"""The catalogue: search with filters and the course page, for everybody (signed in or not)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.learning.forms import AssignForm, FilterForm, NoteForm
from openjobcenter.learning.models import ACTIVE, Enrolment, Session
from openjobcenter.learning.services import catalogue, enrolment
from openjobcenter.learning.services.access import ASSIGN, ENROL, team_clients
from openjobcenter.learning.services.errors import LearningError

PAGE_SIZE = 20


def _filters(form: FilterForm) -> catalogue.Filters:
    if not form.is_valid():
        return catalogue.Filters(text=str(form.data.get("q", ""))[:100])
    d = form.cleaned_data
    return catalogue.Filters(
        text=d["q"], format=d["format"], childcare=d["childcare"], language=d["language"], funding=d["funding"],
        starts_from=d["starts_from"],
    )  # fmt: skip


@require_GET
def catalogue_page(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    form = FilterForm(request.GET or None)
    courses = catalogue.search(jobcenter, _filters(form))
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    rules = catalogue.settings_for(jobcenter)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rules": rules, "query": query.urlencode(), "count": page.paginator.count}
    return render(request, "learning/public/catalogue.html", context)


def _course_or_404(request: HttpRequest, pk: int) -> Any:
    course = catalogue.published_course(request.jobcenter, pk)  # type: ignore[attr-defined]
    if course is None:
        raise Http404
    return course


@require_GET
def course_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _course_page(request, pk)


def _course_page(
    request: HttpRequest, pk: int, *, note_form: NoteForm | None = None, assign_form: AssignForm | None = None
) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    course = _course_or_404(request, pk)
    user = request.user
    sessions = list(Session.objects.for_tenant(jobcenter).filter(course=course))
    rules = catalogue.settings_for(jobcenter)
    context: dict[str, Any] = {
        "course": course,
        "sessions": [(s, catalogue.session_fits(s, rules)) for s in sessions],
        "rules": rules,
    }
    if user.is_authenticated and user.belongs_to(jobcenter):
        if user.has_perm(ENROL):
            context["mine"] = (
                Enrolment.objects.for_tenant(jobcenter).filter(course=course, person=user, status__in=ACTIVE).first()
            )
            context["note_form"] = note_form or NoteForm()
        if user.has_perm(ASSIGN):
            people = [(p.pk, p.get_full_name()) for p in team_clients(user, jobcenter)]
            courses = catalogue.search(jobcenter, catalogue.Filters()).filter(pk=course.pk)
            context["assign_form"] = assign_form or AssignForm(
                initial={"course": course.pk}, people=people, courses=courses
            )
    status = 400 if (note_form is not None or assign_form is not None) else 200
    return render(request, "learning/public/course.html", context, status=status)


@require_POST
@permission_required(ENROL)
def request_place(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course_or_404(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _course_page(request, pk, note_form=form)
    try:
        enrolment.request_place(request.user, course, note=form.cleaned_data["note"], request=request)  # type: ignore[arg-type]
    except LearningError as error:
        form.add_error(None, error.message)
        return _course_page(request, pk, note_form=form)
    messages.success(
        request,
        _(
            "Ihre Anfrage ist bei Ihrer Beraterin oder Ihrem Berater. Sie erhalten eine Nachricht, sobald entschieden ist."
        ),
    )
    return redirect("learning:my_courses", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]
