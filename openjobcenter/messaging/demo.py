"""Demo data: Aylin's two threads with Bernd's team and a few answer templates of Jobcenter "demo".

Idempotent: templates are looked up by title; threads are only added while Aylin has none. The
messages are written through the real services (audit, attachment through the upload pipeline);
afterwards their times are moved into the past so the Postfach looks lived-in.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.casefile.demo import CLIENT, CUSTOMER_NUMBER, text_pdf
from openjobcenter.casefile.models import Case
from openjobcenter.casefile.services.uploads import UploadRefused, check_bytes
from openjobcenter.core.models import Jobcenter
from openjobcenter.messaging.models import AnswerTemplate, Message, Thread, Topic
from openjobcenter.messaging.services.threads import reply, start_thread

logger = logging.getLogger(__name__)

ADVISOR = "beratung@demo.example"
TEMPLATES = [
    (
        "Eingangsbestätigung",
        "Guten Tag {name},\n\nvielen Dank für Ihre Nachricht. Wir kümmern uns darum und melden uns "
        "in den nächsten Tagen bei Ihnen.\n\nMit freundlichen Grüßen\n{berater}",
    ),
    (
        "Unterlagen erhalten",
        "Guten Tag {name},\n\nIhre Unterlagen sind bei uns angekommen und liegen in Ihrer Akte. "
        "Sie müssen nichts weiter tun.\n\nMit freundlichen Grüßen\n{berater}",
    ),
    (
        "Terminvorschlag",
        "Guten Tag {name},\n\ndazu sprechen wir am besten persönlich. Bitte buchen Sie online einen "
        "Termin bei mir oder rufen Sie uns an.\n\nMit freundlichen Grüßen\n{berater}",
    ),
]


@transaction.atomic
def load_demo_messaging() -> dict[str, int]:
    jobcenter = Jobcenter.objects.get(slug="demo")
    bernd = User.objects.get(email=ADVISOR)
    added_templates = 0
    for title, body in TEMPLATES:
        _template, created = AnswerTemplate.all_tenants.get_or_create(
            jobcenter=jobcenter, title=title, defaults={"body": body, "updated_by": bernd}
        )
        added_templates += int(created)
    aylin = User.objects.get(email=CLIENT)
    case = Case.objects.for_tenant(jobcenter).get(customer_number=CUSTOMER_NUMBER)
    if Thread.objects.for_tenant(jobcenter).filter(citizen=aylin).exists():
        return {"message_threads": 0, "answer_templates": added_templates}
    now = timezone.now()
    question = start_thread(
        actor=aylin,
        case=case,
        citizen=aylin,
        topic=Topic.BENEFITS,
        subject="Frage zu meinem Weiterbewilligungsantrag",
        body="Guten Tag,\n\nich habe den Weiterbewilligungsantrag vor zwei Wochen abgeschickt. "
        "Fehlt noch etwas?\n\nViele Grüße\nAylin Kaya",
    )
    reply(
        actor=bernd,
        thread=question,
        body="Guten Tag Frau Kaya,\n\nIhr Antrag ist vollständig und in Bearbeitung. Sie erhalten den Bescheid "
        "in den nächsten Tagen per Post.\n\nMit freundlichen Grüßen\nBernd Brandt",
    )
    Thread.objects.for_tenant(jobcenter).filter(pk=question.pk).update(assignee=bernd)
    _backdate(question, now - dt.timedelta(days=3), now - dt.timedelta(days=1, hours=2))
    clean = None
    try:
        clean = check_bytes(
            text_pdf(["Lohnabrechnung November 2026 (Demo)", "Aylin Kaya", "Netto: 1.236,40 EUR"]),
            "Lohnabrechnung-November.pdf",
        )
    except UploadRefused as refusal:  # e.g. CLAMD_URL set but clamd not running
        logger.warning("Demo attachment not loaded: %s", refusal.reason)
    documents = start_thread(
        actor=aylin,
        case=case,
        citizen=aylin,
        topic=Topic.DOCUMENTS,
        subject="Lohnabrechnung November",
        body="Guten Tag,\n\nanbei meine Lohnabrechnung für November.\n\nViele Grüße\nAylin Kaya",
        clean=clean,
    )
    _backdate(documents, now - dt.timedelta(hours=5), None)
    return {"message_threads": 2, "answer_templates": added_templates}


def _backdate(thread: Thread, citizen_at: dt.datetime, staff_at: dt.datetime | None) -> None:
    """Move the demo thread's messages into the past; the citizen has not read the staff answer yet."""
    messages = Message.objects.for_tenant(thread.jobcenter_id).filter(thread=thread)
    messages.filter(side="citizen").update(created_at=citizen_at)
    if staff_at is not None:
        messages.filter(side="staff").update(created_at=staff_at)
    Thread.objects.for_tenant(thread.jobcenter_id).filter(pk=thread.pk).update(
        created_at=citizen_at,
        last_message_at=staff_at or citizen_at,
        last_citizen_message_at=citizen_at,
        citizen_read_at=citizen_at,
        last_staff_message_at=staff_at,
        staff_read_at=staff_at,
    )
