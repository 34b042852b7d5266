"""Shared fixtures: two Jobcenters and a named persona for every role.

- Aylin is a client of Jobcenter Musterstadt ("demo").
- Bernd is her advisor (team "Markt und Integration 1"); Lena processes benefits in demo.
- Emre works at reception, Tanja leads Bernd's team, Anja administers demo.
- Anton is an employer, Petra a programme provider in demo.
- Nora is a client and Niklas an advisor of Jobcenter Nordkreis ("nord"): they must never see
  anything of demo, and nobody of demo anything of theirs.
- Paul administers the platform.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.roles import Role
from openjobcenter.core.models import Jobcenter, Location, Team

PASSWORD = "Ein-sicheres-Passwort-1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the (in-memory) cache: no test inherits another's budget."""
    cache.clear()


def make_user(email: str, *roles: str, jobcenter: Jobcenter | None, team: Team | None = None, **fields) -> User:
    first, _, last = fields.pop("name", "Test Person").partition(" ")
    user = User.objects.create_user(
        email, PASSWORD, first_name=first, last_name=last, jobcenter=jobcenter, team=team, **fields
    )
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role)
    return user


@pytest.fixture
def demo(db) -> Jobcenter:
    return Jobcenter.objects.create(
        slug="demo", name="Jobcenter Musterstadt", street="Am Rathausplatz 1", postal_code="12345",
        city="Musterstadt", phone="0123 4567-0", email="kontakt@musterstadt.example",
    )  # fmt: skip


@pytest.fixture
def nord(db) -> Jobcenter:
    return Jobcenter.objects.create(
        slug="nord", name="Jobcenter Nordkreis", street="Hafenstraße 3", postal_code="24999",
        city="Nordhafen", phone="04999 100-0", email="kontakt@nordkreis.example",
    )  # fmt: skip


@pytest.fixture
def demo_location(demo) -> Location:
    return Location.all_tenants.create(
        jobcenter=demo, name="Hauptstelle Mitte", street="Am Rathausplatz 1", postal_code="12345", city="Musterstadt"
    )


@pytest.fixture
def nord_location(nord) -> Location:
    return Location.all_tenants.create(
        jobcenter=nord, name="Hauptstelle Nordhafen", street="Hafenstraße 3", postal_code="24999", city="Nordhafen"
    )


@pytest.fixture
def demo_team(demo) -> Team:
    return Team.all_tenants.create(jobcenter=demo, name="Markt und Integration 1")


@pytest.fixture
def aylin(demo) -> User:
    return make_user("aylin@example.org", Role.CLIENT, jobcenter=demo, name="Aylin Kaya")


@pytest.fixture
def bernd(demo, demo_team) -> User:
    return make_user("bernd@demo.example", Role.ADVISOR, jobcenter=demo, team=demo_team, name="Bernd Brandt")


@pytest.fixture
def lena(demo) -> User:
    return make_user("lena@demo.example", Role.BENEFITS_OFFICER, jobcenter=demo, name="Lena Lorenz")


@pytest.fixture
def emre(demo) -> User:
    return make_user("emre@demo.example", Role.RECEPTION, jobcenter=demo, name="Emre Yilmaz")


@pytest.fixture
def tanja(demo, demo_team) -> User:
    return make_user("tanja@demo.example", Role.TEAM_LEAD, jobcenter=demo, team=demo_team, name="Tanja Tiedemann")


@pytest.fixture
def anja(demo) -> User:
    return make_user("anja@demo.example", Role.JOBCENTER_ADMIN, jobcenter=demo, name="Anja Albrecht")


@pytest.fixture
def anton(demo) -> User:
    return make_user("anton@employer.example", Role.EMPLOYER, jobcenter=demo, name="Anton Arndt")


@pytest.fixture
def petra(demo) -> User:
    return make_user("petra@provider.example", Role.PROGRAMME_PROVIDER, jobcenter=demo, name="Petra Paulsen")


@pytest.fixture
def nora(nord) -> User:
    return make_user("nora@example.org", Role.CLIENT, jobcenter=nord, name="Nora Nielsen")


@pytest.fixture
def niklas(nord) -> User:
    return make_user("niklas@nord.example", Role.ADVISOR, jobcenter=nord, name="Niklas Nowak")


@pytest.fixture
def paul(db) -> User:
    user = make_user("paul@platform.example", Role.PLATFORM_ADMIN, jobcenter=None, name="Paul Plattner")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    user.refresh_from_db()
    return user
