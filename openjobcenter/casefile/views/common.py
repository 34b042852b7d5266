"""Shared by the citizen and staff views: the download response."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from openjobcenter.casefile.models import Case, Document


def attachment(document: Document, content: bytes) -> HttpResponse:
    """Always a download, never shown inline: a document must not run in the portal's origin."""
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


TIMELINE_STEP = 25
TIMELINE_MAX = 500


def timeline_context(request: HttpRequest, case: Case, *, for_citizen: bool) -> dict[str, Any]:
    """The timeline section: filter by kind (``?kind=``), newest first, ``?n=`` entries with "more"."""
    from openjobcenter.casefile.forms import TimelineFilterForm
    from openjobcenter.casefile.services.timeline import kind_choices, timeline

    form = TimelineFilterForm(request.GET or None, kinds=kind_choices(for_citizen=for_citizen))
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    try:
        shown = min(max(int(request.GET.get("n", TIMELINE_STEP)), TIMELINE_STEP), TIMELINE_MAX)
    except ValueError:
        shown = TIMELINE_STEP
    entries = timeline(case, viewer=request.user, for_citizen=for_citizen, kind=kind or None, limit=shown + 1)  # type: ignore[arg-type]
    more = (
        urlencode({"kind": kind, "n": shown + TIMELINE_STEP}) if len(entries) > shown and shown < TIMELINE_MAX else ""
    )
    return {"timeline": entries[:shown], "timeline_form": form, "timeline_more": more, "timeline_kind": kind}
