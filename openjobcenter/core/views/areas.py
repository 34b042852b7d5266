"""Entry pages after sign-in: "Mein Bereich" for clients and partners, the staff workspace.

Each page links only to what exists in this installation and what the person may use (see
``core.services.navigation``), so nobody is sent to a page that refuses them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from openjobcenter.accounts.decorators import staff_required, tenant_login_required
from openjobcenter.accounts.roles import Role
from openjobcenter.core.services.navigation import Link, Offer, available
from openjobcenter.elearning import navigation as elearning_nav
from openjobcenter.employerservice import navigation as employerservice_nav
from openjobcenter.folder import navigation as folder_nav
from openjobcenter.jobs import navigation as jobs_nav
from openjobcenter.learning import navigation as learning_nav

ACCOUNT = Offer(
    "accounts:settings",
    _("Konto und Einstellungen"),
    _("Ändern Sie Ihr Passwort, Ihre E-Mail-Adresse und die Sprache, in der wir Ihnen schreiben."),
    icon="account-circle",
)
NOTIFICATIONS = Offer(
    "notifications:inbox",
    _("Benachrichtigungen"),
    _("Nachrichten des Jobcenters an Sie, zum Beispiel zu Ihrem Konto."),
    icon="mail",
)
CLIENT_OFFERS = (
    Offer(
        "appointments:start",
        _("Termin buchen"),
        _("Buchen Sie einen Termin vor Ort, per Telefon oder per Video – in Ihrer Sprache, zu jeder Tageszeit."),
        icon="calendar-today",
    ),
    Offer(
        "appointments:my_appointments",
        _("Meine Termine"),
        _("Ihre gebuchten Termine ansehen, verschieben oder absagen."),
        perm="appointments.book_appointment",
        icon="calendar-today",
    ),
    Offer(
        "reception:overview",
        _("Wartezeiten"),
        _("Wie lange Sie gerade ohne Termin an unseren Standorten warten – live, je Wartebereich."),
        icon="visibility",
    ),
    Offer(
        "casefile:my_documents",
        _("Meine Unterlagen"),
        _("Nachweise einreichen – als PDF oder Foto vom Handy – und sehen, was in Ihrer Akte liegt."),
        perm="casefile.upload_own_document",
        icon="drive-folder-upload",
    ),
    Offer(
        "messaging:inbox",
        _("Postfach"),
        _("Sicher mit Ihrem Team im Jobcenter schreiben – mit Nachweisen im Anhang, ohne unsichere E-Mail."),
        perm="messaging.use_own_messages",
        icon="mail",
        count="openjobcenter.messaging.services.inbox.citizen_unread_count",
    ),
    Offer(
        "applications:start",
        _("Anträge"),
        _("Grundsicherung online beantragen und sehen, wie weit die Bearbeitung ist."),
        perm="applications.apply",
        icon="checklist",
        count="openjobcenter.applications.services.reminders.citizen_attention_count",
    ),
    Offer(
        "cooperation:my_plan",
        _("Mein Kooperationsplan"),
        _("Ihre Ziele und die vereinbarten Schritte – lesen, kommentieren und bestätigen."),
        perm="cooperation.view_own_plan",
        icon="checklist",
    ),
    *jobs_nav.CLIENT_OFFERS,
    *folder_nav.CLIENT_OFFERS,
    *learning_nav.CLIENT_OFFERS,
    *elearning_nav.CLIENT_OFFERS,
    *employerservice_nav.CLIENT_OFFERS,
    Offer(
        "casefile:my_timeline",
        _("Verlauf meiner Akte"),
        _("Alles, was in Ihrer Akte geschehen ist: Unterlagen, Termine, Nachrichten und Anträge."),
        perm="casefile.upload_own_document",
        icon="visibility",
    ),
    NOTIFICATIONS,
    Offer(
        "pwa:push_settings",
        _("Benachrichtigungen auf dem Handy"),
        _("Auf Ihrem Telefon erfahren, wenn eine Nachricht kommt oder sich bei Termin oder Antrag etwas ändert."),
        perm="pwa.use_push",
        icon="mail",
    ),
    Offer(
        "audit:my_access_log",
        _("Wer hat meine Daten gesehen?"),
        _("Sehen Sie nach, wer im Jobcenter Ihre Daten aufgerufen hat, wann und aus welchem Grund."),
        perm="audit.view_own_access_log",
        icon="visibility",
    ),
    Offer(
        "casefile:my_export",
        _("Meine Daten herunterladen"),
        _(
            "Alle Daten, die das Jobcenter in diesem Portal über Sie speichert, als ein Archiv – oder eine Berichtigung verlangen."
        ),
        perm="casefile.upload_own_document",
        icon="download",
    ),
    ACCOUNT,
)
PARTNER_OFFERS = (
    *jobs_nav.PARTNER_OFFERS,
    *folder_nav.PARTNER_OFFERS,
    *learning_nav.PARTNER_OFFERS,
    *elearning_nav.PARTNER_OFFERS,
    *employerservice_nav.PARTNER_OFFERS,
    NOTIFICATIONS,
    ACCOUNT,
)


def _either(url_name: str, title: str | Promise, text: str | Promise, perms: tuple[str, ...], icon: str) -> list[Offer]:
    """One offer per permission that opens the page; ``staff_workspace`` shows the link once."""
    return [Offer(url_name, title, text, perm=perm, icon=icon) for perm in perms]


# Appointments, for everybody who works with them day to day (advisors and benefits officers see their
# team's, reception and team leads their location's).
APPOINTMENT_VIEWERS = ("appointments.view_team_appointments", "appointments.view_location_appointments")
APPOINTMENT_STAFF_OFFERS = (
    *_either(
        "appointments:staff_today",
        _("Heute"),
        _("Die Termine von heute auf einen Blick; erfassen, wer gekommen ist und wer nicht."),
        APPOINTMENT_VIEWERS,
        "calendar-today",
    ),
    *_either(
        "appointments:staff_calendar",
        _("Kalender"),
        _("Termine nach Tag und Woche, je Beraterin oder Berater und je Standort; verschieben oder absagen."),
        APPOINTMENT_VIEWERS,
        "calendar-today",
    ),
    Offer(
        "appointments:staff_book",
        _("Termin für Kundin/Kunden buchen"),
        _("Einen Termin im Namen einer Kundin oder eines Kunden buchen, auch kurzfristig."),
        perm="appointments.manage_appointments",
        icon="add",
    ),
    *_either(
        "appointments:availability",
        _("Sprechzeiten und Abwesenheiten"),
        _(
            "Wöchentliche Sprechzeiten, Plätze je Termin und Abwesenheiten pflegen; daraus entstehen die buchbaren Termine."
        ),
        ("appointments.manage_own_availability", "appointments.manage_schedules"),
        "edit",
    ),
)
APPOINTMENT_ADMIN_OFFERS = (
    Offer(
        "appointments:concern_list",
        _("Anliegen"),
        _("Anliegen, für die Termine gebucht werden können: Texte in allen Sprachen, Dauer, Wege und Teams."),
        perm="appointments.manage_concerns",
        icon="checklist",
    ),
    Offer(
        "appointments:policy",
        _("Buchungsregeln"),
        _("Schutz vor Bots, höchstens offene Termine je E-Mail-Adresse und Erinnerung vor dem Termin."),
        perm="core.manage_settings",
        icon="edit",
    ),
    Offer(
        "video:settings",
        _("Videoeinstellungen"),
        _("Videoserver für Videotermine (BigBlueButton, Scalelite oder Jitsi) einstellen und die Verbindung testen."),
        perm="core.manage_settings",
        icon="edit",
    ),
    Offer(
        "appointments:figures",
        _("Kennzahlen Termine"),
        _("Buchungen, Absagen, nicht wahrgenommene Termine und Vorlaufzeiten je Anliegen und Standort."),
        perm="statistics.view_service_kpis",
        icon="visibility",
    ),
)
# The walk-in queue: reception staff (and team leads) work at the desk and counters; team leads and the
# admin set up zones and counters. The displays' addresses and the figures are open to all of them.
RECEPTION_VIEWERS = ("reception.view_queue", "reception.manage_queue")
RECEPTION_STAFF_OFFERS = (
    Offer(
        "reception:desk",
        _("Empfang"),
        _("Wartenummern ausgeben, Kundinnen und Kunden mit Termin anmelden, Warteschlangen im Blick."),
        perm="reception.view_queue",
        icon="checklist",
    ),
    Offer(
        "reception:counter",
        _("Schalter"),
        _("An einem Schalter anmelden und die nächste Wartenummer aufrufen."),
        perm="reception.call_ticket",
        icon="account-circle",
    ),
    *_either(
        "reception:display_list",
        _("Aufrufanzeige"),
        _("Die Aufrufanzeigen der Wartebereiche und das Terminal für Wartenummern öffnen."),
        RECEPTION_VIEWERS,
        "visibility",
    ),
)
RECEPTION_ADMIN_OFFERS = (
    Offer(
        "reception:counter_list",
        _("Wartebereiche und Schalter"),
        _("Zuständigkeit der Eingangszonen, Wartenummern und Anstellen von unterwegs; Schalter anlegen."),
        perm="reception.manage_queue",
        icon="edit",
    ),
    *_either(
        "reception:figures",
        _("Kennzahlen Eingangszone"),
        _("Wartenummern, Warte- und Bearbeitungszeiten und Nichterscheinen je Wartebereich und Stunde."),
        ("statistics.view_service_kpis", "reception.view_queue"),
        "visibility",
    ),
)
# Statistics: the district's labour market (report, press text) and the service figures for team leads
# and the admin; the admin imports the Bundesagentur's monthly figures.
STATISTICS_OFFERS = (
    Offer(
        "statistics_report",
        _("Arbeitsmarkt im Kreis"),
        _("Arbeitslose und Quoten des Kreises im Vergleich zum Land, mit Diagrammen und fertigem Pressetext."),
        perm="statistics.view_service_kpis",
        icon="visibility",
    ),
    Offer(
        "statistics_service",
        _("Kennzahlen des Jobcenters"),
        _("Termine und Nichterscheinen, Wartezeiten je Wartebereich und Stunde – nach Standort, Team und Zeitraum."),
        perm="statistics.view_service_kpis",
        icon="visibility",
    ),
    Offer(
        "statistics_import",
        _("Arbeitsmarktzahlen importieren"),
        _("Die Monatszahlen der Bundesagentur für Arbeit als CSV-Datei hochladen."),
        perm="statistics.import_labour_market",
        icon="drive-folder-upload",
    ),
)
STAFF_OFFERS = (
    # Reception staff's main work first; nobody else holds these permissions except team leads.
    *RECEPTION_STAFF_OFFERS,
    Offer(
        "casefile:search",
        _("Akten"),
        _("Die Akten Ihres Teams nach Name oder Kundennummer finden: Dokumente, Versionen, Notizen."),
        perm="casefile.view_case",
        icon="draft",
    ),
    Offer(
        "messaging:staff_inbox",
        _("Postfach"),
        _("Nachrichten der Kundinnen und Kunden Ihres Teams beantworten, übergeben und abschließen."),
        perm="messaging.answer_messages",
        icon="mail",
        count="openjobcenter.messaging.services.inbox.staff_unread_count",
    ),
    *_either(
        "applications:staff_inbox",
        _("Anträge"),
        _("Eingegangene Anträge Ihres Teams prüfen, Unterlagen anfordern und entscheiden."),
        ("applications.process_applications", "applications.view_applications"),
        "checklist",
    ),
    *APPOINTMENT_STAFF_OFFERS,
    *jobs_nav.STAFF_OFFERS,
    *folder_nav.STAFF_OFFERS,
    *learning_nav.STAFF_OFFERS,
    *elearning_nav.STAFF_OFFERS,
    *employerservice_nav.STAFF_OFFERS,
    Offer(
        "messaging:templates",
        _("Antwortvorlagen"),
        _("Vorlagen für häufige Antworten im Postfach pflegen."),
        perm="messaging.manage_templates",
        icon="edit",
    ),
    Offer(
        "core:location_list",
        _("Standorte"),
        _("Adressen, Öffnungszeiten, Barrierefreiheit und Eingangszonen der Standorte pflegen."),
        perm="core.manage_locations",
        icon="home",
    ),
    Offer(
        "core:team_list",
        _("Teams"),
        _("Teams anlegen, beschreiben und einem Standort zuordnen."),
        perm="core.manage_teams",
        icon="checklist",
    ),
    Offer(
        "accounts:staff_people",
        _("Mitarbeitende"),
        _("Konten für Mitarbeitende anlegen, Rollen und Teams zuweisen, Zugänge sperren."),
        perm="accounts.manage_staff",
        icon="account-circle",
    ),
    Offer(
        "accounts:identity_settings",
        _("Anmeldung und Identität"),
        _("BundID für Bürgerinnen und Bürger, Verzeichnisdienst und Rollenzuordnung für Mitarbeitende."),
        perm="core.manage_settings",
        icon="edit",
    ),
    Offer(
        "core:jobcenter_settings",
        _("Einstellungen des Jobcenters"),
        _("Kontaktdaten, Angaben für Impressum und Datenschutz, Sprachen und Farbe."),
        perm="core.manage_settings",
        icon="edit",
    ),
    *APPOINTMENT_ADMIN_OFFERS,
    Offer(
        "casefile:retention",
        _("Löschfristen und Löschsperren"),
        _("Aufbewahrung je Dokumentart festlegen und Löschsperren verwalten."),
        perm="casefile.manage_retention",
        icon="delete",
    ),
    Offer(
        "casefile:deletions",
        _("Löschprotokoll"),
        _("Welche Dokumente wann gelöscht wurden – ohne Inhalt."),
        perm="casefile.view_deletion_log",
        icon="checklist",
    ),
    *RECEPTION_ADMIN_OFFERS,
    *STATISTICS_OFFERS,
    # The assistant's knowledge base: the admin edits and publishes, team leads review.
    *_either(
        "assistant_kb_list",
        _("Wissen des Assistenten"),
        _("Antworten des digitalen Assistenten prüfen, ändern und veröffentlichen; eigene Themen anlegen."),
        ("assistant.manage_knowledge_base", "assistant.review_knowledge_base"),
        "edit",
    ),
    Offer(
        "audit:search",
        _("Protokoll durchsuchen"),
        _("Nachvollziehen, wer wann welche Daten geändert oder aufgerufen hat."),
        perm="audit.search_audit_log",
        icon="search",
    ),
    Offer(
        "notifications:inbox",
        _("Benachrichtigungen"),
        _("Hinweise des Portals an Sie."),
        icon="mail",
    ),
    Offer(
        "accounts:settings",
        _("Konto und Sicherheit"),
        _("Passwort, Zwei-Faktor-Authentifizierung und Sprache."),
        icon="account-circle",
    ),
)


@require_GET
@tenant_login_required
def citizen_area(request: HttpRequest) -> HttpResponse:
    """Clients get their area; employers and programme providers a partner view; staff their workspace."""
    user = request.user
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    # Staff first: platform admins hold every permission, but are not clients.
    if user.has_perm("core.use_staff_workspace"):
        return redirect("core:staff_workspace", jobcenter=jobcenter.slug)
    if user.has_perm("core.use_citizen_area"):
        links = available(jobcenter, user, CLIENT_OFFERS)
        return render(request, "core/citizen_area.html", {"links": links})
    if user.has_perm("core.use_partner_area"):
        context = {
            "links": available(jobcenter, user, PARTNER_OFFERS),
            "is_employer": user.has_role(Role.EMPLOYER),  # type: ignore[union-attr]
            "is_provider": user.has_role(Role.PROGRAMME_PROVIDER),  # type: ignore[union-attr]
        }
        return render(request, "core/partner_area.html", context)
    raise PermissionDenied


@require_GET
@staff_required
def staff_workspace(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = [Role(role).label for role in sorted(user.role_set)]  # type: ignore[union-attr]
    context = {
        "links": _once(available(request.jobcenter, user, STAFF_OFFERS)),  # type: ignore[attr-defined]
        "roles": roles,
        "is_admin": user.has_perm("core.manage_locations"),
    }
    return render(request, "core/staff_workspace.html", context)


def _once(links: list[Link]) -> list[Link]:
    """Each page once, even when two of the person's permissions open it."""
    unique: dict[str, Link] = {}
    for link in links:
        unique.setdefault(link.url, link)
    return list(unique.values())
