"""The job exchange's entries in the case timeline: suggestions (and the client's reaction),
employers' feedback (staff only), contact requests the client accepted (the client only)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.services.timeline import Entry
from openjobcenter.jobs.models import CandidateFeedback, ContactRequest, ContactStatus, Suggestion

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterable[Entry]:
    jobcenter = case.jobcenter
    members = list(case.memberships.values_list("person_id", flat=True))
    if for_citizen:
        members = [viewer.pk] if viewer.pk in members else []
    slug = jobcenter.slug

    def staff_url(person_id: int) -> str:
        return reverse("jobs:staff_client", kwargs={"jobcenter": slug, "case": case.pk}) + f"?person={person_id}"

    for suggestion in Suggestion.objects.for_tenant(jobcenter).filter(person__in=members).select_related("vacancy"):
        url = (
            reverse("jobs:suggestions", kwargs={"jobcenter": slug}) if for_citizen else staff_url(suggestion.person_id)
        )
        yield Entry(at=suggestion.created_at, kind="jobs", title=_("Stellenvorschlag"), text=suggestion.vacancy.title,
                    url=url, icon="search")  # fmt: skip
        if suggestion.reacted_at:
            yield Entry(at=suggestion.reacted_at, kind="jobs", title=_("Rückmeldung zum Stellenvorschlag"),
                        text=f"{suggestion.vacancy.title}: {suggestion.get_reaction_display()}", url=url, icon="mail")  # fmt: skip
    if for_citizen:
        contacts = ContactRequest.objects.for_tenant(jobcenter).filter(
            profile__person__in=members, status=ContactStatus.ACCEPTED
        )
        for contact in contacts.select_related("employer"):
            yield Entry(at=contact.decided_at or contact.created_at, kind="jobs",
                        title=_("Kontaktanfrage angenommen"), text=contact.employer.name,
                        url=reverse("jobs:contact_requests", kwargs={"jobcenter": slug}), icon="check")  # fmt: skip
        return
    for item in (
        CandidateFeedback.objects.for_tenant(jobcenter).filter(person__in=members).select_related("employer", "vacancy")
    ):
        text = f"{item.employer.name}: {item.get_outcome_display()}"
        if item.reason:
            text += f" ({item.get_reason_display()})"
        if item.reason_text:  # the employer's own words, as on the matching page (staff only)
            text += f" – {item.reason_text}"
        yield Entry(at=item.created_at, kind="jobs", title=_("Rückmeldung eines Arbeitgebers"), text=text,
                    url=staff_url(item.person_id), icon="checklist")  # fmt: skip
