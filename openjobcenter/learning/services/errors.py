"""The one error type of the learning services: a message for the person and, optionally, per field."""

from __future__ import annotations

from django.utils.functional import Promise


class LearningError(Exception):
    """A refused change, with a translated message (and per-field messages for forms)."""

    def __init__(self, message: str | Promise, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.fields = fields or {}
