"""Document text search without the text at rest: the words of a PDF as keyed hashes.

At upload the text of a PDF is extracted (pypdf; at most ``MAX_PAGES`` pages, ``MAX_CHARS``
characters and ``MAX_SECONDS`` seconds; any failure just means "no text"). Each distinct word,
normalised (NFKC, case-folded, accents removed), is stored only as ``HMAC-SHA256(index key, word)``
truncated to 128 bits (``DocumentTerm``). The index key is derived from a ``DOCUMENT_KEYS`` key,
so the database alone reveals no word; a search hashes the words typed with every configured key.
The extracted text itself is never stored. Whole words only: no prefix or fuzzy search.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import re
import time
import unicodedata
from collections.abc import Iterable

from django.conf import settings

from openjobcenter.casefile.models import Document, DocumentTerm

logger = logging.getLogger(__name__)

MAX_PAGES = 50
MAX_CHARS = 200_000
MAX_SECONDS = 5.0
MAX_TERMS = 5_000
MIN_WORD = 2
MAX_WORD = 40
WORD = re.compile(r"\w+", re.UNICODE)
INDEX_CONTEXT = b"openjobcenter.casefile.search-index.v1"


def extract_pdf_text(content: bytes) -> str:
    """The text of a PDF, bounded in pages, characters and time; "" when it cannot be read."""
    started = time.monotonic()
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        parts: list[str] = []
        length = 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PAGES or length >= MAX_CHARS or time.monotonic() - started > MAX_SECONDS:
                break
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
        return " ".join(parts)[:MAX_CHARS]
    except Exception:  # a broken or odd PDF must never break the upload
        logger.info("No text extracted from a PDF upload.", exc_info=True)
        return ""


def normalise(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", word).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


def words(text: str) -> set[str]:
    found: set[str] = set()
    for match in WORD.finditer(text):
        word = normalise(match.group())
        if MIN_WORD <= len(word) <= MAX_WORD:
            found.add(word)
            if len(found) >= MAX_TERMS:
                break
    return found


def _index_key(raw_key: bytes) -> bytes:
    return hmac.new(raw_key, INDEX_CONTEXT, hashlib.sha256).digest()


def token(word: str, *, raw_key: bytes) -> str:
    return hmac.new(_index_key(raw_key), word.encode(), hashlib.sha256).hexdigest()[:32]


def _current_key() -> bytes:
    return bytes(settings.DOCUMENT_KEYS[0][1])


def query_tokens(word: str) -> list[str]:
    """The tokens a typed word may be stored under (one per configured key, so rotation keeps search working)."""
    normal = normalise(word)
    return [token(normal, raw_key=key) for _key_id, key in settings.DOCUMENT_KEYS]


def document_words(content: bytes, content_type: str) -> set[str]:
    """The words to index for a file (PDFs only); computed before the upload's transaction."""
    if content_type != "application/pdf":
        return set()
    return words(extract_pdf_text(content))


def store_terms(document: Document, found: set[str]) -> int:
    """Replace the document's terms with the hashes of ``found``, under the current key."""
    key = _current_key()
    DocumentTerm.all_tenants.filter(document=document).delete()
    DocumentTerm.all_tenants.bulk_create(
        [
            DocumentTerm(jobcenter_id=document.jobcenter_id, document=document, token=token(w, raw_key=key))
            for w in found
        ],
        ignore_conflicts=True,
    )
    return len(found)


def matching_documents(jobcenter_id: int, query_words: Iterable[str]) -> set[int]:
    """Ids of documents of the Jobcenter whose text contains every word (case and accents ignored)."""
    result: set[int] | None = None
    for word in query_words:
        ids = set(
            DocumentTerm.all_tenants.filter(jobcenter_id=jobcenter_id, token__in=query_tokens(word)).values_list(
                "document_id", flat=True
            )
        )
        result = ids if result is None else result & ids
        if not result:
            return set()
    return result or set()
