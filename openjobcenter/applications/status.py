"""What the citizen's status page says about each state, and its version for live updates."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openjobcenter.applications.models import Application, Decision, DocumentRequest, Kind, Status, Topic

NEXT: dict[str, str | Promise] = {
    Status.SUBMITTED: _("Ihr Antrag wird einer Sachbearbeiterin oder einem Sachbearbeiter zugewiesen."),
    Status.ASSIGNED: _("Ihre Sachbearbeitung prüft als Nächstes, ob alle Angaben und Unterlagen vollständig sind."),
    Status.IN_REVIEW: _("Wir prüfen Ihren Antrag. Fehlt etwas, sagen wir Ihnen hier Bescheid."),
    Status.DOCUMENTS_REQUESTED: _(
        "Bitte laden Sie die angeforderten Unterlagen bis zum genannten Datum hoch. Danach prüfen wir weiter."
    ),
    Status.DOCUMENTS_RECEIVED: _("Ihre Unterlagen sind da. Wir prüfen sie und entscheiden dann über Ihren Antrag."),
    Status.DECIDED: _("Über Ihren Antrag ist entschieden. Sie erhalten in Kürze den Bescheid."),
    Status.DECISION_SENT: _("Der Bescheid ist versandt. Er erklärt auch, wie Sie widersprechen können."),
}
ORDER = [
    Status.SUBMITTED, Status.ASSIGNED, Status.IN_REVIEW, Status.DOCUMENTS_REQUESTED, Status.DOCUMENTS_RECEIVED,
    Status.DECIDED, Status.DECISION_SENT,
]  # fmt: skip


CHANGE_DECIDED = _(
    "Wir haben Ihre Mitteilung bearbeitet. Ändert sich dadurch Ihre Leistung, erhalten Sie einen Bescheid."
)
ABSENCE_DECIDED: dict[str, str | Promise] = {
    Decision.APPROVED: _("Wir haben Ihrer Ortsabwesenheit zugestimmt. Bitte melden Sie sich nach Ihrer Rückkehr."),
    Decision.REJECTED: _(
        "Wir haben Ihrer Ortsabwesenheit nicht zugestimmt. Die Begründung steht oben. Fragen Sie Ihr Team, "
        "wenn etwas unklar ist."
    ),
}


def next_steps(application: Application) -> str | Promise:
    decided = application.status in (Status.DECIDED, Status.DECISION_SENT)
    if decided and application.kind == Kind.CHANGE:
        if application.topic == Topic.ABSENCE and application.decision in ABSENCE_DECIDED:
            return ABSENCE_DECIDED[application.decision]
        return CHANGE_DECIDED
    return NEXT.get(application.status, "")


def live_version(application: Application) -> str:
    """Changes whenever anything on the status page changes (state, events, requests)."""
    requests = DocumentRequest.objects.for_tenant(application.jobcenter).filter(application=application)
    fulfilled = requests.filter(fulfilled_at__isnull=False).count()
    return f"{application.status}.{application.events.count()}.{requests.count()}.{fulfilled}"
