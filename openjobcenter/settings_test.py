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

# SQLite: a test database in a file, not in memory. With an in-memory database Django hands the
# live server's threads the test's one connection, and two requests at once (a page and its event
# stream) collide on it ("bad parameter or other API misuse"). With a file every thread has its
# own connection, as in production. pytest-django appends the xdist worker to the name; the
# process id keeps test runs of several checkouts on one machine apart.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _SHM = Path("/dev/shm")  # noqa: S108 - a directory of our own below it, files named by process
    _TEST_DB_DIR = (_SHM if _SHM.is_dir() else Path(tempfile.gettempdir())) / "ojc-test-db"
    _TEST_DB_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DB_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
