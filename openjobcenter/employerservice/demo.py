"""Demo data of the employer service in Jobcenter "demo": Aylin applies with her folder to the
Gasthaus Zur Linde, Anton invites her to a video interview tomorrow (she accepted, her advisor is
invited), applies for a § 16i subsidy which Sabine (employer service) approved; a target of 400
subsidised placements for the current half-year; a message and a contact in the company's history.

The flat-rate employer's share of the social-insurance contribution has no verified figure in the
software; the demo records one example figure for this and next year, labelled as such in its source
note, so the staff page shows both a figure with its source and the warning for the later months.

Idempotent: nothing is added when the company already has an interview.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.core.models import Jobcenter
from openjobcenter.employerservice.models import EmployerShareRate, Interview, Target
from openjobcenter.employerservice.services import companies, interviews, subsidies, targets
from openjobcenter.folder.services import folders, sharing
from openjobcenter.jobs.models import Employer, Vacancy

COMPANY = "Gasthaus Zur Linde GmbH"
EMPLOYER_SERVICE = "arbeitgeberservice@demo.example"
DEMO_SHARE_SOURCE = "Beispielwert der Demo, kein amtlicher Wert – im echten Betrieb löschen und den geltenden Wert mit Quelle eintragen."


def _demo_share(today: dt.date) -> None:
    """One example figure, only in an installation that has recorded none (the rows are platform-wide)."""
    if EmployerShareRate.objects.exists():
        return
    EmployerShareRate.objects.create(
        valid_from=dt.date(today.year, 1, 1), valid_until=dt.date(today.year + 1, 12, 31),
        total_percent=Decimal("20.00"), arbeitsfoerderung_percent=Decimal("1.00"), source_note=DEMO_SHARE_SOURCE,
    )  # fmt: skip


def _half_year(today: dt.date) -> tuple[dt.date, dt.date]:
    if today.month <= 6:
        return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
    return dt.date(today.year, 7, 1), dt.date(today.year, 12, 31)


@transaction.atomic
def load_demo_employerservice() -> dict[str, int]:
    demo = Jobcenter.objects.filter(slug="demo").first()
    company = Employer.objects.for_tenant(demo).filter(name=COMPANY).first() if demo else None
    anton = User.objects.filter(email="arbeitgeber@demo.example").first()
    aylin = User.objects.filter(email="kundin@demo.example").first()
    sabine = User.objects.filter(email=EMPLOYER_SERVICE).first()
    if demo is None or company is None or anton is None or aylin is None or sabine is None:
        return {}
    if not Target.objects.for_tenant(demo).exists():
        start, end = _half_year(timezone.localdate())
        targets.set_target(actor=sabine, jobcenter=demo, name="Geförderte Einstellungen §§ 16e und 16i", count=400,
                           period_start=start, period_end=end, kinds=["16e", "16i"])  # fmt: skip
    _demo_share(timezone.localdate())
    if Interview.objects.for_tenant(demo).filter(employer=company).exists():
        return {"interviews": 0}
    vacancy = Vacancy.objects.for_tenant(demo).filter(employer=company).order_by("pk").first()
    if not interviews.is_candidate(company, aylin):
        folder = folders.folder_for(aylin, demo)
        sharing.create_share(actor=aylin, folder=folder, recipient=company.name, days=30, include_cv=True,
                             certificates=[], cover_letter=None, vacancy=vacancy)  # fmt: skip
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(10, 0), tzinfo=timezone.get_default_timezone())
    interview = interviews.invite(actor=anton, employer=company, candidate=aylin, start=start, vacancy=vacancy,
                                  invite_advisor=True, message="Wir freuen uns auf das Gespräch mit Ihnen.")  # fmt: skip
    interviews.respond(interview, actor=aylin, answer="accept")
    application = subsidies.apply(
        actor=anton, employer=company, person=aylin, kind="16i", start_date=(tomorrow.replace(day=1) + dt.timedelta(days=32)).replace(day=1),
        hours_per_week=Decimal(30), gross_wage=Decimal("1850.00"), job_title="Küchenhilfe", interview=interview,
    )  # fmt: skip
    subsidies.confirm_facts(application, actor=sabine, facts={
        "birth_date": dt.date(1984, 4, 12), "benefit_years": 6, "confirmed": ["little_employment", "no_prior_16i", "employer_share"],
    })  # fmt: skip
    subsidies.decide(application, actor=sabine, approve=True, reason="Voraussetzungen nach Aktenlage erfüllt.")
    companies.post_message(actor=anton, employer=company, from_staff=False,
                           text="Guten Tag, gibt es für eine zweite Küchenhilfe ebenfalls einen Zuschuss?")  # fmt: skip
    companies.add_contact(actor=sabine, employer=company, on=timezone.localdate(), channel="phone",
                          note="Förderung nach § 16i erklärt; Unterlagen folgen per Portal.")  # fmt: skip
    return {"interviews": 1, "subsidies": 1}
