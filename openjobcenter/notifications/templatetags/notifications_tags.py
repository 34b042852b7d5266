"""``{% unread_notifications_count %}``: the number for the badge in the navigation."""

from __future__ import annotations

from django import template

from openjobcenter.notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications_count(context: template.Context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    jobcenter = getattr(request, "jobcenter", None)
    if user is None or not user.is_authenticated or jobcenter is None:
        return 0
    return unread_count(user, jobcenter)
