"""Outside demo mode the process refuses to start without document keys (in a fresh process)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        "PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "PYTHONPATH": str(PROJECT),
        "SECRET_KEY": secrets.token_urlsafe(60), **env,
    }  # fmt: skip
    code = "import openjobcenter.settings as s; print(s.DOCUMENT_KEYS[0][0])"
    return subprocess.run([sys.executable, "-c", code], env=environment, cwd=PROJECT, capture_output=True, text=True)


def test_production_refuses_to_start_without_document_keys(tmp_path):
    result = start(tmp_path)
    assert result.returncode != 0 and "DOCUMENT_KEYS" in result.stderr


def test_keys_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "keys"
    key_file.write_text("2026a:" + "A" * 43 + "=\n")
    result = start(tmp_path, DOCUMENT_KEYS_FILE=str(key_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2026a"


def test_demo_mode_uses_the_published_demo_key(tmp_path):
    result = start(tmp_path, DEMO="on")
    assert result.stdout.strip() == "demo"
