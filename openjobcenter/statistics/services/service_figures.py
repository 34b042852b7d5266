"""Service figures for team leads: what the Jobcenter's own services did in a period.

The figures come from the apps that own the data, through their services: appointments
(``appointments.services.figures``), the walk-in queue (``reception.services.figures``), the digital
assistant (``assistant.services.figures``). Apps that do not exist yet in this installation
(applications, messages) are listed as "not yet available" — never with made-up numbers.

Filters: location, team and period (local days, both inclusive). A filter that a source cannot apply
(the walk-in queue knows no teams, the assistant neither locations nor teams) is named in the section,
so nobody reads a location's figures as a team's.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from openjobcenter.appointments.models import Booking, BookingStatus
from openjobcenter.appointments.services.figures import FigureRow
from openjobcenter.appointments.services.slots import local_dt
from openjobcenter.core.models import Jobcenter, Location, Team

try:  # The reception figures arrived with issue 4; keep the page working on installs without them.
    from openjobcenter.reception.services import figures as reception_figures
except ImportError:  # pragma: no cover - depends on the installed apps
    reception_figures = None  # type: ignore[assignment]

try:  # The assistant's counts arrived with issue 9.
    from openjobcenter.assistant.services import figures as assistant_figures
except ImportError:  # pragma: no cover - depends on the installed apps
    assistant_figures = None  # type: ignore[assignment]

try:  # The applications' processing times arrived with issue 5.
    from openjobcenter.applications.services import figures as application_figures
except ImportError:  # pragma: no cover - depends on the installed apps
    application_figures = None  # type: ignore[assignment]

try:  # The Postfach's response times arrived with issue 6.
    from openjobcenter.messaging.services import figures as message_figures
except ImportError:  # pragma: no cover - depends on the installed apps
    message_figures = None  # type: ignore[assignment]

MAX_DAYS = 731
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class ServiceFilter:
    date_from: dt.date
    date_to: dt.date
    location: Location | None = None
    team: Team | None = None


@dataclass(frozen=True)
class WaitingZone:
    """Waiting times of one reception zone: the zone's total and one row per hour of the day."""

    label: str
    location: str
    total: Any  # reception.services.figures.QueueFigureRow
    hours: list[Any]


@dataclass(frozen=True)
class Unavailable:
    """A figure whose source does not exist in this installation yet."""

    label: str | Promise
    reason: str | Promise


@dataclass(frozen=True)
class ServiceFigures:
    filter: ServiceFilter
    appointments_total: FigureRow
    appointments_by_location: list[FigureRow]
    waiting_available: bool
    waiting_total: Any | None  # QueueFigureRow of all zones, None without reception figures
    waiting_zones: list[WaitingZone]
    unavailable: list[Unavailable] = field(default_factory=list)
    assistant: Any | None = None  # assistant.services.figures.AssistantFigures; None without the assistant
    messages: Any | None = None  # messaging.services.figures.MessageFigures; None without the Postfach
    applications: Any | None = None  # applications.services.figures.ApplicationFigures; None without the app


# Planned sources, each with the module of the app that will provide its figures (ARCHITECTURE.md:
# one app per domain, figures in ``services/figures.py``). A source counts as available once that
# module exists: an installed app that does not count yet is still listed, with its reason.
PLANNED: tuple[tuple[str, Promise, Promise], ...] = (
    (
        "openjobcenter.applications.services.figures",
        gettext_lazy("Bearbeitungszeiten der Anträge je Status"),
        gettext_lazy("Die Online-Anträge sind in dieser Installation noch nicht verfügbar."),
    ),
    (
        "openjobcenter.messaging.services.figures",
        gettext_lazy("Antwortzeiten auf Nachrichten"),
        gettext_lazy("Die sicheren Nachrichten sind in dieser Installation noch nicht verfügbar."),
    ),
    (
        "openjobcenter.assistant.services.figures",
        gettext_lazy("Assistent: beantwortete und nicht beantwortete Fragen"),
        gettext_lazy("Der Assistent zählt seine Antworten noch nicht."),
    ),
)


def _appointment_counts() -> dict[str, Any]:
    cancelled = Q(status=BookingStatus.CANCELLED)
    return {
        "bookings": Count("id"),
        "cancelled_by_client": Count("id", filter=cancelled & Q(cancelled_by_staff=False)),
        "cancelled_by_staff": Count("id", filter=cancelled & Q(cancelled_by_staff=True)),
        "attended": Count("id", filter=Q(status=BookingStatus.ATTENDED)),
        "no_shows": Count("id", filter=Q(status=BookingStatus.NO_SHOW)),
        "open": Count("id", filter=Q(status=BookingStatus.BOOKED)),
        "booked_online": Count("id", filter=Q(booked_by__isnull=True)),
        "booked_by_staff": Count("id", filter=Q(booked_by__isnull=False)),
    }


