"""Links to this app's pages on the home page (``PUBLIC_OFFERS``), in "Mein Bereich"
(``CLIENT_OFFERS``), in the partner area of employers and programme providers
(``PARTNER_OFFERS``) and in the staff workspace (``STAFF_OFFERS``); see
``core.services.navigation``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openjobcenter.core.services.navigation import Offer

PUBLIC_OFFERS: tuple[Offer, ...] = (
    Offer("learning:catalogue", _("Kurse und Weiterbildung"),
          _("Sprachkurse, Weiterbildungen und Maßnahmen – auch online und passend zu Kinderbetreuungszeiten."),
          icon="checklist"),
)  # fmt: skip
CLIENT_OFFERS: tuple[Offer, ...] = (
    Offer("learning:my_courses", _("Meine Kurse"),
          _("Ihre Kursplätze, Anfragen und Termine; Abwesenheit melden."), perm="learning.enrol", icon="checklist"),
)  # fmt: skip
PARTNER_OFFERS: tuple[Offer, ...] = (
    Offer("learning:manage", _("Ihre Kurse"),
          _("Kurse und Termine pflegen, Teilnehmende sehen, Anwesenheit erfassen."), perm="learning.manage_courses",
          icon="checklist"),
)  # fmt: skip
STAFF_OFFERS: tuple[Offer, ...] = (
    Offer("learning:requests", _("Kursanfragen"),
          _("Anfragen Ihrer Kundinnen und Kunden für Kurse bestätigen oder ablehnen."),
          perm="learning.assign_course", icon="checklist"),
    Offer("learning:catalogue", _("Kursangebot"), _("Kurse suchen und Kundinnen und Kunden zuweisen."),
          perm="learning.assign_course", icon="search"),
    Offer("learning:manage", _("Kursangebot pflegen"), _("Kurse, Termine, Träger und Kinderbetreuungszeiten."),
          perm="learning.manage_catalogue", icon="edit"),
)  # fmt: skip
