"""Staff-entered text is stored once per language as a JSON map {"de": "...", "en": "..."}."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

SOURCE_LANGUAGE = "de"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def translated(texts: dict[str, str] | str | None, language: str | None = None) -> str:
    """The text in the given (or active) language, falling back to German, then any text."""
    if not texts:
        return ""
    if isinstance(texts, str):
        return texts
    language = (language or get_language() or SOURCE_LANGUAGE).split("-")[0]
    return texts.get(language) or texts.get(SOURCE_LANGUAGE) or next(iter(texts.values()), "")
