"""``{% assistant_chat_enabled as show %}``: whether a page offers the assistant's chat window.

Every page of a Jobcenter for the public and for citizens does; staff pages (``/<slug>/staff/…``), pages
seen by a signed-in member of staff, and pages outside a Jobcenter do not. Kiosk and call display use
their own base template and never include it. A page can also switch it off with
``{% block assistant_chat %}{% endblock %}`` (the assistant's own page does).
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from openjobcenter.assistant.services.answers import disclosure

register = template.Library()

STAFF_PREFIX = "staff/"


@register.simple_tag(takes_context=True)
def assistant_chat_enabled(context: template.Context) -> bool:
    request = context.get("request")
    if (
        request is None
        or context.get("jobcenter") is None
        or context.get("is_staff_user")
        or context.get("no_assistant")
    ):
        return False
    match = getattr(request, "resolver_match", None)
    if match is not None:
        route = match.route.split("/", 1)[1] if "/" in match.route else match.route
        if route.startswith(STAFF_PREFIX):
            return False
    return True


@register.simple_tag
def assistant_disclosure() -> str:
    """The notice that one writes with a machine (EU AI Act, Art. 50), in the page's language."""
    return disclosure((get_language() or "de").split("-")[0])
