"""Take screenshots of portal pages with headless Chromium (for people to look at).

Usage: python scripts/screenshot.py BASE_URL OUT_DIR PATH [PATH …]
Options via environment: LANG_CODE (e.g. ar), WIDTH (default 390 = phone), LOGIN=email:password.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    base, out_dir, *paths = sys.argv[1:]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    width = int(os.environ.get("WIDTH", "390"))
    language = os.environ.get("LANG_CODE", "de")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
        host = base.split("//", 1)[1].split("/", 1)[0].split(":")[0]
        context.add_cookies([{"name": "ojc_language", "value": language, "domain": host, "path": "/"}])
        page = context.new_page()
        for path in paths:
            page.goto(base + path)
            name = path.strip("/").replace("/", "_") or "root"
            page.screenshot(path=str(out / f"{name}-{language}-{width}.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
