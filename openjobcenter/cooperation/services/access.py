"""Who may see a plan: the casefile's rules (responsible team, or break the glass with a reason).

Staff reads are logged as reads of the citizen's data, with the reason when there is one, exactly
like reads of the case file; the citizen sees them in "Wer hat meine Daten gesehen?".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from openjobcenter.casefile.services.access import log_case_read, read_purpose

if TYPE_CHECKING:
    from django.db import models

    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case

PURPOSE_PLAN = gettext_noop("Einsicht in den Kooperationsplan")
PURPOSE_PLAN_PDF = gettext_noop("Kooperationsplan als PDF")


def log_plan_read(
    user: User, case: Case, *, target: models.Model, reason: str | None, request: HttpRequest | None, pdf: bool = False
) -> None:
    purpose = PURPOSE_PLAN_PDF if pdf else PURPOSE_PLAN
    with transaction.atomic():
        log_case_read(user, case, purpose=read_purpose(purpose, reason), target=target, request=request, reason=reason)
