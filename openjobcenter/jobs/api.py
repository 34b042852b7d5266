"""The job exchange's API (API.md, Job exchange)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Jobbörse"])
