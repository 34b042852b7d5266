"""Vacancy lifecycle: draft → published → expired; the periodic task; publishing needs confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.jobs.models import Vacancy, VacancyStatus
from openjobcenter.jobs.services.vacancies import VacancyError, expire_vacancies, publish_vacancy
from openjobcenter.jobs.tasks import PERIODIC, expire_vacancies_task
from openjobcenter.jobs.tests.conftest import make_vacancy


def test_the_periodic_task_expires_vacancies_past_their_date(koch, nord_vacancy):
    Vacancy.all_tenants.filter(pk__in=[koch.pk, nord_vacancy.pk]).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    expire_vacancies_task.enqueue()
    koch.refresh_from_db()
    nord_vacancy.refresh_from_db()
    assert koch.status == nord_vacancy.status == VacancyStatus.EXPIRED
    assert expire_vacancies_task in [task for _seconds, task in PERIODIC]


def test_a_vacancy_is_visible_on_its_last_day(koch):
    Vacancy.all_tenants.filter(pk=koch.pk).update(expires_on=timezone.localdate())
    assert expire_vacancies() == 0
    koch.refresh_from_db()
    assert koch.status == VacancyStatus.PUBLISHED


def test_a_pending_company_cannot_publish(pending_company, anton):
    draft = make_vacancy(pending_company, anton, publish=False)
    with pytest.raises(VacancyError):
        publish_vacancy(actor=anton, vacancy=draft)
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.DRAFT


def test_publishing_sets_the_date(company, anton):
    draft = make_vacancy(company, anton, publish=False)
    assert draft.published_at is None
    published = publish_vacancy(actor=anton, vacancy=draft)
    assert published.status == VacancyStatus.PUBLISHED and published.published_at is not None
