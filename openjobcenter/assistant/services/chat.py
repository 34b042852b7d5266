"""The chat window's side of answering: a chosen "Meinten Sie …?" topic, and a reply made ready for a page.

``answer_topic`` answers by topic key (the person picked a suggestion), with the same reply fields as
``answers.ask``. ``present`` turns a reply into what the templates show: the product's own pages for
the topic's actions, and the hand-over links inside this site (the API's hand-over URLs are absolute,
made for other systems).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language_bidi, override
from django.utils.translation import gettext_lazy as _

from openjobcenter.assistant.services.answers import disclosure, fill_placeholders, published_versions
from openjobcenter.assistant.services.matching import LANGUAGES
from openjobcenter.core.models import Jobcenter

# Action → its label and the pages that serve it, first existing URL name wins (apps that come later,
# such as document upload or job search, take over from the fallback when their URL exists).
ACTIONS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "book_appointment": (_("Termin buchen"), ("appointments:start",)),
    "manage_appointment": (_("Termin verschieben oder absagen"), ("appointments:find",)),
    "waiting_times": (_("Aktuelle Wartezeiten"), ("reception:overview",)),
    "sign_in": (_("Anmelden"), ("accounts:login",)),
    "contact": (_("Kontakt zum Jobcenter"), ("core:home",)),
    "upload_documents": (_("Unterlagen einreichen"), ("casefile:my_documents", "core:citizen_area")),
    "application_status": (_("Stand Ihres Antrags"), ("applications:status", "core:citizen_area")),
    "job_search": (_("Stellen suchen"), ("jobs:search", "core:citizen_area")),
    "messages": (_("Ihrer Ansprechperson schreiben"), ("messaging:inbox", "core:citizen_area")),
    "video_consultation": (_("Videoberatung buchen"), ("appointments:start",)),
}
ANCHORS = {"contact": "#kontakt"}


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str


@dataclass(frozen=True)
class ChatReply:
    """One reply as the chat shows it; ``reply`` is the API's dict."""

    reply: Mapping[str, Any]
    language: str
    bidi: bool
    actions: list[Link] = field(default_factory=list)
    appointment_url: str = ""
    citizen_url: str = ""
    sign_in_url: str = ""
    phone: str = ""

    @property
    def reason(self) -> str:
        return str(self.reply.get("reason") or "")

    @property
    def topic(self) -> str | None:
        return self.reply.get("topic")

    @property
    def answer(self) -> str:
        return str(self.reply.get("answer") or "")

    @property
    def sources(self) -> list[dict[str, str]]:
        return list(self.reply.get("sources") or [])

    @property
    def suggestions(self) -> list[dict[str, str]]:
        return list(self.reply.get("suggestions") or [])

    @property
    def disclosure(self) -> str:
        return str(self.reply.get("disclosure") or "")


def _url(jobcenter: Jobcenter, names: tuple[str, ...]) -> str | None:
    for name in names:
        try:
            return reverse(name, kwargs={"jobcenter": jobcenter.slug})
        except NoReverseMatch:
            continue
    return None


def action_links(jobcenter: Jobcenter, actions: list[str]) -> list[Link]:
    links = []
    for action in actions:
        if action not in ACTIONS:
            continue
        label, names = ACTIONS[action]
        url = _url(jobcenter, names)
        if url is not None:
            links.append(Link(label, url + ANCHORS.get(action, "")))
    return links


def present(jobcenter: Jobcenter, reply: Mapping[str, Any]) -> ChatReply:
    language = str(reply.get("language") or "de")
    with override(language):
        bidi = get_language_bidi()
    return ChatReply(
        reply=reply,
        language=language,
        bidi=bidi,
        actions=action_links(jobcenter, list(reply.get("actions") or [])),
        appointment_url=_url(jobcenter, ("appointments:start",)) or "",
        citizen_url=_url(jobcenter, ("core:citizen_area",)) or "",
        sign_in_url=_url(jobcenter, ("accounts:login",)) or "",
        phone=jobcenter.phone,
    )


def answer_topic(jobcenter: Jobcenter, topic_key: str, language: str | None) -> dict[str, Any] | None:
    """The reply for a topic the person chose ("Meinten Sie …?"); ``None`` for a topic this Jobcenter
    does not publish. Same fields as ``answers.ask`` answering that topic, with confidence 1, plus ``title``."""
    version = published_versions(jobcenter).get(topic_key)
    if version is None:
        return None
    language = language if language in LANGUAGES and version.answer.get(language) else "de"
    answer = version.answer.get(language) or ""
    return {
        "topic": topic_key,
        "answer": fill_placeholders(answer, jobcenter),
        "sources": [
            {k: source[k] for k in ("title", "reference", "url") if source.get(k)} for source in version.sources
        ],
        "confidence": 1.0,
        "language": language,
        "handoff": None,
        "disclosure": disclosure(language),
        "reason": "answer",
        "suggestions": [],
        "actions": list(version.actions),
        "title": version.title_text(language),  # for the chat: what was chosen
    }
