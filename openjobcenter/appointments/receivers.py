"""Following changes elsewhere: a Jobcenter that moves to another state has other public holidays."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from openjobcenter.appointments.services.slots import reconcile_slots
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.signals import jobcenter_settings_changed


@receiver(jobcenter_settings_changed)
def holidays_follow_the_state(sender: Any, jobcenter: Jobcenter, fields: tuple[str, ...], **kwargs: Any) -> None:
    if "state" in fields:
        reconcile_slots(jobcenter)
