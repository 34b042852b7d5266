"""Who may do what with which course and which person.

- A programme provider's user belongs to one provider (``ProviderMembership``) and manages and
  records attendance only for that provider's courses.
- Staff with ``learning.manage_catalogue`` maintain every course of their Jobcenter.
- An advisor assigns, confirms and sees participation only for clients whose case belongs to the
  advisor's team.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from openjobcenter.accounts.models import User
from openjobcenter.casefile.models import Case, Membership
from openjobcenter.learning.models import Course, Provider, ProviderMembership

if TYPE_CHECKING:
    from openjobcenter.core.models import Jobcenter

MANAGE_CATALOGUE = "learning.manage_catalogue"
MANAGE_COURSES = "learning.manage_courses"
RECORD_ATTENDANCE = "learning.record_attendance"
ASSIGN = "learning.assign_course"
VIEW_PARTICIPATION = "learning.view_participation"
ENROL = "learning.enrol"


def provider_of(user: User) -> Provider | None:
    """The provider the user works for (only in the user's own Jobcenter)."""
    if not user.is_authenticated or user.jobcenter_id is None:
        return None
    membership = (
        ProviderMembership.objects.select_related("provider")
        .filter(user=user, provider__jobcenter_id=user.jobcenter_id, provider__is_active=True)
        .first()
    )
    return membership.provider if membership is not None else None


def managed_courses(user: User, jobcenter: Jobcenter) -> QuerySet[Course]:
    """The courses ``user`` may edit: all of the Jobcenter for catalogue staff, the own provider's
    for a provider's user, none otherwise."""
    courses = Course.objects.for_tenant(jobcenter).select_related("provider")
    if not user.belongs_to(jobcenter):
        return courses.none()
    if user.has_perm(MANAGE_CATALOGUE):
        return courses
    provider = provider_of(user) if user.has_perm(MANAGE_COURSES) else None
    return courses.filter(provider=provider) if provider is not None else courses.none()


def may_manage(user: User, course: Course) -> bool:
    return managed_courses(user, course.jobcenter).filter(pk=course.pk).exists()


def may_record(user: User, course: Course) -> bool:
    """Attendance is recorded by the course's own provider."""
    if not user.has_perm(RECORD_ATTENDANCE) or not user.belongs_to(course.jobcenter):
        return False
    provider = provider_of(user)
    return provider is not None and provider.pk == course.provider_id


def team_cases(advisor: User, jobcenter: Jobcenter) -> QuerySet[Case]:
    """The cases of the advisor's team (none without a team)."""
    if advisor.team_id is None or not advisor.belongs_to(jobcenter):
        return Case.objects.for_tenant(jobcenter).none()
    return Case.objects.for_tenant(jobcenter).filter(team_id=advisor.team_id)


def is_team_client(advisor: User, person: User, jobcenter: Jobcenter) -> bool:
    return Membership.objects.filter(person=person, case__in=team_cases(advisor, jobcenter)).exists()


def team_clients(advisor: User, jobcenter: Jobcenter) -> QuerySet[User]:
    people = Membership.objects.filter(case__in=team_cases(advisor, jobcenter)).values("person_id")
    return User.objects.filter(pk__in=people, jobcenter=jobcenter, is_active=True).order_by("last_name", "first_name")


def case_of(person: User, jobcenter: Jobcenter) -> Case | None:
    return Case.objects.for_tenant(jobcenter).filter(memberships__person=person).first()
