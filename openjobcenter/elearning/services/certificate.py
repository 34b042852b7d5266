"""The certificate of participation (Teilnahmebescheinigung) as a tagged PDF, in German.

German is the language of the Jobcenter's records; the module's title in the person's language is
added below when it differs, so the person can read what the paper is about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation

from openjobcenter.core.services.pdf import html_to_pdf
from openjobcenter.elearning.models import Completion

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User


def certificate_pdf(completion: Completion, person: User) -> bytes:
    language = (translation.get_language() or "de").split("-")[0]
    module = completion.module
    with translation.override("de"):
        title_de = module.localised_title("de")
        html = render_to_string(
            "elearning/certificate.html",
            {
                "completion": completion,
                "person": person,
                "jobcenter": completion.jobcenter,
                "module_title": title_de,
                "module_title_own": module.localised_title(language) if language != "de" else "",
                "own_language": language,
                "lessons": [lesson.localised_title() for lesson in module.lessons.all()],
            },
        )
    return html_to_pdf(html)


def file_name(completion: Completion) -> str:
    return f"Teilnahmebescheinigung-{completion.module.slug}-{completion.number}.pdf"
