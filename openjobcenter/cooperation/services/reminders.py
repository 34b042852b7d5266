"""Review reminders: the team when the review date is near, the citizen when the review is due.

Once per version and audience: a ``ReviewReminder`` row is created first, in the same transaction as
the notification; its unique constraint means a second run (or a second worker) sends nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openjobcenter.accounts.models import User
from openjobcenter.cooperation.models import Audience, ReviewReminder, Status, Version
from openjobcenter.notifications.services import notify

STAFF_LEAD = dt.timedelta(days=14)
EDIT_PERMISSION = "cooperation.edit_plan"


def _in_force() -> list[Version]:
    """The newest published version of every plan (older published ones are superseded)."""
    published = Version.all_tenants.filter(status=Status.PUBLISHED, review_date__isnull=False).select_related(
        "plan__person", "plan__case__team", "jobcenter"
    )
    newest: dict[int, Version] = {}
    for version in published.order_by("plan_id", "-number"):
        newest.setdefault(version.plan_id, version)
    return list(newest.values())


def _claim(version: Version, audience: str) -> bool:
    if ReviewReminder.objects.filter(version=version, audience=audience).exists():
        return False
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(version=version, audience=audience)
    except IntegrityError:
        return False
    return True


def _team_advisors(version: Version) -> list[User]:
    team_id = version.plan.case.team_id
    if team_id is None:
        return []
    staff = User.objects.filter(jobcenter=version.jobcenter, team_id=team_id, is_active=True)
    return [user for user in staff if user.has_perm(EDIT_PERMISSION)]


def _notify_staff(version: Version) -> None:
    link = reverse("cooperation:staff_plan", kwargs={"jobcenter": version.jobcenter.slug, "case": version.plan.case_id})
    for advisor in _team_advisors(version):
        with translation.override(advisor.language or "de"):
            title = _("Kooperationsplan bald überprüfen")
            text = _("Ein Kooperationsplan Ihres Teams ist spätestens am %(date)s zu überprüfen.") % {
                "date": date_format(version.review_date or "", "SHORT_DATE_FORMAT")
            }
        notify(
            advisor,
            "generic",
            {"title": title, "text": text},
            jobcenter=version.jobcenter,
            link=f"{link}?person={version.plan.person_id}",
        )


def _notify_citizen(version: Version) -> None:
    person = version.plan.person
    with translation.override(person.language or "de"):
        title = _("Zeit, Ihren Kooperationsplan zu überprüfen")
        text = _(
            "Ihr Kooperationsplan soll jetzt gemeinsam überprüft werden. Ihre Beraterin oder Ihr Berater meldet sich bei Ihnen."
        )
    notify(person, "generic", {"title": title, "text": text}, jobcenter=version.jobcenter,
           link=reverse("cooperation:my_plan", kwargs={"jobcenter": version.jobcenter.slug}))  # fmt: skip


def send_review_reminders(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for version in _in_force():
        assert version.review_date is not None
        for audience, due, send in (
            (Audience.STAFF, version.review_date - STAFF_LEAD, _notify_staff),
            (Audience.CITIZEN, version.review_date, _notify_citizen),
        ):
            if today < due:
                continue
            with transaction.atomic():
                if _claim(version, audience):
                    send(version)
                    sent += 1
    return sent
