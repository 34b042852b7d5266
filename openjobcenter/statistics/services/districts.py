"""Which district(s) a Jobcenter reports on: a state change with its audit entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter
from openjobcenter.statistics.models import LabourMarketFigure, StatisticsSettings

if TYPE_CHECKING:
    from django.http import HttpRequest

    from openjobcenter.accounts.models import User


def known_districts() -> dict[str, str]:
    """Every district (5-digit AGS) with figures, to its newest name."""
    rows = LabourMarketFigure.objects.order_by("ags", "month").values_list("ags", "region")
    return {ags: region for ags, region in rows if len(ags) == 5}  # the newest name wins


def set_districts(
    jobcenter: Jobcenter, districts: list[str], *, actor: User | None, request: HttpRequest | None = None
) -> bool:
    """Store the Jobcenter's districts; returns whether anything changed. Unknown keys are refused."""
    known = set(LabourMarketFigure.objects.filter(ags__in=districts).values_list("ags", flat=True))
    unknown = [ags for ags in districts if ags not in known or len(ags) != 5]
    if unknown:
        raise ValidationError(
            _("Für diese Regionalschlüssel liegen keine Kreiszahlen vor: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    districts = list(dict.fromkeys(districts))
    with transaction.atomic():
        settings, _created = StatisticsSettings.all_tenants.select_for_update().get_or_create(jobcenter=jobcenter)
        if settings.districts == districts:
            return False
        before = list(settings.districts)
        settings.districts = districts
        settings.save(update_fields=["districts"])
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="statistics.districts_changed",
            target=settings,
            details={"before": before, "after": districts},
            request=request,
        )
    return True
