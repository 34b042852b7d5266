"""Saved searches and job alerts: new matches of a saved search are mailed once."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from openjobcenter.audit.services import log_change
from openjobcenter.jobs.models import AlertedVacancy, SavedSearch, Vacancy
from openjobcenter.jobs.services.search import Criteria, SearchError, filtered, parse
from openjobcenter.notifications.rendering import absolute_url
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

logger = logging.getLogger(__name__)
MAX_PER_ALERT = 20
MAX_SAVED_SEARCHES = 20


class SavedSearchError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@transaction.atomic
def save_search(
    *, owner: User, jobcenter: Jobcenter, name: str, criteria: Criteria, alerts: bool = True
) -> SavedSearch:
    from django.utils.translation import gettext as _

    if SavedSearch.objects.for_tenant(jobcenter).filter(owner=owner).count() >= MAX_SAVED_SEARCHES:
        raise SavedSearchError(_("Sie können höchstens %(count)s Suchen speichern.") % {"count": MAX_SAVED_SEARCHES})
    saved = SavedSearch.objects.create_for_tenant(
        jobcenter, owner=owner, name=name.strip()[:120], query=criteria.as_params(), alerts=alerts
    )
    log_change(actor=owner, jobcenter=jobcenter, action="jobs.search_saved", target=saved, subject=owner)
    return saved


@transaction.atomic
def delete_search(*, owner: User, saved: SavedSearch) -> None:
    log_change(actor=owner, jobcenter=saved.jobcenter, action="jobs.search_deleted", target=saved, subject=owner)
    saved.delete()


def search_url(saved: SavedSearch) -> str:
    base = reverse("jobs:search", kwargs={"jobcenter": saved.jobcenter.slug})
    return f"{base}?{urlencode(saved.query)}" if saved.query else base


def _mail_entry(vacancy: Vacancy) -> dict[str, str]:
    path = reverse("jobs:vacancy", kwargs={"jobcenter": vacancy.jobcenter.slug, "pk": vacancy.pk})
    return {
        "title": vacancy.title,
        "employer": vacancy.employer.name,
        "place": f"{vacancy.postal_code} {vacancy.place}",
        "url": absolute_url(path),
    }


def _alert_one(saved: SavedSearch) -> int:
    try:
        criteria = parse(saved.query)
    except SearchError:
        logger.warning("Saved search %s no longer parses; skipped", saved.pk)
        return 0
    since = saved.last_alerted_at or saved.created_at
    already = AlertedVacancy.objects.filter(saved_search=saved).values("vacancy_id")
    new = list(
        filtered(saved.jobcenter, criteria)
        .filter(published_at__gt=since)
        .exclude(id__in=already)
        .select_related("employer")[:MAX_PER_ALERT]
    )
    with transaction.atomic():
        locked = SavedSearch.all_tenants.select_for_update().get(pk=saved.pk)
        if locked.last_alerted_at != saved.last_alerted_at:
            return 0  # another worker got here first
        locked.last_alerted_at = timezone.now()
        locked.save(update_fields=["last_alerted_at"])
        if not new:
            return 0
        AlertedVacancy.objects.bulk_create(
            [AlertedVacancy(saved_search=saved, vacancy=v) for v in new], ignore_conflicts=True
        )
        notify(
            saved.owner,
            "jobs_alert",
            {"search": saved, "vacancies": [_mail_entry(v) for v in new]},
            channels=("email",),
            jobcenter=saved.jobcenter,
            link=search_url(saved),
        )
    return len(new)


def send_job_alerts() -> int:
    """Mail every saved search's new matches (since its last run) once; returns the vacancies mailed."""
    sent = 0
    for saved in SavedSearch.all_tenants.filter(alerts=True).select_related("owner", "jobcenter"):
        sent += _alert_one(saved)
    return sent
