"""Fixtures for the notification tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from openjobcenter.notifications.tests.helpers import FlakyMailServer

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def mail_server(settings):
    """The mail server; set ``mail_server.down = True`` to make every delivery fail."""
    settings.MAILERS = {"default": {"BACKEND": "openjobcenter.notifications.tests.helpers.FlakyMailServer"}}
    FlakyMailServer.down = False
    FlakyMailServer.on_send = None
    yield FlakyMailServer
    FlakyMailServer.down = False
    FlakyMailServer.on_send = None


@pytest.fixture
def test_templates(settings):
    """Adds the test-only notification templates in tests/templates/."""
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    settings.TEMPLATES = [engine]
