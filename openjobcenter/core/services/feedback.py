"""The feedback channel of the accessibility statement (§ 12b BGG, § 7 BITV 2.0).

A report is stored for the Jobcenter and mailed to its contact address, so it reaches a person
even before anybody looks into the portal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from openjobcenter.audit.services import log_change
from openjobcenter.core.models import AccessibilityFeedback, Jobcenter
from openjobcenter.notifications.services import send_to_address

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

MAIL_TEMPLATE = "core_accessibility_feedback"


def submit_accessibility_feedback(
    jobcenter: Jobcenter,
    *,
    message: str,
    name: str = "",
    email: str = "",
    page: str = "",
    language: str = "de",
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> AccessibilityFeedback:
    """Store a reported barrier, audit it and mail it to the Jobcenter (in German, its working language)."""
    feedback = AccessibilityFeedback(
        jobcenter=jobcenter,
        name=name.strip(),
        email=email.strip(),
        page=page.strip(),
        message=message.strip(),
        language=language,
    )
    feedback.full_clean(exclude=["jobcenter"])
    with transaction.atomic():
        feedback.save()
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="core.accessibility_feedback_received",
            target=feedback,
            request=request,
        )
        statement_url = reverse("core:accessibility", kwargs={"jobcenter": jobcenter.slug})
        if request is not None:
            statement_url = request.build_absolute_uri(statement_url)
        send_to_address(
            jobcenter.email,
            "de",
            MAIL_TEMPLATE,
            {"feedback": feedback, "statement_url": statement_url},
            jobcenter=jobcenter,
        )
    return feedback
