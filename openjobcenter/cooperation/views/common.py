"""Shared by the citizen and staff views: the PDF response."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from openjobcenter.cooperation.models import Version
from openjobcenter.cooperation.services.pdf import filename, render_pdf
from openjobcenter.core.services.pdf import PdfUnavailable
from openjobcenter.core.views.errors import pdf_unavailable


def pdf_response(request: HttpRequest, version: Version) -> HttpResponse:
    try:
        content = render_pdf(version)
    except PdfUnavailable:
        return pdf_unavailable(request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename(version))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
