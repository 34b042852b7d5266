"""Links to this app's pages on the home page (``PUBLIC_OFFERS``), in "Mein Bereich"
(``CLIENT_OFFERS``), in the partner area of employers and programme providers
(``PARTNER_OFFERS``) and in the staff workspace (``STAFF_OFFERS``); see
``core.services.navigation``."""

from __future__ import annotations

from openjobcenter.core.services.navigation import Offer

PUBLIC_OFFERS: tuple[Offer, ...] = ()
CLIENT_OFFERS: tuple[Offer, ...] = ()
PARTNER_OFFERS: tuple[Offer, ...] = ()
STAFF_OFFERS: tuple[Offer, ...] = ()
