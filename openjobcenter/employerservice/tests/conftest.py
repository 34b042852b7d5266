"""Employer service fixtures: Anton's company "Muster Logistik" (confirmed) with Aylin as candidate
(she shared her application folder with it); Berta's company "Andere GmbH" in the same Jobcenter must
never see Anton's interviews or subsidies; Sabine works in the employer service; Aylin's household is
a case of Bernd's team, so Bernd is her advisor; Nora is a client of Jobcenter Nordkreis."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.models import Case, HouseholdRole, Membership
from openjobcenter.employerservice.services import interviews
from openjobcenter.folder.models import Folder, Share
from openjobcenter.jobs.models import Employer, EmployerStatus
from openjobcenter.video.tests.conftest import SECRET, bbb, video_settings  # noqa: F401


def make_company(jobcenter, member, name="Muster Logistik GmbH", status=EmployerStatus.CONFIRMED) -> Employer:
    company = Employer.all_tenants.create(
        jobcenter=jobcenter, name=name, street="Hafenweg 2", postal_code="12345", city="Musterstadt",
        contact_name=member.get_full_name(), contact_email=member.email, size="small", status=status,
    )  # fmt: skip
    company.members.add(member)
    return company


def share_folder(person, company) -> Share:
    folder, _ = Folder.all_tenants.get_or_create(jobcenter=company.jobcenter, owner=person)
    return Share.all_tenants.create(
        jobcenter=company.jobcenter, folder=folder, token_hash=f"{person.pk:064d}"[-64:], recipient=company.name,
        employer=company, expires_at=timezone.now() + dt.timedelta(days=30),
    )  # fmt: skip


@pytest.fixture
def company(demo, anton) -> Employer:
    return make_company(demo, anton)


@pytest.fixture
def berta(demo):
    return make_user("berta@andere.example", Role.EMPLOYER, jobcenter=demo, name="Berta Bauer")


@pytest.fixture
def other_company(demo, berta) -> Employer:
    return make_company(demo, berta, name="Andere GmbH")


@pytest.fixture
def sabine(demo):
    return make_user("sabine@demo.example", Role.EMPLOYER_SERVICE, jobcenter=demo, name="Sabine Schulte")


@pytest.fixture
def aylins_case(demo, demo_team, aylin) -> Case:
    case = Case.objects.create_for_tenant(demo, customer_number="12345BG0001", team=demo_team)
    Membership.objects.create(case=case, person=aylin, role=HouseholdRole.HEAD)
    return case


@pytest.fixture
def candidate(company, aylin, aylins_case):
    share_folder(aylin, company)
    return aylin


def soon(minutes: int = 60) -> dt.datetime:
    return (timezone.now() + dt.timedelta(minutes=minutes)).replace(microsecond=0)


@pytest.fixture
def interview(company, anton, candidate, bernd):
    return interviews.invite(actor=anton, employer=company, candidate=candidate, start=soon(), invite_advisor=True)
