"""Settings for the test suite: demo mode, in-memory cache, immediate tasks, fast hashing."""

import os

os.environ.setdefault("DEMO", "on")
os.environ.setdefault("OJC_TESTING", "on")
os.environ.setdefault("EMAIL_URL", "locmem://")

from openjobcenter.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
