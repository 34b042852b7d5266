"""PDFs of the CV and of cover letters: tagged (PDF/UA-1), rendered offline by ``core.services.pdf``.

Both are written for German employers, so they are rendered in German whatever the language of the
portal (the citizen writes the content herself). No photo: German employers may not require one
(AGG), and a photo would need its own upload and storage path.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from openjobcenter.core.services.pdf import html_to_pdf
from openjobcenter.folder.models import DATED_SECTIONS, CoverLetter, Folder, Section
from openjobcenter.folder.services.folders import entries_by_section


def _month(value: dt.date | None) -> str:
    return value.strftime("%m/%Y") if value else ""


def period(start: dt.date | None, end: dt.date | None) -> str:
    """German CV style: "03/2019 – 08/2022", "seit 09/2022"."""
    if start and end:
        return f"{_month(start)} – {_month(end)}"
    if start:
        return f"{translation.gettext('seit')} {_month(start)}"
    return _month(end)


def cv_context(folder: Folder) -> dict[str, Any]:
    grouped = entries_by_section(folder)
    sections = []
    for section in Section:
        rows = [{"entry": entry, "period": period(entry.start, entry.end)} for entry in grouped[section.value]]
        sections.append(
            {"key": section.value, "label": section.label, "rows": rows, "dated": section in DATED_SECTIONS}
        )
    return {"folder": folder, "sections": sections, "today": timezone.localdate()}


def render_cv(folder: Folder) -> bytes:
    with translation.override("de"):
        return html_to_pdf(render_to_string("folder/pdf/cv.html", cv_context(folder)))


def render_letter(letter: CoverLetter) -> bytes:
    with translation.override("de"):
        context = {"letter": letter, "folder": letter.folder, "today": timezone.localdate()}
        return html_to_pdf(render_to_string("folder/pdf/letter.html", context))


def cv_filename(folder: Folder) -> str:
    return f"Lebenslauf-{slugify(folder.full_name) or 'Bewerbung'}.pdf"


def letter_filename(letter: CoverLetter) -> str:
    return f"Anschreiben-{slugify(letter.company or letter.title) or letter.pk}.pdf"
