"""Shared helpers: an approved first application with its approval period; filling a change notification."""

from __future__ import annotations

import datetime as dt
import uuid

from openjobcenter.applications.flows import flow_for
from openjobcenter.applications.models import Application
from openjobcenter.applications.services import processing
from openjobcenter.applications.services.drafts import save_step
from openjobcenter.applications.services.submission import submit
from openjobcenter.applications.steps import raw_of


def approve(application: Application, officer, *, start: dt.date, end: dt.date) -> Application:
    app = processing.assign(application, actor=officer, assignee=officer)
    app = processing.start_review(app, actor=officer)
    app = processing.decide(app, actor=officer, decision="approved", period_start=start, period_end=end)
    return processing.send_decision(app, actor=officer)


def submitted_and_approved(draft: Application, applicant, officer, *, start: dt.date, end: dt.date) -> Application:
    return approve(submit(draft, actor=applicant, key=uuid.uuid4()), officer, start=start, end=end)


def answer(application: Application, slug: str, raw: dict[str, str]) -> Application:
    """Save one step as the form would (validated)."""
    flow = flow_for(application)
    step = flow.get(slug)
    assert step is not None, slug
    page = flow.build(step, application.data, raw)
    assert page.is_valid(), [form.errors for _h, form in page.forms]
    return save_step(application, slug, raw, clean=flow.cleaned(page))


__all__ = ["answer", "approve", "raw_of", "submitted_and_approved"]
