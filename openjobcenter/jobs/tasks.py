"""Background work of the job exchange, queued by the sweeper process (``PERIODIC``).

Expiry runs hourly (a vacancy ends on the day after its expiry date); job alerts hourly, and each
new match is mailed once per saved search.
"""

from __future__ import annotations

from django.tasks import task

from openjobcenter.jobs.services.alerts import send_job_alerts
from openjobcenter.jobs.services.vacancies import expire_vacancies


@task
def expire_vacancies_task() -> int:
    return expire_vacancies()


@task
def job_alerts_task() -> int:
    return send_job_alerts()


# (seconds between runs, task) — queued by the sweeper process.
PERIODIC = ((3600, expire_vacancies_task), (3600, job_alerts_task))
