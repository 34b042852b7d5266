"""Entry pages after sign-in: "Mein Bereich" for clients and partners, the staff workspace.

Each page links only to what exists in this installation and what the person may use (see
``core.services.navigation``), so nobody is sent to a page that refuses them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from openjobcenter.accounts.decorators import staff_required, tenant_login_required
from openjobcenter.accounts.roles import Role
from openjobcenter.core.services.navigation import Offer, available

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
    NOTIFICATIONS,
    Offer(
        "audit:my_access_log",
        _("Wer hat meine Daten gesehen?"),
        _("Sehen Sie nach, wer im Jobcenter Ihre Daten aufgerufen hat, wann und aus welchem Grund."),
        perm="audit.view_own_access_log",
        icon="visibility",
    ),
    ACCOUNT,
)
PARTNER_OFFERS = (NOTIFICATIONS, ACCOUNT)
STAFF_OFFERS = (
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
        "core:jobcenter_settings",
        _("Einstellungen des Jobcenters"),
        _("Kontaktdaten, Angaben für Impressum und Datenschutz, Sprachen und Farbe."),
        perm="core.manage_settings",
        icon="edit",
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
        "links": available(request.jobcenter, user, STAFF_OFFERS),  # type: ignore[attr-defined]
        "roles": roles,
        "is_admin": user.has_perm("core.manage_locations"),
    }
    return render(request, "core/staff_workspace.html", context)
