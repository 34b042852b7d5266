"""Timeline provider (contract in ``casefile.services.timeline``): completed eLearning modules.

Staff see a household member's completion only when they hold ``learning.view_participation``,
belong to the case's responsible team, and the member agreed to share it (``services/sharing.py``).
On the citizen's pages a member sees their own completions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.models import Membership
from openjobcenter.casefile.services.access import Access, staff_access
from openjobcenter.casefile.services.timeline import Entry
from openjobcenter.elearning.models import Completion
from openjobcenter.elearning.services.sharing import shared_completions

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case

VIEW_PERM = "learning.view_participation"


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterable[Entry]:
    if for_citizen:
        completions = Completion.objects.for_tenant(case.jobcenter_id).filter(person=viewer).select_related("module")
        for completion in completions:
            yield Entry(
                at=completion.completed_at,
                kind="course",
                title=_("Lernmodul abgeschlossen"),
                text=completion.module.localised_title(),
                url=reverse(
                    "elearning:module", kwargs={"jobcenter": case.jobcenter.slug, "slug": completion.module.slug}
                ),
                icon="checklist",
            )
        return
    if not viewer.has_perm(VIEW_PERM) or staff_access(viewer, case) != Access.TEAM:
        return
    members = [m.person for m in Membership.objects.filter(case=case).select_related("person")]
    for completion in shared_completions(members, case.jobcenter):
        yield Entry(
            at=completion.completed_at,
            kind="course",
            title=_("Lernmodul abgeschlossen (freigegeben)"),
            text=f"{completion.person.get_full_name()}: {completion.module.localised_title()}",
            icon="checklist",
        )
