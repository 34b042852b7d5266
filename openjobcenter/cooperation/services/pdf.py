"""The PDF of a published version: tagged (PDF/UA-1), with language and title, rendered offline
through ``core.services.pdf`` (no resource is ever fetched)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from openjobcenter.cooperation.models import Version
from openjobcenter.core.services.pdf import html_to_pdf


def render_pdf(version: Version) -> bytes:
    context = {
        "version": version,
        "plan": version.plan,
        "steps": list(version.steps.all()),
        "language": translation.get_language() or "de",
        "rtl": translation.get_language_bidi(),
    }
    return html_to_pdf(render_to_string("cooperation/pdf/plan.html", context))


def filename(version: Version) -> str:
    return f"Kooperationsplan-Version-{version.number}.pdf"
