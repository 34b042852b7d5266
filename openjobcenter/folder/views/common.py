"""Shared by the citizen, staff and public views: file and PDF responses."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from openjobcenter.core.services.pdf import PdfUnavailable
from openjobcenter.core.views.errors import pdf_unavailable
from openjobcenter.folder.models import Certificate, CoverLetter, Folder, Share
from openjobcenter.folder.services.certificates import certificate_bytes
from openjobcenter.folder.services.pdf import cv_filename, letter_filename, render_cv, render_letter


def file_response(content: bytes, content_type: str, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(attachment, filename) or "attachment"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


def cv_pdf_response(request: HttpRequest, folder: Folder) -> HttpResponse:
    try:
        content = render_cv(folder)
    except PdfUnavailable:
        return pdf_unavailable(request)
    return file_response(content, "application/pdf", cv_filename(folder))


def letter_pdf_response(request: HttpRequest, letter: CoverLetter) -> HttpResponse:
    try:
        content = render_letter(letter)
    except PdfUnavailable:
        return pdf_unavailable(request)
    return file_response(content, "application/pdf", letter_filename(letter))


def certificate_response(certificate: Certificate) -> HttpResponse:
    return file_response(certificate_bytes(certificate), certificate.content_type, certificate.original_name)


def downloads(share: Share, prefix: str, kwargs: dict[str, Any], certificate_kwarg: str) -> dict[str, Any]:
    """The download links of a share for ``folder/_shared_contents.html``: ``{prefix}_cv``,
    ``{prefix}_letter`` and ``{prefix}_certificate`` (the certificate's id as ``certificate_kwarg``)."""
    base = {"jobcenter": share.jobcenter.slug, **kwargs}
    return {
        "cv_url": reverse(f"folder:{prefix}_cv", kwargs=base),
        "letter_url": reverse(f"folder:{prefix}_letter", kwargs=base),
        "certificate_links": [
            (certificate, reverse(f"folder:{prefix}_certificate", kwargs={**base, certificate_kwarg: certificate.pk}))
            for certificate in share.certificates.all()
        ],
    }
