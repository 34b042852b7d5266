"""Screenshots of every portal page, for every role, on a phone and a desktop, in German and Arabic.

Run it against a running demo that shares its database with this process (``make run`` uses
var/openjobcenter.sqlite3, the default here too):

    DEMO=on .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8000 --out var/screenshots

Options: --width (390 and 1280), --language (de and ar), --audience (all: anonymous, one persona per
role, advisor_pending_2fa), --page (URL names; default all). The pages and who sees them come from
tests/browser/pages.py, the list the accessibility tests walk. Each persona is signed in by a session
made here (staff as after the second factor), so no password or code is typed.
Files: OUT/<audience>/<page>-<language>-<width>.png
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openjobcenter.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from openjobcenter.accounts.models import User  # noqa: E402
from openjobcenter.accounts.roles import Role  # noqa: E402
from tests.browser.conftest import BACKEND, CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.pages import ANONYMOUS, AUDIENCES, PENDING_2FA, pages_for  # noqa: E402
from tests.browser.scenario import DemoPortal  # noqa: E402


@dataclass(frozen=True)
class Shot:
    label: str
    path: str
    status: int


def session_for(user: User, *, verified: bool) -> str:
    """A session cookie value for ``user``, as after signing in (with the second factor if any)."""
    client = Client()
    client.force_login(user, backend=BACKEND)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and verified:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def plan(audiences: list[str], only: set[str]) -> dict[str, tuple[str | None, list[Shot]]]:
    """Per audience: the session cookie and the pages to take. All database work happens here,
    before the browser's event loop runs."""
    portal = DemoPortal.current()
    # Sessions first: signing in changes last_login, which would void reset links made before.
    cookies: dict[str, str | None] = {}
    for audience in audiences:
        cookies[audience] = None
        if audience == PENDING_2FA:
            cookies[audience] = session_for(portal.persona(Role.ADVISOR), verified=False)
        elif audience != ANONYMOUS:
            cookies[audience] = session_for(portal.persona(audience), verified=True)
    result: dict[str, tuple[str | None, list[Shot]]] = {}
    for audience in audiences:
        shots = []
        for spec in pages_for(audience):
            if only and spec.name not in only:
                continue
            path = spec.url(portal.jobcenter)
            if path is not None:
                shots.append(Shot(spec.label, path, spec.status))
        result[audience] = (cookies[audience], shots)
    return result


def take(
    browser: Browser,
    base: str,
    out: Path,
    audience: str,
    cookie: str | None,
    shots: list[Shot],
    *,
    language: str,
    width: int,
) -> None:
    context = browser.new_context(base_url=base, viewport={"width": width, "height": 900}, locale="de-DE")
    host = urlsplit(base).hostname or "127.0.0.1"
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}]
    if cookie:
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"})
    context.add_cookies(cookies)  # type: ignore[arg-type]
    page = context.new_page()
    folder = out / audience
    folder.mkdir(parents=True, exist_ok=True)
    for shot in shots:
        response = page.goto(shot.path)
        status = response.status if response else 0
        name = re.sub(r"[^a-z0-9]+", "-", shot.label.lower()).strip("-")
        page.screenshot(path=str(folder / f"{name}-{language}-{width}.png"), full_page=True)
        note = "" if status == shot.status else f"  (status {status}, expected {shot.status}: {page.url})"
        print(f"{audience:22} {language} {width:4}  {shot.path}{note}")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots"))
    parser.add_argument("--width", type=int, action="append", dest="widths")
    parser.add_argument("--language", action="append", dest="languages")
    parser.add_argument("--audience", action="append", dest="audiences", choices=AUDIENCES)
    parser.add_argument("--page", action="append", dest="pages", default=[])
    args = parser.parse_args()
    work = plan(args.audiences or list(AUDIENCES), set(args.pages))
    out = Path(args.out)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for audience, (cookie, shots) in work.items():
            for language in args.languages or ["de", "ar"]:
                for width in args.widths or [390, 1280]:
                    take(browser, args.base.rstrip("/"), out, audience, cookie, shots, language=language, width=width)
        browser.close()
    print(f"Screenshots in {out}")


if __name__ == "__main__":
    main()
