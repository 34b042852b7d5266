"""The small Markdown subset lessons are written in, rendered to safe HTML.

``## Heading`` and ``### Heading`` (the page's h1 is the lesson title), paragraphs, ``- `` lists,
``1. `` numbered lists and ``**bold**``. Everything is escaped first: a content file cannot inject
markup, so a Jobcenter's own modules are as safe as the shipped ones.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BOLD = re.compile(r"\*\*(.+?)\*\*")
NUMBERED = re.compile(r"^\d+\.\s+")


def _inline(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", escape(text.strip()))


def render(source: str) -> SafeString:
    html: list[str] = []
    paragraph: list[str] = []
    list_tag = ""

    def close_paragraph() -> None:
        if paragraph:
            html.append(f'<p class="kern-body">{_inline(" ".join(paragraph))}</p>')
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            html.append(f"</{list_tag}>")
            list_tag = ""

    def open_list(tag: str) -> None:
        nonlocal list_tag
        if list_tag != tag:
            close_list()
            html.append(f'<{tag} class="ojc-el-list">')
            list_tag = tag

    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            close_paragraph()
            close_list()
        elif line.startswith("### ") or line.startswith("## "):
            close_paragraph()
            close_list()
            level, text = ("h3", line[4:]) if line.startswith("### ") else ("h2", line[3:])
            size = "small" if level == "h3" else "medium"
            html.append(f'<{level} class="kern-heading-{size}">{_inline(text)}</{level}>')
        elif line.startswith("- "):
            close_paragraph()
            open_list("ul")
            html.append(f"<li>{_inline(line[2:])}</li>")
        elif NUMBERED.match(line):
            close_paragraph()
            open_list("ol")
            html.append(f"<li>{_inline(NUMBERED.sub('', line))}</li>")
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return mark_safe("\n".join(html))  # noqa: S308 - built from escaped text only
