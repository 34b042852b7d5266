"""Timeline provider (contract in ``casefile.services.timeline``): submissions, state changes, requests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openjobcenter.applications.models import Application, ApprovalPeriod, DocumentRequest, Event, Status
from openjobcenter.casefile.services.timeline import Entry

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterable[Entry]:
    applications = list(Application.objects.for_tenant(case.jobcenter).filter(case=case).exclude(status=Status.DRAFT))
    name = "applications:status" if for_citizen else "applications:staff_detail"
    urls = {a.pk: reverse(name, kwargs={"jobcenter": case.jobcenter.slug, "pk": a.pk}) for a in applications}
    by_pk = {a.pk: a for a in applications}
    events = Event.objects.filter(application__in=applications).order_by("at")
    for event in events:
        application = by_pk[event.application_id]
        title = (
            _("Eingegangen: %(kind)s") % {"kind": application.title} if event.status == Status.SUBMITTED
            else _("%(kind)s – Bearbeitungsstand: %(status)s") % {"kind": application.title,
                                                                  "status": Status(event.status).label}
        )  # fmt: skip
        yield Entry(at=event.at, kind="application", title=title, text=application.reference,
                    url=urls[event.application_id], icon="description")  # fmt: skip
    periods = ApprovalPeriod.objects.for_tenant(case.jobcenter).filter(application__in=applications)
    for period in periods:
        yield Entry(
            at=period.created_at, kind="application",
            title=_("Bewilligungszeitraum %(start)s bis %(end)s") % {"start": f"{period.start:%d.%m.%Y}",
                                                                    "end": f"{period.end:%d.%m.%Y}"},
            text=by_pk[period.application_id].reference, url=urls[period.application_id], icon="calendar-today",
        )  # fmt: skip
    requests = DocumentRequest.objects.for_tenant(case.jobcenter).filter(application__in=applications)
    for item in requests:
        yield Entry(
            at=item.created_at, kind="application",
            title=_("Unterlage angefordert: %(title)s") % {"title": item.title},
            text=_("bis %(date)s") % {"date": item.due_date.strftime("%d.%m.%Y")},
            url=urls[item.application_id], icon="upload",
        )  # fmt: skip