def _bookings(jobcenter: Jobcenter, flt: ServiceFilter) -> QuerySet[Booking]:
    """Appointments that start in the period, at the location, with a member of the team."""
    bookings = Booking.objects.for_tenant(jobcenter).filter(
        start__gte=local_dt(flt.date_from, dt.time()),
        start__lt=local_dt(flt.date_to + dt.timedelta(days=1), dt.time()),
    )
    if flt.location is not None:
        bookings = bookings.filter(location=flt.location)
    if flt.team is not None:
        bookings = bookings.filter(staff__team=flt.team)
    return bookings


def _figure_row(key: int | None, label: str, data: Mapping[str, Any]) -> FigureRow:
    counts = {name: data[name] or 0 for name in _appointment_counts()}
    return FigureRow(key=key, label=label, **counts)


def appointment_rows(jobcenter: Jobcenter, flt: ServiceFilter) -> tuple[FigureRow, list[FigureRow]]:
    """Booked appointments and the no-show rate (as ``appointments.services.figures`` defines it), in
    total and per location; two grouped queries. Lead times are on the appointments figures page."""
    bookings = _bookings(jobcenter, flt).order_by()
    total = _figure_row(None, _("Gesamt"), bookings.aggregate(**_appointment_counts()))
    names = dict(Location.objects.for_tenant(jobcenter).values_list("id", "name"))
    rows = [
        _figure_row(r["location_id"], names.get(r["location_id"], "–"), r)
        for r in bookings.values("location_id").annotate(**_appointment_counts())
    ]
    return total, sorted(rows, key=lambda row: (-row.bookings, row.label))


def waiting_rows(jobcenter: Jobcenter, flt: ServiceFilter) -> tuple[Any | None, list[WaitingZone]]:
    """Waiting times per reception zone and hour (``reception.services.figures``); ``(None, [])``
    when this installation has no reception figures."""
    if reception_figures is None:
        return None, []
    data = reception_figures.queue_figures(jobcenter, flt.date_from, flt.date_to, location=flt.location)
    zones = [
        WaitingZone(label=f"{zone.zone} – {zone.label}", location=zone.location, total=zone.total, hours=zone.hours)
        for zone in data.zones
    ]
    return data.total, zones


def unavailable_sources() -> list[Unavailable]:
    return [Unavailable(label, reason) for module, label, reason in PLANNED if not _module_exists(module)]


def _module_exists(dotted: str) -> bool:
    try:
        return importlib.util.find_spec(dotted) is not None
    except ModuleNotFoundError:  # the app itself is not there
        return False


def service_figures(jobcenter: Jobcenter, flt: ServiceFilter) -> ServiceFigures:
    total, by_location = appointment_rows(jobcenter, flt)
    waiting_total, zones = waiting_rows(jobcenter, flt)
    assistant = None
    if assistant_figures is not None:  # the period applies; the assistant knows no location or team
        language = (get_language() or "de").split("-")[0]
        assistant = assistant_figures.assistant_figures(jobcenter, flt.date_from, flt.date_to, language=language)
    messages = None
    if message_figures is not None:  # the period and the team apply; messages belong to no location
        messages = message_figures.message_figures(jobcenter, flt.date_from, flt.date_to, team=flt.team)
    applications = None
    if application_figures is not None:  # the period and the team apply; applications belong to no location
        applications = application_figures.application_figures(jobcenter, flt.date_from, flt.date_to, team=flt.team)
    return ServiceFigures(
        filter=flt,
        appointments_total=total,
        appointments_by_location=by_location,
        waiting_available=reception_figures is not None,
        waiting_total=waiting_total,
        waiting_zones=zones,
        unavailable=unavailable_sources(),
        assistant=assistant,
        messages=messages,
        applications=applications,
    )


def _number(value: object) -> object:
    return "" if value is None else value


def figure_table(data: ServiceFigures) -> list[list[object]]:
    """Every figure as one long table (section, group, label, hour, figure, value) with a header row,
    for the CSV export: one layout for sources with different columns."""
    rows: list[list[object]] = [
        [_("Bereich"), _("Gruppe"), _("Bezeichnung"), _("Stunde"), _("Kennzahl"), _("Wert")],
    ]
    appointments = _("Termine")
    for group, row in [(_("Gesamt"), data.appointments_total)] + [
        (_("Standort"), row) for row in data.appointments_by_location
    ]:
        for name, value in (
            (_("Gebuchte Termine"), row.bookings),
            (_("Erschienen"), row.attended),
            (_("Nicht erschienen"), row.no_shows),
            (_("Quote Nichterscheinen (%)"), row.no_show_percent),
            (_("Abgesagt"), row.cancelled),
        ):
            rows.append([appointments, group, row.label, "", name, _number(value)])
    waiting = _("Wartezeiten Eingangszone")
    for zone in data.waiting_zones:
        for queue_row in [zone.total, *zone.hours]:
            for name, value in (
                (_("Wartenummern"), queue_row.tickets),
                (_("Wartezeit Mittelwert (Min.)"), queue_row.wait_mean),
                (_("Wartezeit Median (Min.)"), queue_row.wait_median),
                (_("Wartezeit 90. Perzentil (Min.)"), queue_row.wait_p90),
                (_("Nicht erschienen"), queue_row.no_shows),
            ):
                rows.append([waiting, zone.location, zone.label, queue_row.hour_label, name, _number(value)])
    if data.assistant is not None:
        rows.extend(assistant_table(data.assistant))
    if data.messages is not None:
        rows.extend(messages_table(data.messages))
    if data.applications is not None:
        rows.extend(applications_table(data.applications))
    rows.extend([str(item.label), "", "", "", _("noch nicht verfügbar"), ""] for item in data.unavailable)
    return rows


