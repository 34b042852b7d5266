"""``{% load messaging_tags %}{% messaging_unread as count %}``: unread threads for the navigation badge.

For a client: threads with an answer they have not read ("Postfach (2)"). For staff who answer
messages: open threads of their team (or handed to them) with a client message nobody has read.
"""

from __future__ import annotations

from typing import Any

from django import template

from openjobcenter.messaging.services.inbox import citizen_unread_count, staff_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def messaging_unread(context: dict[str, Any], *, staff: bool = False) -> int:
    request = context.get("request")
    jobcenter = getattr(request, "jobcenter", None)
    user = getattr(request, "user", None)
    if jobcenter is None or user is None or not user.is_authenticated:
        return 0
    if staff:
        return staff_unread_count(user, jobcenter)
    return citizen_unread_count(user, jobcenter)
