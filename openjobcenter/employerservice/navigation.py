"""Links to this app's pages in "Mein Bereich" (``CLIENT_OFFERS``), the partner area
(``PARTNER_OFFERS``) and the staff workspace (``STAFF_OFFERS``); see ``core.services.navigation``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openjobcenter.core.services.navigation import Offer

CLIENT_OFFERS: tuple[Offer, ...] = (
    Offer(
        "employerservice:my_interviews",
        _("Meine Vorstellungsgespräche"),
        _("Einladungen von Unternehmen zum Videogespräch annehmen, verschieben oder absagen."),
        perm="jobs.manage_own_profile",
        icon="calendar-today",
    ),
)
PARTNER_OFFERS: tuple[Offer, ...] = (
    Offer(
        "employerservice:workspace",
        _("Bewerbungen, Gespräche und Förderung"),
        _(
            "Bewerberinnen und Bewerber zum Videogespräch einladen, Rückmeldung geben, Lohnkostenzuschuss beantragen, mit dem Arbeitgeber-Service schreiben."
        ),
        perm="employerservice.use_employer_workspace",
        icon="account-circle",
    ),
)
STAFF_OFFERS: tuple[Offer, ...] = (
    Offer(
        "employerservice:staff_home",
        _("Arbeitgeber-Service: Unternehmen und Förderung"),
        _(
            "Registrierungen und Stellen prüfen, Kontakte mit Unternehmen, Lohnkostenzuschüsse nach §§ 16e und 16i SGB II."
        ),
        perm="employerservice.use_workspace",
        icon="checklist",
    ),
    Offer(
        "employerservice:targets",
        _("Ziele und Fortschritt"),
        _("Zielvorgaben für geförderte Einstellungen, Stand und Prognose."),
        perm="employerservice.view_targets",
        icon="visibility",
    ),
)
