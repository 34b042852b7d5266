"""Saved searches: new matches are mailed once."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from openjobcenter.jobs.models import SavedSearch
from openjobcenter.jobs.services.alerts import save_search, send_job_alerts
from openjobcenter.jobs.services.search import parse
from openjobcenter.jobs.tests.conftest import make_vacancy


def test_new_matches_are_mailed_once(demo, aylin, company, anton, django_capture_on_commit_callbacks):
    saved = save_search(
        owner=aylin, jobcenter=demo, name="Koch Düsseldorf", criteria=parse({"q": "Köchin", "plz": "40210"})
    )
    SavedSearch.all_tenants.filter(pk=saved.pk).update(created_at=timezone.now() - dt.timedelta(minutes=1))
    make_vacancy(company, anton, title="Koch (m/w/d)")
    make_vacancy(company, anton, title="Lagerhelfer", occupation="51311", description="Kommissionierung im Lager.")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_job_alerts() == 1
    assert len(mail.outbox) == 1
    assert "Koch (m/w/d)" in mail.outbox[0].body
    assert mail.outbox[0].to == [aylin.email]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_job_alerts() == 0
    assert len(mail.outbox) == 1


def test_searches_without_alerts_are_not_mailed(demo, aylin, company, anton):
    saved = save_search(owner=aylin, jobcenter=demo, name="Koch", criteria=parse({"q": "Koch"}), alerts=False)
    SavedSearch.all_tenants.filter(pk=saved.pk).update(created_at=timezone.now() - dt.timedelta(minutes=1))
    make_vacancy(company, anton)
    assert send_job_alerts() == 0
