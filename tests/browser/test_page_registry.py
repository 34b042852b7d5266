"""The list of pages the axe tests walk covers every page the portal has."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.browser.pages import EXCLUDED, EXCLUDED_PREFIXES, PAGES

pytestmark = pytest.mark.browser


def _url_names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_url_is_checked_by_axe_or_excluded_with_a_reason():
    listed = {page.name for page in PAGES} | set(EXCLUDED)
    names = set(_url_names(get_resolver().url_patterns))
    unchecked = sorted(name for name in names if name not in listed and not name.startswith(tuple(EXCLUDED_PREFIXES)))
    assert not unchecked, f"Pages without an accessibility check – add them to tests/browser/pages.py: {unchecked}"


def test_the_page_list_names_no_url_that_does_not_exist():
    names = set(_url_names(get_resolver().url_patterns))
    stale = sorted(page.name for page in PAGES if page.path is None and page.name not in names)
    assert not stale, f"tests/browser/pages.py lists URL names that no longer exist: {stale}"
