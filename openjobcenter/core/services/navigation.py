"""Links to the portal's offers, shown on the home page and the dashboards.

Each capability registers its pages by URL name. A link is only shown when its view exists in
this installation and the person may use it, so pages never point to something that is not there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from openjobcenter.core.models import Jobcenter

Text = str | Promise


@dataclass(frozen=True)
class Offer:
    """A page someone can go to: ``perm`` (if set) is required to see the link."""

    url_name: str
    title: Text
    text: Text
    perm: str | None = None
    icon: str = "arrow-forward"
    anchor: str = ""
    # Dotted path of ``f(user, jobcenter) -> int``: a count shown on the link ("3 neu"), e.g. unread
    # messages. Looked up only when the page exists, so core does not depend on the app.
    count: str = ""


@dataclass(frozen=True)
class Link:
    url: str
    title: Text
    text: Text
    icon: str
    count: int = 0


def tenant_url(jobcenter: Jobcenter, url_name: str) -> str | None:
    """The URL of ``url_name`` in this Jobcenter, or ``None`` when that page is not installed."""
    try:
        return reverse(url_name, kwargs={"jobcenter": jobcenter.slug})
    except NoReverseMatch:
        return None


def available(jobcenter: Jobcenter, user: Any, offers: Iterable[Offer]) -> list[Link]:
    links = []
    for offer in offers:
        if offer.perm and not user.has_perm(offer.perm):
            continue
        url = tenant_url(jobcenter, offer.url_name)
        if url is not None:
            count = int(import_string(offer.count)(user, jobcenter)) if offer.count else 0
            links.append(
                Link(f"{url}#{offer.anchor}" if offer.anchor else url, offer.title, offer.text, offer.icon, count)
            )
    return links
