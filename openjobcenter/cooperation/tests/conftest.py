"""Cooperation plan fixtures. Aylin's case belongs to Bernd's team; she has a published plan (version 1).

Carla advises in another team and Lena processes benefits: both must state a reason. David is another
client of demo with his own case; Niklas and Nora belong to Jobcenter Nordkreis.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.models import Case, HouseholdRole, Membership
from openjobcenter.cooperation.models import Owner, Version
from openjobcenter.cooperation.services.plans import StepData, publish, save_draft
from openjobcenter.core.models import Team

GOALS = "Arbeit als Verkäuferin in Teilzeit finden"


@pytest.fixture
def other_team(demo) -> Team:
    return Team.all_tenants.create(jobcenter=demo, name="Markt und Integration 2")


@pytest.fixture
def carla(demo, other_team):
    return make_user("carla@demo.example", Role.ADVISOR, jobcenter=demo, team=other_team, name="Carla Claasen")


@pytest.fixture
def david(demo):
    return make_user("david@example.org", Role.CLIENT, jobcenter=demo, name="David Demir")


@pytest.fixture
def case(demo, demo_team, aylin) -> Case:
    case = Case.objects.create_for_tenant(demo, customer_number="12345BG0001", team=demo_team)
    Membership.objects.create(case=case, person=aylin, role=HouseholdRole.HEAD)
    return case


@pytest.fixture
def davids_case(demo, other_team, david) -> Case:
    case = Case.objects.create_for_tenant(demo, customer_number="12345BG0002", team=other_team)
    Membership.objects.create(case=case, person=david, role=HouseholdRole.HEAD)
    return case


def steps() -> list[StepData]:
    return [
        StepData("Vier Bewerbungen im Monat schreiben", Owner.CITIZEN, dt.date(2026, 12, 31)),
        StepData("Bewerbungscoaching buchen", Owner.JOBCENTER, dt.date(2026, 12, 20)),
    ]


@pytest.fixture
def published(case, aylin, bernd) -> Version:
    draft = save_draft(
        actor=bernd, case=case, person=aylin, goals=GOALS, support="Kosten für Bewerbungen",
        review_date=dt.date(2027, 6, 1), steps=steps(),
    )  # fmt: skip
    return publish(actor=bernd, draft=draft)
