"""``manage.py check --deploy`` finds nothing in a production-like configuration."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    environment = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "".join(
            secrets.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@%^&*(-_=+)")
            for _ in range(60)
        ),
        "ALLOWED_HOSTS": "jobcenter.example",
        "PUBLIC_URL": "https://jobcenter.example",
        "DEMO": "off",
        "DOCUMENT_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "CLAMD_URL": "unix:///run/clamav/clamd.ctl",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
