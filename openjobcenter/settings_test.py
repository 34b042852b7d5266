"""Settings for the test suite: demo mode, in-memory cache, immediate tasks, fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEMO", "on")
os.environ.setdefault("OJC_TESTING", "on")
os.environ.setdefault("EMAIL_URL", "locmem://")

from openjobcenter.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# WhiteNoise warns on every request when STATIC_ROOT is missing; tests serve through the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Uploaded documents (the demo loader stores some) go to a throw-away directory, not var/media.
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(tempfile.gettempdir()) / "ojc-test-media")},
    },
}
