"""Links to this app's pages on the home page (``PUBLIC_OFFERS``), in "Mein Bereich"
(``CLIENT_OFFERS``), in the partner area of employers and programme providers
(``PARTNER_OFFERS``) and in the staff workspace (``STAFF_OFFERS``); see
``core.services.navigation``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openjobcenter.core.services.navigation import Offer

PUBLIC_OFFERS: tuple[Offer, ...] = ()
CLIENT_OFFERS: tuple[Offer, ...] = (
    Offer(
        "folder:home",
        _("Meine Bewerbungsmappe"),
        _("Lebenslauf als PDF, Zeugnisse und Anschreiben – per Link mit Arbeitgebern teilen."),
        perm="folder.manage_own_folder",
        icon="draft",
    ),
)
# Employers reach a folder only through the link a citizen sends them.
PARTNER_OFFERS: tuple[Offer, ...] = ()
# Advisors open a folder from the client's case (with the client's consent).
STAFF_OFFERS: tuple[Offer, ...] = ()
