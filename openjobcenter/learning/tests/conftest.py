"""Learning fixtures on top of the personas: Petra works for the provider "Bildungswerk Muster",
which runs a German course with three sessions in childcare hours; Aylin's household is a case of
Bernd's team; Carla advises another team; David is a client of that other team; a second
provider with its own account (Otto) must never see Petra's courses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.models import Case, HouseholdRole, Membership
from openjobcenter.casefile.tests.conftest import (  # noqa: F401 – the case file's households and storage
    _private_storage,
    carla,
    case,
    david,
    davids_case,
    other_team,
)
from openjobcenter.learning.models import Course, Provider, ProviderMembership, Session
from openjobcenter.learning.services import catalogue


def next_weekday(days_ahead: int = 7, weekday: int = 1) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def provider(demo, petra) -> Provider:
    provider = Provider.all_tenants.create(jobcenter=demo, name="Bildungswerk Muster")
    ProviderMembership.objects.create(provider=provider, user=petra)
    return provider


@pytest.fixture
def otto(demo) -> object:
    return make_user("otto@other-provider.example", Role.PROGRAMME_PROVIDER, jobcenter=demo, name="Otto Ortmann")


@pytest.fixture
def other_provider(demo, otto) -> Provider:
    provider = Provider.all_tenants.create(jobcenter=demo, name="Akademie Anders")
    ProviderMembership.objects.create(provider=provider, user=otto)
    return provider


def make_course(jobcenter, provider, title="Deutsch für den Beruf B1", seats=3, sessions=3, hour=9, **fields) -> Course:
    course = Course.all_tenants.create(
        jobcenter=jobcenter, provider=provider, title={"de": title, "en": f"{title} (en)"},
        description={"de": "Kursbeschreibung"}, seats=seats, street="Lernweg 1", postal_code="12345",
        city="Musterstadt", **fields,
    )  # fmt: skip
    first = next_weekday()
    for week in range(sessions):
        day = first + dt.timedelta(days=7 * week)
        Session.all_tenants.create(jobcenter=jobcenter, course=course, start=at(day, hour), end=at(day, hour + 3))
    catalogue.refresh(course)
    course.refresh_from_db()
    return course


@pytest.fixture
def course(demo, provider) -> Course:
    return make_course(demo, provider)


@pytest.fixture
def other_course(demo, other_provider) -> Course:
    return make_course(demo, other_provider, title="Staplerschein", hour=15)


@pytest.fixture
def team_clients(demo, demo_team):
    """Five more clients of Bernd's team, each with a household of their own."""
    people = []
    for i in range(5):
        person = make_user(f"client{i}@example.org", Role.CLIENT, jobcenter=demo, name=f"Kunde{i} Test")
        case = Case.objects.create_for_tenant(demo, customer_number=f"12345BG01{i:02d}", team=demo_team)
        Membership.objects.create(case=case, person=person, role=HouseholdRole.HEAD)
        people.append(person)
    return people
