"""The navigation badge's template tag: unread answers for the client, unread client messages for staff."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from openjobcenter.messaging.services.threads import reply

pytestmark = pytest.mark.usefixtures("scanner")


def badge(user, jobcenter, *, staff=False) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.jobcenter = jobcenter  # type: ignore[attr-defined]
    source = "{% load messaging_tags %}{% messaging_unread staff=" + ("True" if staff else "False") + " %}"
    return Template(source).render(Context({"request": request}))


def test_the_badge_counts_unread_threads_per_side(thread, aylin, bernd, carla, david):
    jobcenter = thread.jobcenter
    assert badge(bernd, jobcenter, staff=True) == "1" and badge(carla, jobcenter, staff=True) == "0"
    assert badge(aylin, jobcenter) == "0"
    reply(actor=bernd, thread=thread, body="Antwort")
    assert badge(aylin, jobcenter) == "1" and badge(david, jobcenter) == "0"
    assert badge(bernd, jobcenter, staff=True) == "0"  # answering means he read it
