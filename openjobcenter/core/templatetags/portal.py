"""Template helpers: tenant-aware URLs and per-language staff-entered text."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from openjobcenter.core.i18n import translated as translated_text

register = template.Library()


@register.simple_tag(takes_context=True)
def turl(context: template.Context, view_name: str, **kwargs: Any) -> str:
    """``{% turl 'core:home' %}``: reverse a URL inside the current Jobcenter."""
    jobcenter = context.get("jobcenter") or getattr(context.get("request"), "jobcenter", None)
    if jobcenter is None:
        raise template.TemplateSyntaxError(f"turl {view_name!r} used outside a Jobcenter page")
    return reverse(view_name, kwargs={"jobcenter": jobcenter.slug, **kwargs})


@register.filter
def translated(value: dict[str, str] | str | None) -> str:
    """``{{ location.accessibility|translated }}``: the text in the active language."""
    return translated_text(value)
