"""The plan's entries in the case timeline: published, acknowledged, commented; drafts for staff only.

On the citizen's pages only the viewer's own plan appears (a plan is personal, even within a household).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.services.timeline import Entry
from openjobcenter.cooperation.models import Acknowledgement, Comment, Plan, Status, Version

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterable[Entry]:
    plans = Plan.objects.for_tenant(case.jobcenter).filter(case=case)
    if for_citizen:
        plans = plans.filter(person=viewer)
    slug = case.jobcenter.slug
    urls = {}
    for plan in plans:
        urls[plan.pk] = (
            reverse("cooperation:my_plan", kwargs={"jobcenter": slug})
            if for_citizen
            else reverse("cooperation:staff_plan", kwargs={"jobcenter": slug, "case": case.pk})
            + f"?person={plan.person_id}"
        )
    versions = Version.objects.for_tenant(case.jobcenter).filter(plan__in=plans)
    if for_citizen:
        versions = versions.filter(status=Status.PUBLISHED)
    for version in versions:
        if version.status == Status.PUBLISHED and version.published_at:
            yield Entry(at=version.published_at, kind="plan", title=_("Kooperationsplan veröffentlicht"),
                        text=str(version), url=urls[version.plan_id], icon="checklist")  # fmt: skip
        elif version.status == Status.DRAFT:
            yield Entry(at=version.updated_at, kind="plan", title=_("Entwurf des Kooperationsplans bearbeitet"),
                        text=str(version), url=urls[version.plan_id], icon="draft")  # fmt: skip
    for ack in (
        Acknowledgement.objects.for_tenant(case.jobcenter).filter(version__plan__in=plans).select_related("version")
    ):
        yield Entry(at=ack.created_at, kind="plan", title=_("Kooperationsplan bestätigt"), text=str(ack.version),
                    url=urls[ack.version.plan_id], icon="success")  # fmt: skip
    for comment in Comment.objects.for_tenant(case.jobcenter).filter(version__plan__in=plans).select_related("version"):
        title = _("Antwort zum Kooperationsplan") if comment.from_staff else _("Kommentar zum Kooperationsplan")
        yield Entry(at=comment.created_at, kind="plan", title=title,
                    text=str(comment.version), url=urls[comment.version.plan_id], icon="mail")  # fmt: skip
