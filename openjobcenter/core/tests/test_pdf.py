"""PDFs from HTML: tagged, and rendered without fetching anything, whatever the HTML asks for."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pypdf import PdfReader

from openjobcenter.core.services import pdf


def test_a_pdf_is_tagged_with_language_and_title_and_fetches_nothing() -> None:
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test output shows only what fails."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    here = f"http://127.0.0.1:{server.server_address[1]}"
    html = (
        f'<html lang="de"><head><title>Eingangsbestätigung</title><link rel="stylesheet" href="{here}/a.css">'
        f'</head><body><p>Grundsicherung für Frau Kaya</p><img src="{here}/b.png" alt=""></body></html>'
    )
    try:
        content = pdf.html_to_pdf(html)
    finally:
        server.shutdown()
    assert requests == []
    reader = PdfReader(io.BytesIO(content))
    assert "Grundsicherung für Frau Kaya" in reader.pages[0].extract_text()
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "de" and "/StructTreeRoot" in root
    assert reader.metadata is not None and reader.metadata.title == "Eingangsbestätigung"


def test_without_weasyprints_libraries_the_caller_gets_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> Any:
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    with pytest.raises(pdf.PdfUnavailable):
        pdf.html_to_pdf("<p>x</p>")
