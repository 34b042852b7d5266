"""The authorisation matrix: every URL pattern of the project, with the arguments to request it and who may.

``test_authorisation_matrix.py`` walks the URL resolver, so a URL added anywhere is covered without
listing it here. For each URL it needs:

- **arguments** (object ids in the path): from the page registry (``tests/browser/pages.py``), else from
  the registry page whose path shares the URL's object segment (``.../entries/<pk>/delete/`` borrows
  ``.../entries/<pk>/``), else from ``OBJECTS`` below, else fixed "no such object" values for URLs
  listed in ``ANY_ARGUMENTS`` with a reason. A URL with arguments from none of these fails the test.
- **who may**: the permission the view's decorator asks for (``permission_required(...)``, found in the
  view's closures) or the registry's ``perm``; the roles holding it follow from
  ``accounts/roles.py``. A persona without it must get 302 to the sign-in (anonymous) or 403/404.
- **public or not**: a URL anonymous visitors may open is public in the registry, or listed in
  ``PUBLIC`` with a reason; every other URL must turn them away.
- **whose object**: the arguments name Aylin's objects where the registry serves the page to clients
  only (and the URLs borrowing their arguments); the other client of the Jobcenter must not get them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from openjobcenter.accounts.roles import ROLE_PERMISSIONS, Role
from openjobcenter.core.models import Jobcenter
from tests.browser import pages as registry
from tests.browser.pages import ANONYMOUS, EXCLUDED, PAGES, PortalPage

# Values for path arguments that name nothing (the URL is then checked for "no 500, no data").
NOTHING: dict[str, Any] = {"int": 987654, "str": "nichts-0000", "slug": "nichts", "path": "nichts"}
# Arguments the pattern restricts (the admin's app list takes an installed app's label).
NAMED_VALUES: dict[str, Any] = {"app_label": "core", "content_type_id": 1, "object_id": "987654"}

# Anonymous visitors may open these although the registry does not list them as public pages.
PUBLIC: dict[str, str] = {
    "platform_root": "the list of Jobcenters",
    "healthz": "health check for load balancers (no personal data)",
    "metrics": "Prometheus text; without the metrics token it answers 404 (checked in test_observability)",
    "set_language": "the language switch: stores the choice and redirects back",
    "accounts:logout": "signing out works (and redirects) for everybody",
    "accounts:oidc_start": "starts sign-in with BundID / the directory (redirects to the provider)",
    "accounts:oidc_callback": "the identity provider's answer; without state it is refused with a message",
    "appointments:challenge": "the anti-bot challenge of the public booking form",
    "appointments:ics": "the calendar file of a booking; needs the booking's code and the token from the mail",
    "reception:events": "the public waiting-room stream of a location (no personal data)",
    "reception:ticket_events": "a ticket's own stream, authorised by the ticket's secret token",
    "reception:ticket_qr": "the QR code of a ticket, authorised by the ticket's secret token",
    "pwa:manifest": "the web app manifest",
    "pwa:service_worker": "the service worker script",
    "pwa:icon": "an app icon",
    "pwa:icon_maskable": "an app icon",
    "pwa:offline": "the offline page for the service worker's cache",
    "pwa:ticket_push": "a ticket's push subscription, authorised by the ticket's secret token",
    "assistant_chat_reply": "the public assistant's answer (htmx)",
    "assistant_feedback": "the public assistant's helpful/not helpful buttons",
    "video:ended": "the video server's callback, authorised by the token in its path",
    "video:adhoc_ended": "the video server's callback, authorised by the token in its path",
    "folder:shared_cv": "a shared folder's CV, authorised by the share's secret token",
    "folder:shared_letter": "a shared folder's letter, authorised by the share's secret token",
    "folder:shared_certificate": "a shared folder's certificate, authorised by the share's secret token",
    "jobs:occupation_options": "the occupation choices of the public job search (htmx)",
    "learning:request": "the request form of a public course page (asks anonymous visitors to sign in)",
    "admin:login": "Django admin's sign-in form",
    "admin:logout": "Django admin's sign-out (redirects)",
    "api:openapi-json": "the public API's schema",
    "api:openapi-view": "the public API's documentation page",
    "api:api-root": "the API's root",
    "api:list_jobcenters": "public API: the Jobcenters",
    "api:jobcenter_detail": "public API: a Jobcenter's address",
    "api:list_locations": "public API: a Jobcenter's locations",
    "api:list_concerns": "public API: bookable concerns",
    "api:list_slots": "public API: free slots",
    "api:get_challenge": "public API: the anti-bot challenge",
    "api:create_booking": "public API: anonymous booking (validated body)",
    "api:get_booking": "public API: a booking by its code and the token from the mail",
    "api:cancel_booking": "public API: cancel with the code and the token from the mail",
    "api:reschedule_booking": "public API: move with the code and the token from the mail",
    "api:waiting_times": "public API: waiting times of a location",
    "api:create_ticket": "public API: draw a ticket (validated body)",
    "api:report": "public API: the labour-market report of a region",
    "api:ask": "public API: the assistant",
    "api:vacancies": "public API: published vacancies",
}

# URLs that open for more roles than their permission says, with the reason.
NO_PERMISSION_RULE: dict[str, str] = {
    "core:citizen_area": "the area switch: clients get their area, partners the partner area, staff a redirect",
}
# Statuses a URL may answer with besides the rules, with the reason.
ALSO_ANSWERS: dict[str, tuple[frozenset[int], str]] = {
    "reception:events": (
        frozenset({503}),
        "async Server-Sent Events: under the test client's transaction its database thread sees no data "
        "and the view answers 503; its own tests (reception/tests/test_events*) cover it",
    ),
    "reception:ticket_events": (frozenset({503}), "as reception:events"),
}

# URLs with path arguments for which no registry page provides objects: requested with ``NOTHING``.
ANY_ARGUMENTS: dict[str, str] = {
    "pwa:icon": "the icon size (any number)",
    "pwa:icon_maskable": "the icon size (any number)",
    "pwa:offline": "a language code",
    "accounts:oidc_start": "the purpose (sign-in, step-up, link)",
    "video:ended": "the video server's token (a wrong token must be refused)",
    "video:adhoc_ended": "the video server's token (a wrong token must be refused)",
    "video:adhoc_join": "the call's token (a wrong token must be refused)",
    "video:adhoc_end": "the call's id; only its host may end it",
    "notifications:mark_read": "a notification of the person; someone else's answers 404 (test_notifications)",
    "reception:ticket_action": "a ticket id and an action; only staff with reception.call_ticket reach it",
    "api:get_booking": "a booking code; covered with real codes by the appointments API tests",
    "api:cancel_booking": "a booking code; covered with real codes by the appointments API tests",
    "api:reschedule_booking": "a booking code; covered with real codes by the appointments API tests",
    "api:put_step": "a step of the person's own draft",
    "api:upload_proof": "a proof of the person's own draft",
    "api:get_status": "an application id; the person's own only (test_api of applications)",
    "api:report": "a region key (AGS)",
    "cooperation:staff_breach": "a recorded breach (none in the demo data)",
    "applications:step": "a step of a draft (Aylin's application is submitted)",
    "applications:autosave": "a step of a draft (Aylin's application is submitted)",
    "applications:upload_proof": "a proof of a draft (Aylin's application is submitted)",
    "applications:upload_requested": "an open request for a document",
    "applications:staff_download": "an attachment of an application",
    "learning:provider_member": "a programme provider's id",
    "learning:participant_remove": "a participant of a course",
    "learning:confirm": "a requested place (the demo has none open)",
    "learning:decline": "a requested place (the demo has none open)",
    "learning:remove": "a place in a course",
    "elearning:video": "a lesson video (none uploaded in the demo)",
    "folder:application_certificate": "an application sent from the folder",
    "folder:staff_certificate": "a certificate of the case's folder",
    "folder:staff_letter_pdf": "a letter of the case's folder",
    "folder:comment_answer": "an advisor's comment on the person's folder",
    "folder:comment_done": "an advisor's comment on the person's folder",
    "jobs:saved_search_delete": "a saved search of the person's own",
    "jobs:suggestion_react": "a suggestion for the person",
    "jobs:contact_decide": "an employer's contact request to the person",
    "casefile:my_download": "a document of the person's own",
    "casefile:lift_hold": "a legal hold",
    "casefile:lift_case_hold": "a legal hold",
    "casefile:resolve_correction": "a correction request",
}


def _aylins_certificate(jobcenter: Jobcenter) -> dict[str, Any]:
    return registry._aylins_folder_object("Certificate")(jobcenter)


def _shared_certificate(jobcenter: Jobcenter) -> dict[str, Any]:
    return {**registry._demo_share_token(jobcenter), **_aylins_certificate(jobcenter)}


def _queue_counter_ids(jobcenter: Jobcenter) -> dict[str, Any]:
    counter = registry._queue_counter(jobcenter)["pk"]
    return {**registry._queue_location(jobcenter), "counter_id": counter}


def _aylins_case(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"case": registry._aylins_case(jobcenter)["pk"]}


def _published_plan(jobcenter: Jobcenter) -> dict[str, Any]:
    return {"version": 1}


# Objects for URLs whose registry page does not provide them (POST-only and downloads).
OBJECTS: dict[str, Callable[[Jobcenter], dict[str, Any]]] = {
    "api:waiting_times": registry._queue_location,
    "api:create_ticket": registry._queue_location,
    "api:call_next": _queue_counter_ids,
    "pwa:ticket_push": registry._ticket_token,
    "folder:certificate_file": _aylins_certificate,
    "folder:certificate_delete": _aylins_certificate,
    "folder:shared_certificate": _shared_certificate,
    "jobs:staff_client": _aylins_case,
    "jobs:staff_suggest": _aylins_case,
    "cooperation:my_plan_pdf": _published_plan,
    "cooperation:my_acknowledge": _published_plan,
    "cooperation:my_comment": _published_plan,
}
# Of those, the ones naming an object of the citizen persona (the other client must not get it).
CLIENTS_OWN_OBJECTS = frozenset({"folder:certificate_file", "folder:certificate_delete"})

ANY_ARGUMENTS["jobs:contact_withdraw"] = "an employer's contact request (new; the registry names none yet)"
ANY_ARGUMENTS["cooperation:my_step"] = "a step of the person's own plan"
ANY_ARGUMENTS["employerservice:staff_paid"] = "a payment of a subsidy (new; no registry page names one yet)"
ANY_ARGUMENTS["employerservice:staff_coaching"] = (
    "a coaching session of a subsidy (new; no registry page names one yet)"
)


@dataclass(frozen=True)
class Endpoint:
    name: str  # the URL name ("folder:entry_edit"); unnamed admin patterns get their route
    route: str  # the full route ("<slug:jobcenter>/my/folder/cv/entries/<int:pk>/")
    callback: Callable[..., Any]
    converters: tuple[tuple[str, str], ...]  # (argument, converter) in order, without "jobcenter"
    tenant: bool

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if ":" in self.name else ""

    @property
    def arguments(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.converters)


_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[Endpoint]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            found = [(m["name"], m["converter"] or "str") for m in _ARGUMENT.finditer(route)]
            tenant = any(name == "jobcenter" for name, _ in found)
            yield Endpoint(
                name=f"{namespace}{pattern.name}" if pattern.name else route,
                route=route,
                callback=pattern.callback,
                converters=tuple((name, conv) for name, conv in found if name != "jobcenter"),
                tenant=tenant,
            )


def endpoints() -> list[Endpoint]:
    """Every URL pattern of the project, the admin's included (unnamed ones under their route)."""
    seen: set[tuple[str, str]] = set()
    found: list[Endpoint] = []
    for endpoint in _walk(get_resolver().url_patterns):
        if (endpoint.name, endpoint.route) not in seen:
            seen.add((endpoint.name, endpoint.route))
            found.append(endpoint)
    return found


