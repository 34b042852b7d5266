"""Demo entries, so "Wer hat meine Daten gesehen?" shows something for the demo client Aylin.

Idempotent: does nothing when Aylin's access log already has entries. Called by the demo loader.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_noop

from openjobcenter.accounts.models import User
from openjobcenter.audit.models import AuditEntry, Kind
from openjobcenter.audit.services import log_read
from openjobcenter.core.models import Jobcenter

CLIENT = "kundin@demo.example"
# (reader's e-mail, purpose) – oldest first.
READS = (
    ("empfang@demo.example", gettext_noop("Terminvereinbarung am Empfang")),
    ("beratung@demo.example", gettext_noop("Vorbereitung des Beratungsgesprächs")),
    ("leistung@demo.example", gettext_noop("Bearbeitung Ihres Weiterbewilligungsantrags")),
    ("teamleitung@demo.example", gettext_noop("Vertretung während der Abwesenheit Ihrer Beraterin")),
    ("beratung@demo.example", gettext_noop("Nachbereitung des Beratungsgesprächs")),
)


@transaction.atomic
def load_demo_reads(slug: str = "demo") -> int:
    jobcenter = Jobcenter.objects.filter(slug=slug).first()
    client = User.objects.filter(email=CLIENT).first()
    if jobcenter is None or client is None:
        return 0
    if AuditEntry.objects.for_tenant(jobcenter).filter(kind=Kind.READ, subject=client).exists():
        return 0
    readers = {user.email: user for user in User.objects.filter(email__in=[email for email, _ in READS])}
    created = 0
    for email, purpose in READS:
        if email in readers:
            log_read(actor=readers[email], jobcenter=jobcenter, subject=client, purpose=purpose, target=client)
            created += 1
    return created
