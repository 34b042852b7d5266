"""PDFs from HTML for the whole product (receipts, cooperation plans): WeasyPrint, tagged (PDF/UA-1).

Rendered offline: the URL fetcher refuses every resource, so nothing a person typed — even text
that looks like a link or a style sheet — can make the server fetch anything. Documents are
self-contained (inline CSS, system fonts through fontconfig). WeasyPrint and its system libraries
(Pango, HarfBuzz) are loaded on first use, so a server without them still serves everything else;
``PdfUnavailable`` then lets the page say so instead of failing.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)
# WeasyPrint reports every rendering step at INFO; only its warnings belong in our logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PdfUnavailable(Exception):
    """WeasyPrint or its system libraries are missing on this server."""


def _weasyprint() -> Any:
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: Pango or HarfBuzz not installed
        logger.error("PDF generation unavailable: %s", error)
        raise PdfUnavailable(str(error)) from error
    return weasyprint, URLFetcher


def html_to_pdf(html: str) -> bytes:
    weasyprint, url_fetcher_class = _weasyprint()

    class NoFetching(url_fetcher_class):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"Resources are not fetched for PDFs: {url[:80]}")

    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=NoFetching())
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