# --- who may: the permission in the view's decorators -------------------------------------------
def _closure(function: Any) -> dict[str, Any]:
    code = getattr(function, "__code__", None)
    cells = getattr(function, "__closure__", None) or ()
    if code is None:
        return {}
    values: dict[str, Any] = {}
    for name, cell in zip(code.co_freevars, cells, strict=False):
        try:
            values[name] = cell.cell_contents
        except ValueError:  # an empty cell
            continue
    return values


def _layers(callback: Any) -> Iterator[Any]:
    """The callback, the functions it wraps (``__wrapped__``) and the views in its closures."""
    todo, seen = [callback], set()
    while todo:
        function = todo.pop()
        if id(function) in seen or not callable(function):
            continue
        seen.add(id(function))
        yield function
        if hasattr(function, "__wrapped__"):
            todo.append(function.__wrapped__)
        for name, value in _closure(function).items():
            if name in {"view", "view_func", "func", "function"} and callable(value):
                todo.append(value)


def required_permissions(callback: Any) -> frozenset[str] | None:
    """The permissions of which a view asks one (``permission_required(perm)`` and the ``*perms``
    decorators), or None when its decorators name none."""
    for function in _layers(callback):
        values = _closure(function)
        if isinstance(values.get("perm"), str) and "." in values["perm"]:
            return frozenset({values["perm"]})
        perms = values.get("perms")
        if isinstance(perms, tuple | list | frozenset | set) and perms and all(isinstance(p, str) for p in perms):
            return frozenset(perms)
    return None


