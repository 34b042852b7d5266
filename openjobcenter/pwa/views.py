"""The installable app: manifest, service worker, icons and the offline page of each Jobcenter.

Everything is per Jobcenter (name, colour, scope ``/<slug>/``), so one installation serves the apps
of many Jobcenters side by side. The service worker caches only the app shell (style sheets,
scripts, fonts, icons) and the offline page — never a page with personal data.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.services.hours import summarise
from openjobcenter.core.services.tenants import public_locations
from openjobcenter.pwa.icons import SIZES, icon_png
from openjobcenter.pwa.models import PushSubscription, Topic
from openjobcenter.pwa.services import push

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# What every page needs to look right without the network (the offline page uses the same files).
SHELL_FILES = (
    "vendor/kern/fonts/fira-sans.css",
    "vendor/kern/kern.min.css",
    "css/portal.css",
    "img/favicon.svg",
    "vendor/htmx/htmx.min.js",
    "js/portal.js",
)
LANGUAGE_KEY = "ojc-language"


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _url(jobcenter: Jobcenter, name: str, **kwargs: Any) -> str:
    return reverse(f"pwa:{name}", kwargs={"jobcenter": jobcenter.slug, **kwargs})


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    jobcenter = _jobcenter(request)
    language = translation.get_language() or settings.LANGUAGE_CODE
    start = reverse("core:citizen_area", kwargs={"jobcenter": jobcenter.slug})
    icons = [
        {"src": _url(jobcenter, "icon", size=size), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
        for size in SIZES
    ] + [
        {
            "src": _url(jobcenter, "icon_maskable", size=size),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in SIZES
    ]
    data = {
        "id": f"/{jobcenter.slug}/",
        "name": jobcenter.name,
        "short_name": jobcenter.name[:12] if len(jobcenter.name) > 12 else jobcenter.name,
        "description": _("Termine, Wartezeiten, Nachrichten und Anträge Ihres Jobcenters."),
        "lang": language,
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": start,
        "scope": f"/{jobcenter.slug}/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": jobcenter.brand_colour,
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
@cache_control(max_age=86400)
def icon(request: HttpRequest, size: int, maskable: bool = False) -> HttpResponse:
    if size not in SIZES:
        raise Http404
    return HttpResponse(icon_png(_jobcenter(request).brand_colour, size, maskable=maskable), content_type="image/png")


def icon_maskable(request: HttpRequest, size: int) -> HttpResponse:
    return icon(request, size, maskable=True)


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    shell = [static(path) for path in SHELL_FILES]
    shell += [_url(jobcenter, "icon", size=size) for size in SIZES]
    offline = {code: _url(jobcenter, "offline", language=code) for code in LANGUAGE_CODES}
    context = {
        "slug": jobcenter.slug,
        "jobcenter_name": jobcenter.name,
        "shell": json.dumps(shell),
        "offline": json.dumps(offline),
        "language_key": LANGUAGE_KEY,
        "static_prefix": settings.STATIC_URL,
        "default_language": settings.LANGUAGE_CODE,
    }
    body = str(render_to_string("pwa/sw.js", context))
    # The cache's name changes whenever what it holds changes: a new version replaces the old cache.
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    body = body.replace("__VERSION__", version)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = f"/{jobcenter.slug}/"
    return response


@require_GET
def offline(request: HttpRequest, language: str = "") -> HttpResponse:
    """What the app shows without network: how to reach the Jobcenter anyway. No personal data, and
    no assistant (it cannot answer offline). The worker caches it per language (``offline/<lang>/``);
    ``offline/`` shows it in the visitor's language."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in LANGUAGE_CODES:
        raise Http404
    jobcenter = _jobcenter(request)
    locations = public_locations(jobcenter)
    with translation.override(language):
        for location in locations:
            location.hours_summary = summarise(location.opening_hours.all())  # type: ignore[attr-defined]
        response = render(request, "pwa/offline.html", {"locations": locations, "no_assistant": True})
    response["Content-Language"] = language
    return response


# --- Push notifications: switch on per device and topic, list, remove --------------------------

USE_PUSH = "pwa.use_push"


def _json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"code": "invalid_subscription", "message": message}}, status=status)


@permission_required(USE_PUSH)
@require_http_methods(["GET", "POST"])
def push_settings(request: HttpRequest) -> HttpResponse:
    """ "Benachrichtigungen auf diesem Gerät": the person's devices and topics."""
    jobcenter = _jobcenter(request)
    user: Any = request.user
    subscriptions = PushSubscription.objects.for_tenant(jobcenter).filter(user=user)
    if request.method == "POST":
        found = push.subscription_of(jobcenter, user, request.POST.get("subscription", ""))
        if found is None:
            raise Http404
        if "remove" in request.POST:
            push.unsubscribe(found)
            messages.success(request, _("Auf diesem Gerät kommen keine Benachrichtigungen mehr."))
        else:
            push.set_topics(found, request.POST.getlist("topics"))
            messages.success(request, _("Ihre Auswahl ist gespeichert."))
        return redirect("pwa:push_settings", jobcenter=jobcenter.slug)
    context = {
        "subscriptions": subscriptions,
        "topics": [(value, label) for value, label in Topic.choices if value != Topic.TICKETS],
        "public_key": push.public_key(),
    }
    return render(request, "pwa/push_settings.html", context)


@permission_required(USE_PUSH)
@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    data = _json_body(request)
    if not isinstance(data, dict) or not push.enabled():
        return _refused(_("Benachrichtigungen sind in diesem Portal nicht eingerichtet."))
    topics = push.person_topics([str(t) for t in data["topics"]]) if isinstance(data.get("topics"), list) else []
    if not topics:
        return _refused(_("Bitte wählen Sie mindestens ein Thema."))
    try:
        subscription = push.subscribe(
            _jobcenter(request),
            data.get("subscription"),
            topics=topics,
            user=request.user,  # type: ignore[arg-type]
            user_agent=request.headers.get("User-Agent", ""),
        )
    except push.InvalidSubscription:
        return _refused(_("Dieser Browser bietet keine Benachrichtigungen an, die wir senden können."))
    return JsonResponse(
        {"id": subscription.pk, "topics": subscription.topics, "device": subscription.device}, status=201
    )


@require_POST
def ticket_subscribe(request: HttpRequest, token: str) -> JsonResponse:
    """A walk-in ticket's holder (no account needed: the ticket's secret token authorises)."""
    from openjobcenter.reception.services.queue import ticket_by_token

    ticket = ticket_by_token(_jobcenter(request), token[:40])
    if ticket is None or ticket.status not in ("waiting", "called"):
        raise Http404
    data = _json_body(request)
    if not isinstance(data, dict) or not push.enabled():
        return _refused(_("Benachrichtigungen sind in diesem Portal nicht eingerichtet."))
    try:
        push.subscribe(
            _jobcenter(request),
            data.get("subscription"),
            topics=[Topic.TICKETS],
            ticket=ticket,
            user_agent=request.headers.get("User-Agent", ""),
        )
    except push.InvalidSubscription:
        return _refused(_("Dieser Browser bietet keine Benachrichtigungen an, die wir senden können."))
    return JsonResponse({"ok": True}, status=201)