def _assistant_counts(counts: Any) -> list[tuple[str, object]]:
    return [
        (_("Fragen"), counts.total),
        (_("Beantwortet"), counts.answered),
        (_("Themen vorgeschlagen"), counts.suggested),
        (_("An Beratung verwiesen (eigener Fall)"), counts.own_case),
        (_("Nicht zuständig"), counts.out_of_scope),
        (_("Keine sichere Antwort"), counts.unsure),
        (_("Anteil beantwortet (%)"), counts.answered_percent),
    ]


def assistant_table(figures: Any) -> list[list[object]]:
    """The assistant's rows of the CSV export: in total, per language, per topic (with "helpful?")."""
    section = _("Digitaler Assistent")
    rows: list[list[object]] = []
    for name, value in _assistant_counts(figures.total):
        rows.append([section, _("Gesamt"), _("Gesamt"), "", name, _number(value)])
    for name, value in ((_("Hilfreich: ja"), figures.helpful), (_("Hilfreich: nein"), figures.not_helpful)):
        rows.append([section, _("Gesamt"), _("Gesamt"), "", name, value])
    for language in figures.by_language:
        for name, value in _assistant_counts(language.counts):
            rows.append([section, _("Sprache"), language.label, "", name, _number(value)])
    for topic in figures.top_topics:
        for name, value in (
            (_("Beantwortet"), topic.answered),
            (_("Hilfreich: ja"), topic.helpful),
            (_("Hilfreich: nein"), topic.not_helpful),
        ):
            rows.append([section, _("Thema"), topic.title, "", name, value])
    return rows


def messages_table(figures: Any) -> list[list[object]]:
    """The Postfach's rows of the CSV export."""
    section = _("Antwortzeiten auf Nachrichten")
    return [
        [section, _("Gesamt"), _("Gesamt"), "", name, _number(value)]
        for name, value in (
            (_("Begonnene Verläufe"), figures.threads),
            (_("davon von Kundinnen und Kunden begonnen"), figures.started_by_citizens),
            (_("Nachrichten von Kundinnen und Kunden"), figures.citizen_messages),
            (_("Antworten des Jobcenters"), figures.staff_messages),
            (_("Beantwortete Verläufe"), figures.answered),
            (_("Zeit bis zur ersten Antwort, Median (Std.)"), figures.answer_median_hours),
            (_("Zeit bis zur ersten Antwort, 90. Perzentil (Std.)"), figures.answer_p90_hours),
            (_("Unbeantwortet seit mehr als 2 Arbeitstagen"), figures.unanswered_overdue),
        )
    ]


def _days(value: float | None) -> object:
    return "" if value is None else round(value, 1)


def applications_table(figures: Any) -> list[list[object]]:
    """The applications' rows of the CSV export: in total, then per status."""
    section = _("Bearbeitungszeiten der Anträge je Status")
    rows: list[list[object]] = [
        [section, _("Gesamt"), _("Gesamt"), "", name, _number(value)]
        for name, value in (
            (_("Eingegangene Anträge"), figures.submitted),
            (_("Entschieden"), figures.decided),
            (_("In Bearbeitung"), figures.open),
            (_("Vom Eingang bis zur Entscheidung, Median (Tage)"), _days(figures.decision_median_days)),
            (_("Vom Eingang bis zur Entscheidung, 90. Perzentil (Tage)"), _days(figures.decision_p90_days)),
            (_("Angeforderte Unterlagen"), figures.documents_requested),
            (_("Nach Frist noch offen"), figures.requests_overdue),
        )
    ]
    for row in figures.by_status:
        for name, value in (
            (_("Jetzt in diesem Stand"), row.now_in_status),
            (_("Abgeschlossene Abschnitte"), row.stays),
            (_("Median (Tage)"), _days(row.median_days)),
            (_("90. Perzentil (Tage)"), _days(row.p90_days)),
        ):
            rows.append([section, _("Stand"), row.label, "", name, _number(value)])
    return rows