def allowed_methods(callback: Any) -> frozenset[str] | None:
    """The HTTP methods of ``require_http_methods`` (``require_POST`` …), or None when unrestricted."""
    for function in _layers(callback):
        methods = _closure(function).get("request_method_list")
        if methods:
            return frozenset(m.upper() for m in methods)
    return None


def roles_with(perms: frozenset[str]) -> frozenset[str]:
    return frozenset(role for role, granted in ROLE_PERMISSIONS.items() if granted & perms)


# --- arguments ------------------------------------------------------------------------------------
def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


@dataclass(frozen=True)
class Probe:
    """One URL of the matrix, with the arguments to request it and what the registry says of it."""

    endpoint: Endpoint
    pages: tuple[PortalPage, ...]  # the registry's entries for it (or the page it borrows from)
    source: str  # where the arguments come from: "none", "registry", "borrowed:<name>", "objects", "nothing"
    build: Callable[[Jobcenter], dict[str, Any]] | None

    @property
    def name(self) -> str:
        return self.endpoint.name

    @property
    def clients_own(self) -> bool:
        """The arguments name an object of the citizen persona (only clients are served the page)."""
        if self.name in CLIENTS_OWN_OBJECTS:
            return True
        return bool(self.endpoint.converters) and any(
            page.audiences == frozenset({Role.CLIENT.value}) and page.kwargs is not None for page in self.pages
        )

    @property
    def registry_public(self) -> bool:
        return any(
            (page.perm is None and page.audiences is None) or (page.audiences and ANONYMOUS in page.audiences)
            for page in self.pages
        )

    def kwargs(self, jobcenter: Jobcenter) -> dict[str, Any]:
        found = self.build(jobcenter) if self.build else {}
        found.pop("jobcenter", None)
        return {
            name: found.get(name, NAMED_VALUES.get(name, NOTHING.get(conv, "x")))
            for name, conv in self.endpoint.converters
        }


