"""Case file fixtures: a real clamd for the session, files in a temporary storage, a case for Aylin."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PIL import Image
from pypdf import PdfWriter

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.models import Case, HouseholdRole, Membership
from openjobcenter.casefile.testing import running_clamd
from openjobcenter.core.models import Team

MARKER = "OJC-PLAINTEXT-MARKER-4711"


@pytest.fixture(scope="session")
def clamd_url(tmp_path_factory) -> Iterator[str]:
    with running_clamd(tmp_path_factory.mktemp("clamd")) as url:
        yield url


@pytest.fixture
def scanner(settings, clamd_url) -> str:
    settings.CLAMD_URL = clamd_url
    return clamd_url


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")},
    }}  # fmt: skip
    return tmp_path / "media"


def pdf_bytes(text: str = MARKER) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, format=fmt, **save)
    return out.getvalue()


@pytest.fixture
def other_team(demo) -> Team:
    return Team.all_tenants.create(jobcenter=demo, name="Markt und Integration 2")


@pytest.fixture
def carla(demo, other_team):
    """An advisor of another team in Aylin's Jobcenter."""
    return make_user("carla@demo.example", Role.ADVISOR, jobcenter=demo, team=other_team, name="Carla Claasen")


@pytest.fixture
def david(demo):
    """Another client of demo, with a household of his own."""
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


@pytest.fixture
def nord_case(nord, nora) -> Case:
    team = Team.all_tenants.create(jobcenter=nord, name="Team Nord 1")
    case = Case.objects.create_for_tenant(nord, customer_number="99999BG0001", team=team)
    Membership.objects.create(case=case, person=nora, role=HouseholdRole.HEAD)
    return case
