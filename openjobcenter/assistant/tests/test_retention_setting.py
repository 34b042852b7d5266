"""ASSISTANT_QUESTION_RETENTION_DAYS: 0 by default, at most 30, a bad value stops the start."""

from __future__ import annotations

import pytest

from openjobcenter.core.tests.test_settings_startup import load_settings


def _days(tmp_path, value: str | None):
    env = {"DEMO": "on"} if value is None else {"DEMO": "on", "ASSISTANT_QUESTION_RETENTION_DAYS": value}
    return load_settings(tmp_path, **env)


def test_off_by_default(tmp_path):
    from django.conf import settings

    assert settings.ASSISTANT_QUESTION_RETENTION_DAYS == 0
    assert _days(tmp_path, None).returncode == 0


@pytest.mark.parametrize("value", ["31", "-1", "sieben"])
def test_bad_values_stop_the_start(tmp_path, value):
    result = _days(tmp_path, value)
    assert result.returncode != 0 and "ASSISTANT_QUESTION_RETENTION_DAYS" in result.stderr


def test_thirty_is_allowed(tmp_path):
    assert _days(tmp_path, "30").returncode == 0
