"""A stated reason ("break the glass") opens one case for 30 minutes in this session only.

One store for every page that shows a part of a case (the case file, messages, the cooperation plan,
applications): a reason given on one of them opens the case on all of them, and every read is still
logged with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

REASON_VALID_FOR = dt.timedelta(minutes=30)
SESSION_KEY = "casefile_reasons"


def session_reason(request: HttpRequest, case_id: int | None) -> str | None:
    """The reason given in this session for the case, while it is valid."""
    if case_id is None:
        return None
    entry = request.session.get(SESSION_KEY, {}).get(str(case_id))
    if not entry or dt.datetime.fromisoformat(entry["until"]) < timezone.now():
        return None
    return str(entry["reason"])


def remember_reason(request: HttpRequest, case_id: int, reason: str) -> None:
    reasons = dict(request.session.get(SESSION_KEY, {}))
    reasons[str(case_id)] = {"reason": reason, "until": (timezone.now() + REASON_VALID_FOR).isoformat()}
    request.session[SESSION_KEY] = reasons
