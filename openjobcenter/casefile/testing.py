"""A real clamd with a tiny test signature database, for the test suites (never for production).

``running_clamd(tmp)`` writes a configuration and two signatures – the EICAR test file (by hash)
and ``TEST_PATTERN`` (by content) – starts Debian's ``clamd`` in the foreground on a Unix socket,
waits until it answers, and stops it afterwards. Without clamd installed it fails loudly: CI must
never silently skip the malware tests.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
TEST_PATTERN = b"OJC-TEST-MALWARE-PATTERN"
CLAMD_MISSING = (
    "clamd is not installed, so the malware-scan tests cannot run. Run `bash .ci/run` or "
    "`apt-get install -y --no-install-recommends clamav-daemon` (no signature download is needed)."
)


def find_clamd() -> str:
    path = shutil.which("clamd") or next((p for p in ("/usr/sbin/clamd",) if Path(p).exists()), None)
    if path is None:
        raise RuntimeError(CLAMD_MISSING)
    return path


@contextmanager
def running_clamd(directory: Path) -> Iterator[str]:
    """Start clamd in ``directory``; yields its ``CLAMD_URL``."""
    clamd = find_clamd()
    database = directory / "db"
    database.mkdir(parents=True, exist_ok=True)
    (database / "ojc-test.hdb").write_text(
        f"{hashlib.md5(EICAR, usedforsecurity=False).hexdigest()}:{len(EICAR)}:OJC.Test.EICAR\n"
    )
    (database / "ojc-test.ndb").write_text(f"OJC.Test.Pattern:0:*:{TEST_PATTERN.hex()}\n")
    socket = directory / "clamd.sock"
    config = directory / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket}\nForeground yes\nDatabaseDirectory {database}\n"
        f"TemporaryDirectory {directory}\nStreamMaxLength 64M\nLogFile {directory / 'clamd.log'}\n"
    )
    process = subprocess.Popen(  # noqa: S603 – our own binary and config
        [clamd, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while not socket.exists():
            if process.poll() is not None:
                raise RuntimeError(
                    f"clamd stopped at start: {process.stderr.read().decode() if process.stderr else ''}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError("clamd did not open its socket within 60 seconds")
            time.sleep(0.05)
        yield f"unix://{socket}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