def _page_kwargs(page: PortalPage) -> Callable[[Jobcenter], dict[str, Any]] | None:
    return page.kwargs


def registry_permissions(probe: Probe) -> frozenset[str] | None:
    perms = {page.perm for page in probe.pages if page.perm}
    return frozenset(perms) or None


def _usable(page: PortalPage) -> bool:
    # An entry showing the page itself (not an error variant or one of another Jobcenter).
    return page.status == 200 and page.tenant and page.path is None


def probes() -> tuple[list[Probe], list[str]]:
    """A probe per URL pattern, and the URL names the matrix cannot cover (no arguments known)."""
    by_name: dict[str, list[PortalPage]] = {}
    for page in PAGES:
        by_name.setdefault(page.name, []).append(page)
    found: list[Probe] = []
    uncovered: list[str] = []
    all_endpoints = endpoints()
    routes = {e.name: e.route for e in all_endpoints}
    for endpoint in all_endpoints:
        pages = tuple(p for p in by_name.get(endpoint.name, []) if _usable(p))
        if not endpoint.converters:
            found.append(Probe(endpoint, pages or tuple(by_name.get(endpoint.name, [])), "none", None))
            continue
        with_kwargs = [p for p in pages if p.kwargs is not None]
        if with_kwargs:
            found.append(Probe(endpoint, tuple(with_kwargs), "registry", _page_kwargs(with_kwargs[0])))
            continue
        if endpoint.name in OBJECTS:
            found.append(Probe(endpoint, pages, "objects", OBJECTS[endpoint.name]))
            continue
        borrowed = _borrow(endpoint, by_name, routes)
        if borrowed is not None:
            found.append(Probe(endpoint, (borrowed,), f"borrowed:{borrowed.name}", _page_kwargs(borrowed)))
            continue
        if endpoint.name in ANY_ARGUMENTS or endpoint.is_admin:
            found.append(Probe(endpoint, pages, "nothing", None))
            continue
        uncovered.append(endpoint.name)
    return found, uncovered


def _borrow(endpoint: Endpoint, by_name: dict[str, list[PortalPage]], routes: dict[str, str]) -> PortalPage | None:
    """The registry page (same app) whose route shares this URL's path up to and including all its
    arguments, e.g. ``cv/entries/<int:pk>/delete/`` and ``cv/entries/<int:pk>/``."""
    last_argument = endpoint.route.rfind(">") + 1
    best: tuple[int, PortalPage] | None = None
    for name, pages in by_name.items():
        namespace = name.split(":")[0] if ":" in name else ""
        if name == endpoint.name or namespace != endpoint.namespace or name not in routes:
            continue
        other = routes[name]
        common = _common_prefix(endpoint.route, other)
        if len(common) < last_argument or other.count("<") != endpoint.route.count("<"):
            continue
        for page in pages:
            if _usable(page) and page.kwargs is not None and (best is None or len(common) > best[0]):
                best = (len(common), page)
    return best[1] if best else None


def excluded_reason(name: str) -> str | None:
    return EXCLUDED.get(name)
