"""The receipt (Eingangsbestätigung): a tagged PDF (PDF/UA-1) with everything entered and the documents.

Rendered from the frozen answers of the submitted application, offline, through
``core.services.pdf`` (which refuses every resource: nothing typed can make the server fetch anything).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from openjobcenter.applications.flows import flow_for
from openjobcenter.applications.models import Application, Attachment
from openjobcenter.core.services.pdf import html_to_pdf


def receipt_context(application: Application) -> dict[str, Any]:
    attachments = list(Attachment.objects.for_tenant(application.jobcenter).filter(application=application))
    handed_in = {attachment.proof for attachment in attachments if attachment.proof}
    return {
        "application": application,
        "jobcenter": application.jobcenter,
        "sections": flow_for(application).summary(application.data),
        "attachments": attachments,
        "missing": [proof for proof in flow_for(application).proofs(application.data) if proof.key not in handed_in],
        "language": translation.get_language() or "de",
        "rtl": translation.get_language_bidi(),
    }


def render_receipt(application: Application) -> bytes:
    return html_to_pdf(render_to_string("applications/pdf/receipt.html", receipt_context(application)))


def filename(application: Application) -> str:
    return f"Eingangsbestaetigung-{application.reference}.pdf"
