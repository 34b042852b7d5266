"""Shared by the citizen and staff views: the download response."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from openjobcenter.casefile.models import Document


def attachment(document: Document, content: bytes) -> HttpResponse:
    """Always a download, never shown inline: a document must not run in the portal's origin."""
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
