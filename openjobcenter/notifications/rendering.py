"""Render a notification from its templates in one language.

A notification named ``T`` consists of ``notifications/T/subject.txt`` and ``body.txt`` (both
required), ``body.html`` (optional: without it the text body is wrapped in the shared HTML
layout) and ``portal.txt`` (optional: the text shown in the portal inbox).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    language: str
    subject: str
    text: str
    html: str
    portal_text: str


def supported_language(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def absolute_url(link: str) -> str:
    """Mail is read outside the portal: turn a portal path into a full address (``PUBLIC_URL``)."""
    base = getattr(settings, "PUBLIC_URL", "")
    if link.startswith("/") and base:
        return base.rstrip("/") + link
    return link


def render_message(template: str, context: dict[str, Any], language: str) -> RenderedMessage:
    language = supported_language(language)
    with translation.override(language):
        ctx = {**context, "language": language, "language_bidi": translation.get_language_bidi()}
        subject = " ".join(_render_text(f"notifications/{template}/subject.txt", ctx).split())
        text = _render_text(f"notifications/{template}/body.txt", ctx).strip() + "\n"
        html = _render_html(template, ctx, text)
        portal_text = _render_optional_text(f"notifications/{template}/portal.txt", ctx)
    return RenderedMessage(language=language, subject=subject, text=text, html=html, portal_text=portal_text)


def _render_text(name: str, context: dict[str, Any]) -> str:
    # Plain text must not be HTML-escaped ("Müller & Söhne", not "Müller &amp; Söhne"), whatever
    # the template author remembered; so text templates are rendered with autoescape off.
    template = get_template(name).template  # type: ignore[attr-defined]
    return str(template.render(Context(context, autoescape=False)))


def _render_optional_text(name: str, context: dict[str, Any]) -> str:
    if not _exists(name):
        return ""
    return _render_text(name, context).strip()


def _render_html(template: str, context: dict[str, Any], text: str) -> str:
    name = f"notifications/{template}/body.html"
    if not _exists(name):
        return render_to_string("notifications/email_fallback.html", {**context, "text_body": text.strip()})
    return render_to_string(name, context)


def _exists(name: str) -> bool:
    # Checked apart from rendering, so a broken {% extends %} inside an existing template
    # still fails loudly instead of silently falling back.
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True
