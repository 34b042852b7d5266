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
        "elearning:modules",
        _("Lernmodule"),
        _("Kurze Online-Kurse mit Quiz und Bescheinigung: Bewerbung, Sicherheit im Internet, Videoberatung, Portal."),
        perm="elearning.take_module",
        icon="checklist",
    ),
)
PARTNER_OFFERS: tuple[Offer, ...] = ()
STAFF_OFFERS: tuple[Offer, ...] = (
    Offer(
        "elearning:staff_modules",
        _("Lernmodule verwalten"),
        _("Die Lernmodule, wie viele sie abgeschlossen haben, und Videos für einzelne Lektionen."),
        perm="elearning.manage_modules",
        icon="checklist",
    ),
)
