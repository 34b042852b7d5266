"""Job exchange fixtures.

Anton (employer) has a confirmed company in demo with published vacancies in Düsseldorf; Bernd is
the employer service; Aylin is a citizen. Nord has its own company and vacancy (Niklas).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.core.models import Jobcenter
from openjobcenter.jobs.models import Employer, Occupation, Vacancy
from openjobcenter.jobs.services.employers import decide_employer, register_employer
from openjobcenter.jobs.services.vacancies import create_vacancy, publish_vacancy

COMPANY = {
    "name": "Gasthaus Zur Linde GmbH",
    "street": "Lindenstraße 12",
    "postal_code": "40233",
    "city": "Düsseldorf",
    "contact_name": "Anton Arndt",
    "contact_email": "anton@employer.example",
    "size": "small",
}


def vacancy_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Koch (m/w/d)",
        "description": "Sie kochen regionale Gerichte für unsere Gäste.",
        "occupation": Occupation.objects.get(code="29302"),
        "postal_code": "40233",
        "working_time": "full_time",
        "expires_on": timezone.localdate() + dt.timedelta(days=30),
    }
    fields.update(overrides)
    if isinstance(fields["occupation"], str):
        fields["occupation"] = Occupation.objects.get(code=fields["occupation"])
    return fields


def make_company(jobcenter: Jobcenter, actor: User, staff: User | None, **overrides: Any) -> Employer:
    employer = register_employer(actor=actor, jobcenter=jobcenter, fields={**COMPANY, **overrides})
    if staff is not None:
        employer = decide_employer(actor=staff, employer=employer, confirm=True)
    return employer


def make_vacancy(employer: Employer, actor: User, *, publish: bool = True, **overrides: Any) -> Vacancy:
    vacancy = create_vacancy(actor=actor, employer=employer, fields=vacancy_fields(**overrides))
    if publish:
        vacancy = publish_vacancy(actor=actor, vacancy=vacancy)
    return vacancy


@pytest.fixture
def company(demo, anton, bernd) -> Employer:
    return make_company(demo, anton, bernd)


@pytest.fixture
def pending_company(demo, anton) -> Employer:
    return make_company(demo, anton, None, name="Arndt Logistik KG")


@pytest.fixture
def koch(company, anton) -> Vacancy:
    return make_vacancy(company, anton)


@pytest.fixture
def nord_vacancy(nord, niklas) -> Vacancy:
    employer = make_company(
        nord, niklas, niklas, name="Fischräucherei Nordhafen GmbH", postal_code="24103", city="Kiel"
    )
    return make_vacancy(employer, niklas, title="Koch (m/w/d) Kantine", postal_code="24103")
