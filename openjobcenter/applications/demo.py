"""Demo data: Aylin's submitted first application waiting for a payslip (and a request for absence);
Oleksandr's approved first application whose approval period ends in six weeks, so "Mein Bereich"
invites him to the continuation application.

Idempotent: each is made only when the person has none submitted of its kind. Everything goes
through the real services (steps validated, audit, events, approval period).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.applications.flows import flow_for
from openjobcenter.applications.models import Application, Kind, Status, Topic
from openjobcenter.applications.services import processing
from openjobcenter.applications.services.drafts import save_step, start_draft
from openjobcenter.applications.services.submission import submit
from openjobcenter.applications.steps import BY_SLUG, build, cleaned, compact_household
from openjobcenter.core.models import Jobcenter

AYLIN = "kundin@demo.example"
OLEKSANDR = "kunde@demo.example"
TANJA = "teamleitung@demo.example"  # team lead of the team responsible for Aylin's case
# Fixed, so a reload finds the submission again instead of submitting twice.
AYLIN_KEY = uuid.UUID("5b0c6a1e-0d1f-4c55-9d0e-000000000001")

AYLIN_ANSWERS: dict[str, dict[str, str]] = {
    "applicant": {
        "first_name": "Aylin", "last_name": "Kaya", "birth_date": "12.04.1990", "birth_place": "Köln",
        "nationality": "de", "marital_status": "single", "street": "Lindenweg 3", "postal_code": "12345",
        "city": "Musterstadt", "phone": "",
    },
    "household": {
        "member_count": "1",
        "m0-first_name": "Elif", "m0-last_name": "Kaya", "m0-birth_date": "15.06.2019", "m0-relationship": "child",
    },
    "housing": {
        "housing": "rent", "size": "58", "rooms": "2", "base_rent": "420,00", "utilities": "130", "heating": "70",
        "heating_type": "central", "landlord": "Wohnbau Musterstadt eG", "landlord_address": "Hafenweg 1, 12345 Musterstadt",
    },
    "income": {
        "p0-has_income": "yes", "p0-kind": "minijob", "p0-source": "Bäckerei Sonne", "p0-gross": "538", "p0-net": "538",
        "p1-has_income": "yes", "p1-kind": "child_benefit", "p1-net": "255",
    },
    "assets": {"savings": "350", "vehicle": "no", "property": "no", "insurance": "no"},
    "health": {"p0-insurance": "statutory", "p0-insurer": "AOK", "p1-insurance": "family", "p1-insurer": "AOK"},
    "bank": {"iban": "DE89 3704 0044 0532 0130 00", "holder": "Aylin Kaya", "own_account": "yes"},
    "previous": {"received": "no"},
}  # fmt: skip
OLEKSANDR_ANSWERS: dict[str, dict[str, str]] = {
    "applicant": {
        "first_name": "Oleksandr", "last_name": "Melnyk", "birth_date": "03.09.1985", "birth_place": "Lwiw",
        "nationality": "other", "marital_status": "single", "street": "Birkenstraße 12", "postal_code": "12347",
        "city": "Musterstadt", "phone": "",
    },
    "household": {"member_count": "0"},
    "housing": {
        "housing": "rent", "size": "45", "rooms": "1,5", "base_rent": "390,00", "utilities": "95", "heating": "60",
        "heating_type": "separate", "landlord": "Hausverwaltung Birke GmbH", "landlord_address": "Birkenstraße 1, 12347 Musterstadt",
    },
    "income": {"p0-has_income": "no"},
    "assets": {"savings": "120", "vehicle": "no", "property": "no", "insurance": "no"},
    "health": {"p0-insurance": "statutory", "p0-insurer": "Techniker Krankenkasse"},
    "bank": {"iban": "DE02 1203 0000 0000 2020 51", "holder": "Oleksandr Melnyk", "own_account": "yes"},
    "previous": {"received": "no"},
}  # fmt: skip
OLEKSANDR_KEY = uuid.UUID("5b0c6a1e-0d1f-4c55-9d0e-000000000002")
AYLIN_ABSENCE_KEY = uuid.UUID("5b0c6a1e-0d1f-4c55-9d0e-000000000003")
LEISTUNG = "leistung@demo.example"


def _fill(application: Application, answers: dict[str, dict[str, str]]) -> Application:
    for slug, raw in answers.items():
        raw = compact_household(dict(raw)) if slug == "household" else dict(raw)
        page = build(BY_SLUG[slug], application.data, raw)
        application = save_step(application, slug, raw, clean=cleaned(page) if page.is_valid() else None)
    return application


@transaction.atomic
def load_demo_applications() -> dict[str, int]:
    jobcenter = Jobcenter.objects.get(slug="demo")
    aylin = User.objects.get(email=AYLIN)
    created = {"applications": 0, "application_drafts": 0}
    mine = Application.objects.for_tenant(jobcenter).filter(applicant=aylin)
    if not mine.exclude(status=Status.DRAFT).exists():
        application = submit(_fill(start_draft(aylin, jobcenter), AYLIN_ANSWERS), actor=aylin, key=AYLIN_KEY)
        tanja = User.objects.get(email=TANJA)
        application = processing.assign(application, actor=tanja, assignee=tanja)
        application = processing.start_review(application, actor=tanja)
        processing.request_documents(
            application, actor=tanja, title="Lohnabrechnung Oktober", category="income",
            due_date=timezone.localdate() + dt.timedelta(days=10),
        )  # fmt: skip
        created["applications"] = 1
    if not mine.filter(kind=Kind.CHANGE).exclude(status=Status.DRAFT).exists():
        _absence(aylin, jobcenter)
        created["applications"] += 1
    oleksandr = User.objects.filter(email=OLEKSANDR).first()
    if (
        oleksandr is not None
        and not Application.objects.for_tenant(jobcenter)
        .filter(applicant=oleksandr, kind=Kind.FIRST)
        .exclude(status=Status.DRAFT)
        .exists()
    ):
        _approved_with_period_ending_soon(oleksandr, jobcenter)
        created["applications"] += 1
    return created


def _absence(aylin: User, jobcenter: Jobcenter) -> None:
    """A trip to visit family, asked for three weeks ahead; waiting for the team's answer."""
    start = timezone.localdate() + dt.timedelta(days=21)
    draft = start_draft(aylin, jobcenter, kind=Kind.CHANGE, topic=Topic.ABSENCE)
    raw = {"date_from": f"{start:%d.%m.%Y}", "date_to": f"{start + dt.timedelta(days=13):%d.%m.%Y}",
           "destination": "Izmir", "reachable": "yes"}  # fmt: skip
    flow = flow_for(draft)
    step = flow.get("change")
    assert step is not None
    page = flow.build(step, draft.data, raw)
    draft = save_step(draft, "change", raw, clean=flow.cleaned(page) if page.is_valid() else None)
    submit(draft, actor=aylin, key=AYLIN_ABSENCE_KEY)


def _approved_with_period_ending_soon(oleksandr: User, jobcenter: Jobcenter) -> None:
    """Approved last year; the period ends in six weeks, so the invitation is due."""
    application = submit(_fill(start_draft(oleksandr, jobcenter), OLEKSANDR_ANSWERS), actor=oleksandr,
                         key=OLEKSANDR_KEY)  # fmt: skip
    officer = User.objects.filter(email=LEISTUNG).first() or User.objects.get(email=TANJA)
    end = timezone.localdate() + dt.timedelta(weeks=6)
    start = (end - dt.timedelta(days=364)).replace(day=1)
    application = processing.assign(application, actor=officer, assignee=officer)
    application = processing.start_review(application, actor=officer)
    application = processing.decide(application, actor=officer, decision="approved", period_start=start,
                                    period_end=end)  # fmt: skip
    processing.send_decision(application, actor=officer)
