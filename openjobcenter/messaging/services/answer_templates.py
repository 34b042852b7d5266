"""Answer templates (Antwortvorlagen): kept per Jobcenter by team leads and admins, filled in for a thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest

from openjobcenter.audit.services import log_change
from openjobcenter.messaging.models import AnswerTemplate, Thread

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

MANAGE = "messaging.manage_templates"
PLACEHOLDERS = ("{name}", "{vorname}", "{nachname}", "{berater}", "{jobcenter}")


class TemplatesDenied(Exception):
    """The person may not manage this Jobcenter's answer templates."""


def _authorise(actor: User, jobcenter: Jobcenter) -> None:
    if not actor.has_perm(MANAGE) or not actor.belongs_to(jobcenter):
        raise TemplatesDenied


def fill(template: AnswerTemplate, *, thread: Thread, writer: User) -> str:
    """The template's text with the placeholders replaced (plain replacement: no format mini-language)."""
    citizen = thread.citizen
    values = {
        "{name}": citizen.get_full_name(),
        "{vorname}": citizen.first_name,
        "{nachname}": citizen.last_name,
        "{berater}": writer.get_full_name(),
        "{jobcenter}": thread.jobcenter.name,
    }
    text = template.body
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def save_template(
    *,
    actor: User,
    jobcenter: Jobcenter,
    title: str,
    body: str,
    template: AnswerTemplate | None = None,
    request: HttpRequest | None = None,
) -> AnswerTemplate:
    _authorise(actor, jobcenter)
    with transaction.atomic():
        if template is None:
            template = AnswerTemplate(jobcenter=jobcenter)
        template.title, template.body, template.updated_by = title.strip(), body.strip(), actor
        created = template.pk is None
        template.save()
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="messaging.template_created" if created else "messaging.template_changed",
            target=template,
            details={"title": template.title},
            request=request,
        )
    return template


def delete_template(*, actor: User, template: AnswerTemplate, request: HttpRequest | None = None) -> None:
    _authorise(actor, template.jobcenter)
    with transaction.atomic():
        log_change(
            actor=actor,
            jobcenter=template.jobcenter,
            action="messaging.template_deleted",
            target=template,
            details={"title": template.title},
            request=request,
        )
        template.delete()
