"""German text analysis for search: words, Snowball German stems, feminine forms.

The same analysis runs when a vacancy is indexed (``search_stems``, used by SQLite's FTS5 table)
and when a query is parsed. PostgreSQL stems with its own ``german`` configuration (the same
Snowball algorithm); the query side adds the masculine form of feminine job titles on both
databases, because Snowball leaves "Köchin" as "kochin" while "Koch" is "koch".
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words too common in vacancies to narrow a search, and German stop words.
_STOP = frozenset(
    [
        "und",
        "oder",
        "der",
        "die",
        "das",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "in",
        "im",
        "mit",
        "für",
        "fur",
        "von",
        "zu",
        "zum",
        "zur",
        "auf",
        "an",
        "am",
        "als",
        "bei",
        "m",
        "w",
        "d",
        "mwd",
        "or",
        "and",
        "not",
    ]
)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer("german")


def words(text: str) -> list[str]:
    """Lower-case words (letters and digits) of ``text``; punctuation and operators are dropped."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in _STOP]


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


def stems(text: str) -> str:
    """The stems of ``text`` separated by spaces (for the FTS5 index)."""
    return " ".join(stem(w) for w in words(text))


def variants(word: str) -> list[str]:
    """Stems a query word should match: its own, and for a feminine title the masculine one
    ("köchinnen" → "köch" → "koch", "ärztin" → "arzt")."""
    found = [stem(word)]
    for suffix in ("innen", "in"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = stem(word[: -len(suffix)])
            if base not in found:
                found.append(base)
            break
    return found


def query_terms(text: str) -> list[list[str]]:
    """The query as groups of alternative stems, all groups required (AND of ORs).

    Quotes, operators and brackets are ignored; at most ``MAX_TERMS`` words count.
    """
    seen: set[str] = set()
    groups: list[list[str]] = []
    for word in words(text[:MAX_QUERY_LENGTH]):
        if word in seen:
            continue
        seen.add(word)
        groups.append(variants(word))
        if len(groups) == MAX_TERMS:
            break
    return groups


def query_words(text: str) -> list[list[str]]:
    """Like ``query_terms`` but unstemmed words for PostgreSQL, which stems with its ``german``
    configuration: the feminine form's masculine base is given as a second word."""
    seen: set[str] = set()
    groups: list[list[str]] = []
    for word in words(text[:MAX_QUERY_LENGTH]):
        if word in seen:
            continue
        seen.add(word)
        group = [word]
        for suffix in ("innen", "in"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                group.append(word[: -len(suffix)])
                break
        groups.append(group)
        if len(groups) == MAX_TERMS:
            break
    return groups
