"""Check that every user-facing string is translated into every portal language.

Runs `makemessages` on a scratch copy of the catalogues (the working tree is left as it was) and
fails if any message of en, tr, ar, uk or ru is missing, empty or fuzzy. German is the source
language, so it has no catalogue of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "openjobcenter" / "locale"
TARGETS = ["en", "tr", "ar", "uk", "ru"]


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        backup = Path(scratch) / "locale"
        if LOCALE.exists():
            shutil.copytree(LOCALE, backup)
        try:
            subprocess.run(
                [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location", "--verbosity", "0",
                 "--ignore", "node_modules/*", "--ignore", "var/*", "--ignore", ".venv/*", "--ignore", "tests/*",
                 *[f"--locale={code}" for code in TARGETS]],
                cwd=ROOT, check=True, env={**os.environ, "DEMO": "on"},
            )  # fmt: skip
            problems = _problems()
        finally:
            shutil.rmtree(LOCALE, ignore_errors=True)
            if backup.exists():
                shutil.copytree(backup, LOCALE)
    for line in problems:
        print(line)
    if problems:
        print(f"Translations incomplete: {len(problems)} problem(s). Run `make messages` and translate.")
        return 1
    print(f"Translations complete for {', '.join(TARGETS)}.")
    return 0


def _problems() -> list[str]:
    problems = []
    for code in TARGETS:
        catalogue = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
        for entry in catalogue:
            if entry.obsolete:
                continue
            translated = all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
            if not translated or "fuzzy" in entry.flags:
                problems.append(f"{code}: {'fuzzy' if translated else 'missing'}: {entry.msgid[:70]!r}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
