"""Links to this app's pages on the home page (``PUBLIC_OFFERS``), in "Mein Bereich"
(``CLIENT_OFFERS``), in the partner area of employers and programme providers
(``PARTNER_OFFERS``) and in the staff workspace (``STAFF_OFFERS``); see
``core.services.navigation``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openjobcenter.core.services.navigation import Offer

PUBLIC_OFFERS: tuple[Offer, ...] = (
    Offer(
        "jobs:search",
        _("Stellen suchen"),
        _("Stellenangebote in Ihrer Nähe finden, nach Beruf, Arbeitszeit und Umkreis."),
        icon="search",
    ),
)
CLIENT_OFFERS: tuple[Offer, ...] = (
    Offer(
        "jobs:search",
        _("Stellen suchen"),
        _("Passende Stellenangebote finden und Suchen speichern."),
        perm="jobs.search_vacancies",
        icon="search",
    ),
    Offer(
        "jobs:saved_searches",
        _("Meine gespeicherten Suchen"),
        _("Neue passende Stellen per E-Mail erhalten."),
        perm="jobs.search_vacancies",
        icon="mail",
    ),
    Offer(
        "jobs:matches",
        _("Passende Stellen"),
        _("Ihr Bewerberprofil pflegen und Stellen sehen, die dazu passen – mit Begründung."),
        perm="jobs.manage_own_profile",
        icon="checklist",
    ),
    Offer(
        "jobs:suggestions",
        _("Vorschläge Ihrer Ansprechperson"),
        _("Stellen, die Ihnen das Jobcenter vorschlägt, und Ihre Rückmeldung dazu."),
        perm="jobs.manage_own_profile",
        icon="mail",
    ),
    Offer(
        "jobs:contact_requests",
        _("Kontaktanfragen von Arbeitgebern"),
        _("Entscheiden, welches Unternehmen Ihren Namen und Ihre Kontaktdaten erfährt."),
        perm="jobs.manage_own_profile",
        icon="visibility",
    ),
)
PARTNER_OFFERS: tuple[Offer, ...] = (
    Offer(
        "jobs:companies",
        _("Unternehmen und Stellen"),
        _("Ihr Unternehmen registrieren, Stellenangebote anlegen und veröffentlichen."),
        perm="jobs.manage_vacancies",
        icon="checklist",
    ),
)
STAFF_OFFERS: tuple[Offer, ...] = (
    Offer(
        "jobs:staff_employers",
        _("Arbeitgeber-Service"),
        _("Registrierungen von Unternehmen bestätigen und Stellen für Unternehmen anlegen."),
        perm="jobs.confirm_employers",
        icon="checklist",
    ),
)
