"""Demo data: Aylin Kaya's cooperation plan – version 1 published (Bernd, her advisor), version 2 in draft.

Idempotent: nothing is added once Aylin has a plan. Everything goes through the real services.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.casefile.demo import CLIENT, CUSTOMER_NUMBER
from openjobcenter.casefile.models import Case
from openjobcenter.cooperation.models import Owner, Plan
from openjobcenter.cooperation.services.plans import StepData, publish, save_draft
from openjobcenter.core.models import Jobcenter

ADVISOR = "beratung@demo.example"
GOALS = (
    "Frau Kaya möchte wieder als Verkäuferin im Einzelhandel arbeiten, zunächst in Teilzeit (25 Stunden), "
    "passend zu den Öffnungszeiten der Kita ihres Sohnes.\n"
    "Mittelfristig: Weiterbildung zur Kassenfachkraft mit Zertifikat."
)
SUPPORT = (
    "Das Jobcenter übernimmt die Kosten für Bewerbungen (Fotos, Ausdrucke, Porto) nach Nachweis.\n"
    "Bewerbungscoaching beim Bildungswerk Musterstadt (4 Termine).\n"
    "Vermittlungsvorschläge passender Stellen durch Herrn Brandt."
)


def _steps(today: dt.date) -> list[StepData]:
    return [
        StepData(
            "Lebenslauf aktualisieren und an Herrn Brandt senden",
            Owner.CITIZEN,
            today - dt.timedelta(days=14),
            done=True,
        ),
        StepData(
            "Monatlich mindestens vier Bewerbungen auf Stellen im Einzelhandel schreiben und nachweisen",
            Owner.CITIZEN,
            today + dt.timedelta(days=30),
        ),
        StepData(
            "Platz im Bewerbungscoaching beim Bildungswerk Musterstadt buchen",
            Owner.JOBCENTER,
            today + dt.timedelta(days=7),
        ),
        StepData(
            "Kinderbetreuung für Früh- und Spätschichten mit der Kita klären",
            Owner.CITIZEN,
            today + dt.timedelta(days=21),
        ),
    ]


@transaction.atomic
def load_demo_cooperation() -> dict[str, int]:
    jobcenter = Jobcenter.objects.get(slug="demo")
    case = Case.objects.for_tenant(jobcenter).filter(customer_number=CUSTOMER_NUMBER).first()
    aylin = User.objects.get(email=CLIENT)
    bernd = User.objects.get(email=ADVISOR)
    if case is None or Plan.objects.for_tenant(jobcenter).filter(case=case, person=aylin).exists():
        return {"cooperation_plans": 0}
    today = timezone.localdate()
    steps = _steps(today)
    first = save_draft(
        actor=bernd, case=case, person=aylin, goals=GOALS, support=SUPPORT, review_date=None, steps=steps
    )
    publish(actor=bernd, draft=first)
    published = list(first.steps.all())
    keys = [step.key for step in published]
    # Version 2 in progress: the CV is done, the coaching is booked, a course is added.
    save_draft(
        actor=bernd, case=case, person=aylin, goals=GOALS,
        support=SUPPORT + "\nKurs „Kassensysteme und Warenwirtschaft“ (Bildungsgutschein), Beginn im nächsten Quartal.",
        review_date=first.review_date,
        steps=[
            StepData(s.text, s.owner, s.due_date, done=s.done or s.owner == Owner.JOBCENTER, key=key)
            for s, key in zip(steps, keys, strict=True)
        ] + [StepData("Am Infotag zum Kurs „Kassensysteme“ teilnehmen", Owner.CITIZEN, today + dt.timedelta(days=28))],
    )  # fmt: skip
    return {"cooperation_plans": 1}
