"""The authorisation matrix: every URL of the project × every persona × both Jobcenters, with Django's
test client on the demo data (``tests/resilience/authz.py`` says where arguments and rules come from).

For every URL pattern (pages, htmx fragments, downloads, POST-only endpoints, the JSON API, the admin):

- nobody gets a server error, by GET or (where the view accepts it) by a POST with a garbage body;
- anonymous visitors get the sign-in (302), 401, 403 or 404 unless the URL is public;
- a persona whose roles lack the permission the view asks for gets 403 or 404, never the page;
- the other client of the Jobcenter gets 403/404 for Aylin's objects, and never her name;
- members of Jobcenter "nord" get 404/403 for every non-public URL of "demo", and no data of demo;
- demo's objects requested under nord's address show no data of demo, for anybody.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.core.models import Jobcenter
from tests.browser.conftest import BACKEND, confirmed_totp_device
from tests.browser.pages import EXCLUDED
from tests.browser.scenario import demo_portal
from tests.resilience.authz import (
    ALSO_ANSWERS,
    ANY_ARGUMENTS,
    NO_PERMISSION_RULE,
    OBJECTS,
    PUBLIC,
    Probe,
    allowed_methods,
    probes,
    registry_permissions,
    required_permissions,
    roles_with,
)

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
OTHER_CLIENT = "other_client"


@dataclass(frozen=True)
class Persona:
    key: str
    email: str | None  # None: not signed in
    role: str | None
    home: str = "demo"  # the persona's Jobcenter


PERSONAS: dict[str, Persona] = {
    p.key: p
    for p in (
        Persona(ANONYMOUS, None, None),
        Persona(Role.CLIENT, "kundin@demo.example", Role.CLIENT),
        Persona(OTHER_CLIENT, "kunde@demo.example", Role.CLIENT),
        Persona(Role.ADVISOR, "beratung@demo.example", Role.ADVISOR),
        Persona(Role.BENEFITS_OFFICER, "leistung@demo.example", Role.BENEFITS_OFFICER),
        Persona(Role.RECEPTION, "empfang@demo.example", Role.RECEPTION),
        Persona(Role.TEAM_LEAD, "teamleitung@demo.example", Role.TEAM_LEAD),
        Persona(Role.EMPLOYER, "arbeitgeber@demo.example", Role.EMPLOYER),
        Persona(Role.PROGRAMME_PROVIDER, "traeger@demo.example", Role.PROGRAMME_PROVIDER),
        Persona(Role.JOBCENTER_ADMIN, "admin@demo.example", Role.JOBCENTER_ADMIN),
        Persona(Role.PLATFORM_ADMIN, "plattform@openjobcenter.example", Role.PLATFORM_ADMIN, home=""),
        Persona("nord_client", "kundin@nord.example", Role.CLIENT, home="nord"),
        Persona("nord_advisor", "beratung@nord.example", Role.ADVISOR, home="nord"),
        Persona("nord_admin", "admin@nord.example", Role.JOBCENTER_ADMIN, home="nord"),
    )
}
NORD = ("nord_client", "nord_advisor", "nord_admin")
# The personas run in groups, one test each, so ``-n 2`` splits them; the demo data is loaded once per
# worker (``demo_data``) and every test's requests are rolled back.
GROUPS: dict[str, tuple[str, ...]] = {
    "anonymous and partners": (ANONYMOUS, Role.EMPLOYER, Role.PROGRAMME_PROVIDER),
    "other tenant": NORD,
    "clients": (OTHER_CLIENT, Role.CLIENT),
    "staff": (Role.ADVISOR, Role.BENEFITS_OFFICER, Role.RECEPTION, Role.TEAM_LEAD),
    "admins": (Role.JOBCENTER_ADMIN, Role.PLATFORM_ADMIN),
}
# Django's admin (``admin_site.admin_view``: staff flag required): every pattern is requested by these,
# who must be sent to its sign-in; the platform admin (a superuser) opens its index.
ADMIN_PERSONAS = frozenset({ANONYMOUS, Role.JOBCENTER_ADMIN, "nord_admin"})
# Public pages differ between signed-in personas only in the header: requested by one per header variant.
HEADER_VARIANTS = frozenset({ANONYMOUS, Role.CLIENT, Role.ADVISOR, Role.EMPLOYER})
DENIED = {401, 403, 404, 405}
# The API validates path and body before it looks at the caller: a validation error shows no data.
API_DENIED = DENIED | {400, 422}
GARBAGE = {"x": "\u0000<script>", "pk": "-1", "action": "nichts", "csrfmiddlewaretoken": "falsch"}
# Views whose objects belong to no Jobcenter (shipped content every Jobcenter shows): under another
# Jobcenter's address they open for its members, by design.
SHARED_CONTENT: dict[str, str] = {
    "elearning:module": "eLearning modules shipped with the platform",
    "elearning:lesson": "eLearning modules shipped with the platform",
    "elearning:quiz": "eLearning modules shipped with the platform",
    "elearning:certificate": "eLearning modules shipped with the platform",
    "elearning:staff_video": "the lesson of a shipped module; each Jobcenter adds its own video",
    "elearning:staff_video_delete": "the lesson of a shipped module; each Jobcenter its own video",
    "assistant_kb_topic": "the shipped knowledge-base topics; each Jobcenter drafts its own version",
    "assistant_kb_start": "the shipped knowledge-base topics; each Jobcenter drafts its own version",
    "assistant_kb_revert": "the shipped knowledge-base topics; each Jobcenter drafts its own version",
    "assistant_kb_active": "the shipped knowledge-base topics",
    "assistant_kb_compare": "the shipped knowledge-base topics",
}

# URLs whose path arguments name no object of a Jobcenter.
NOT_OBJECTS: dict[str, str] = {"folder:entry_new": "the section of the CV (work, education, language …)"}


# --- requests -------------------------------------------------------------------------------------
def sign_in(persona: Persona) -> Client:
    client = Client(raise_request_exception=False)
    if persona.email is None:
        return client
    user = User.objects.get(email=persona.email)
    client.force_login(user, backend=BACKEND)
    if user.is_jobcenter_staff or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
        session.save()
    return client


def still_signed_in(client: Client, persona: Persona) -> bool:
    return persona.email is None or "_auth_user_id" in client.session


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        response.close()  # Server-Sent Events never end: not read
        return ""
    if not response.get("Content-Type", "").startswith(("text/", "application/json")):
        return ""
    return response.content.decode("utf-8", "replace")


def to_sign_in(response: Any) -> bool:
    return response.status_code == 302 and "/login/" in response.get("Location", "")


def demo_markers(demo: Jobcenter, nord: Jobcenter) -> frozenset[str]:
    """Names and titles of demo's own records (not found in nord's): none may show outside demo."""
    found: set[str] = set()
    elsewhere: set[str] = set()
    for model in apps.get_models():
        fields = {f.name: f for f in model._meta.get_fields()}
        tenant = fields.get("jobcenter")
        if not isinstance(tenant, models.ForeignKey):
            continue
        texts = [
            n for n in ("name", "title", "subject", "customer_number") if isinstance(fields.get(n), models.CharField)
        ]
        for name in texts:
            manager = model._base_manager
            found.update(manager.filter(jobcenter=demo).values_list(name, flat=True))
            elsewhere.update(manager.filter(jobcenter=nord).values_list(name, flat=True))
    people = User.objects.filter(jobcenter=demo).values_list("first_name", "last_name")
    found.update(f"{first} {last}" for first, last in people)
    # Several words or a number: a title, a company, a person, a customer number (not a word like "Deutsch").
    return frozenset(m for m in found - elsewhere if len(m) >= 8 and (" " in m or any(c.isdigit() for c in m)))


@dataclass
class Matrix:
    demo: Jobcenter
    nord: Jobcenter
    probes: list[Probe]
    markers: frozenset[str]
    problems: list[str]
    requests: int = 0
    checked: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.checked[kind] = self.checked.get(kind, 0) + 1

    def url(self, probe: Probe, slug: str) -> str:
        kwargs = probe.kwargs(self.demo)
        if probe.endpoint.tenant:
            kwargs = {"jobcenter": slug, **kwargs}
        from django.urls import reverse

        if probe.endpoint.route == probe.name:  # an unnamed admin pattern
            path = probe.endpoint.route
            for argument, _ in probe.endpoint.converters:
                path = path.replace(f"<path:{argument}>", str(kwargs[argument]))
            return "/" + path.replace("(?P<url>.*)$", "nichts/")
        return reverse(probe.name, kwargs=kwargs)

    def fetch(self, client: Client, method: str, path: str) -> Any:
        self.requests += 1
        if method == "GET":
            return client.get(path)
        if path.startswith("/api/"):
            return client.post(path, data='{"x": [', content_type="application/json")
        return client.post(path, data=GARBAGE)

    def fail(self, label: str, response: Any, expected: str) -> None:
        location = response.get("Location", "")
        self.problems.append(f"{label}: {response.status_code} {location} — expected {expected}")


def permissions(probe: Probe) -> frozenset[str] | None:
    return required_permissions(probe.endpoint.callback) or registry_permissions(probe)


def methods(probe: Probe) -> list[str]:
    allowed = allowed_methods(probe.endpoint.callback)
    return ["GET", "POST"] if allowed is None or "POST" in allowed else ["GET"]


def public(probe: Probe) -> bool:
    return probe.registry_public or probe.name in PUBLIC


def real_objects(probe: Probe) -> bool:
    return probe.source not in {"none", "nothing"} and probe.name not in NOT_OBJECTS


def wanted(persona: Persona, probe: Probe, method: str) -> bool:
    """Whether the matrix requests ``probe`` as ``persona`` (fewer requests where they prove nothing new)."""
    if probe.endpoint.is_admin:
        return persona.key in ADMIN_PERSONAS or (persona.key == Role.PLATFORM_ADMIN and probe.name == "admin:index")
    if public(probe) and persona.key not in HEADER_VARIANTS:
        return False
    if method == "POST" and persona.key != ANONYMOUS and public(probe):
        return False
    # A form the persona may use: its garbage POST only re-renders the form (the API fuzzing and the
    # apps' own form tests cover bad input); POST-only endpoints are still posted to.
    form = "GET" in (allowed_methods(probe.endpoint.callback) or {"GET"})
    return not (method == "POST" and may(persona, probe) and form)


def may(persona: Persona, probe: Probe) -> bool:
    """The persona's roles grant what the view asks for (the platform admin is a superuser: everything)."""
    if persona.key == Role.PLATFORM_ADMIN or probe.name in NO_PERMISSION_RULE:
        return True
    perms = permissions(probe)
    return perms is None or persona.role in roles_with(perms)


def server_error(probe: Probe, status: int) -> bool:
    return status >= 500 and status not in ALSO_ANSWERS.get(probe.name, (frozenset(), ""))[0]


def check(matrix: Matrix, persona: Persona, client: Client, probe: Probe, method: str) -> None:
    """One persona, one URL of demo (under demo's address), one method."""
    if not wanted(persona, probe, method):
        return
    path = matrix.url(probe, "demo")
    response = matrix.fetch(client, method, path)
    label = f"{persona.key} {method} {probe.name} {path}"
    status = response.status_code
    if server_error(probe, status):
        matrix.fail(label, response, "no server error")
        return
    if status in ALSO_ANSWERS.get(probe.name, (frozenset(), ""))[0]:
        return
    refusals = API_DENIED if path.startswith("/api/") else DENIED
    turned_away = status in refusals or to_sign_in(response)
    if persona.key == ANONYMOUS:
        matrix.count("anonymous")
        if not public(probe) and not turned_away:
            matrix.fail(label, response, "the sign-in, 401, 403 or 404 (not public)")
        return
    if persona.home == "nord":
        matrix.count("member of another Jobcenter")
        if not public(probe) and not turned_away:
            matrix.fail(label, response, "404/403 for a member of another Jobcenter")
        elif status < 300 and not public(probe):
            text = body(response)
            leaked = [m for m in matrix.markers if m in text]
            if leaked:
                matrix.fail(label, response, f"no data of demo, found {leaked[:3]}")
        return
    if probe.endpoint.is_admin:
        return
    if not may(persona, probe):
        matrix.count("role without the permission")
    if not may(persona, probe) and not turned_away:
        matrix.fail(label, response, f"403/404 without {sorted(permissions(probe) or [])}")
        return
    if persona.key == OTHER_CLIENT and probe.clients_own:
        matrix.count("another client's object")
        text = body(response)
        if not turned_away or "Kaya" in text:
            matrix.fail(label, response, "403/404 for another client's object")


def check_under_nord(matrix: Matrix, persona: Persona, client: Client, probe: Probe) -> None:
    """demo's objects requested under nord's address: nothing of demo shows."""
    path = matrix.url(probe, "nord")
    response = matrix.fetch(client, "GET", path)
    label = f"{persona.key} GET {probe.name} {path} (demo's objects under nord)"
    if server_error(probe, response.status_code):
        matrix.fail(label, response, "no server error")
        return
    matrix.count("demo's object under nord's address")
    if response.status_code < 300 and probe.name not in SHARED_CONTENT:
        text = body(response)
        leaked = [m for m in matrix.markers if m in text]
        matrix.fail(label, response, f"404 (another Jobcenter's object), data of demo shown: {leaked[:3]}")


def buildable(matrix: Matrix, probe: Probe) -> str | None:
    """None, or why the URL's arguments cannot be built from the demo data."""
    try:
        matrix.url(probe, "demo")
    except Exception as error:
        return f"{probe.name} ({probe.source}): {error!r}"
    return None


@dataclass(frozen=True)
class DemoData:
    demo: Jobcenter
    nord: Jobcenter
    markers: frozenset[str]


@pytest.fixture(scope="class")
def demo_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoData]:
    """The demo data, loaded once for the tests of ``TestOnTheDemoData`` (per xdist worker) in a
    transaction that is rolled back when they are done; the module's other tests make their own data.

    Each test runs in a savepoint inside that transaction (pytest-django's ``django_db``), so what one
    group's requests change (garbage POSTs, sessions) is undone before the next: every group sees the
    demo data as loaded, as when each loaded it itself."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            demo_portal()
            demo, nord = Jobcenter.objects.get(slug="demo"), Jobcenter.objects.get(slug="nord")
            data = DemoData(demo, nord, demo_markers(demo, nord))
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield data
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def run(group: str, data: DemoData) -> Matrix:
    found, uncovered = probes()
    assert not uncovered
    matrix = Matrix(data.demo, data.nord, found, data.markers, [])
    # Arguments are looked up before any POST changes the data; a URL whose registry helper cannot find
    # its demo object is left out here (test_every_url_of_the_matrix_can_be_built reports it).
    found = matrix.probes = [probe for probe in found if buildable(matrix, probe) is None]
    assert len(found) > 300
    personas = [PERSONAS[key] for key in GROUPS[group]]
    clients = {p.key: sign_in(p) for p in personas}
    for persona in personas:
        for probe in found:
            check(matrix, persona, clients[persona.key], probe, "GET")
        if persona.home == "nord" or persona.key == ANONYMOUS:
            for probe in found:
                if persona.key == ANONYMOUS and not public(probe):
                    continue  # nord's members stand for it
                if real_objects(probe) and probe.endpoint.tenant and not probe.endpoint.is_admin:
                    check_under_nord(matrix, persona, clients[persona.key], probe)
    for persona in personas:
        for probe in found:
            if "POST" not in methods(probe) or (persona.home == "nord" and public(probe)):
                continue
            check(matrix, persona, clients[persona.key], probe, "POST")
            if not still_signed_in(clients[persona.key], persona):
                clients[persona.key] = sign_in(persona)
    return matrix


# Each group must have made at least these checks (so the matrix cannot pass by checking nothing).
MINIMUM_CHECKS: dict[str, dict[str, int]] = {
    "anonymous and partners": {"anonymous": 250, "role without the permission": 300},
    "other tenant": {"member of another Jobcenter": 600, "demo's object under nord's address": 200},
    "clients": {"another client's object": 15, "role without the permission": 200},
    "staff": {"role without the permission": 400},
    "admins": {"role without the permission": 50},
}


class TestOnTheDemoData:
    """The tests that request the demo data's URLs; they share one load of it (``demo_data``)."""

    @pytest.mark.parametrize("group", list(GROUPS))
    def test_authorisation_matrix(self, group: str, demo_data: DemoData) -> None:
        matrix = run(group, demo_data)
        print(group, matrix.requests, "requests", matrix.checked)
        too_few = {
            k: (matrix.checked.get(k, 0), n) for k, n in MINIMUM_CHECKS[group].items() if matrix.checked.get(k, 0) < n
        }
        assert not too_few, f"fewer checks than expected (made, expected): {too_few}"
        assert not matrix.problems, f"{len(matrix.problems)} problems:\n" + "\n".join(matrix.problems[:60])

    def test_every_url_of_the_matrix_can_be_built(self, demo_data: DemoData) -> None:
        """The registry's helpers find their demo objects (else the matrix leaves the URL out)."""
        found, _ = probes()
        matrix = Matrix(demo_data.demo, demo_data.nord, found, frozenset(), [])
        broken = [reason for probe in found if (reason := buildable(matrix, probe))]
        assert not broken, "\n".join(broken)


def test_every_url_is_in_the_matrix() -> None:
    """A URL whose path arguments the matrix cannot fill fails here: add a registry page for it
    (tests/browser/pages.py), an entry in OBJECTS, or ANY_ARGUMENTS with a reason."""
    found, uncovered = probes()
    assert not uncovered, f"URLs the authorisation matrix cannot request: {uncovered}"
    names = {probe.name for probe in found}
    listed = {*PUBLIC, *ANY_ARGUMENTS, *OBJECTS, *SHARED_CONTENT, *NOT_OBJECTS, *NO_PERMISSION_RULE, *ALSO_ANSWERS}
    stale = sorted(n for n in listed if n not in names)
    assert not stale, f"tests/resilience/authz.py lists URLs that no longer exist: {stale}"
    unused = sorted(p.name for p in found if p.name in ANY_ARGUMENTS and p.source != "nothing")
    assert not unused, f"URLs with objects now: remove them from ANY_ARGUMENTS in tests/resilience/authz.py: {unused}"
    no_arguments = sorted(n for n in EXCLUDED if n in names and n not in {p.name for p in found})
    assert not no_arguments


def test_the_matrix_knows_the_permission_of_most_urls() -> None:
    """The permission comes from the view's decorator (or the registry); the rules above are only as
    good as this: a drop means a new decorator the matrix does not read."""
    found, _ = probes()
    portal = [p for p in found if p.endpoint.tenant and not p.endpoint.is_admin]
    known = [p for p in portal if permissions(p) is not None]
    assert len(known) > 0.5 * len(portal), f"{len(known)} of {len(portal)}"


class _AlwaysOpen:
    """A client for which every URL answers 200 with a page: the rules must flag it."""

    def get(self, path: str) -> Any:
        from django.http import HttpResponse

        return HttpResponse("<p>Aylin Kaya</p>")

    post = get


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(ANONYMOUS, "the sign-in"), (Role.EMPLOYER, "403/404 without"), ("nord_advisor", "another Jobcenter")],
)
def test_the_rules_flag_a_page_that_opens_for_the_wrong_persona(persona: str, expected: str) -> None:
    found, _ = probes()
    search = next(p for p in found if p.name == "casefile:search")
    matrix = Matrix(Jobcenter(slug="demo"), Jobcenter(slug="nord"), found, frozenset(), [])
    check(matrix, PERSONAS[persona], _AlwaysOpen(), search, "GET")  # type: ignore[arg-type]
    assert len(matrix.problems) == 1 and expected in matrix.problems[0]


@pytest.mark.parametrize("view", ["config", "qrcode"])
def test_the_admin_shows_nobody_an_authenticators_secret(view: str, paul: User, bernd: User) -> None:
    """Found by the matrix: django-otp's admin showed a TOTP device's secret and QR code to superusers
    (and answered 500 for an unknown device). With OTP_ADMIN_HIDE_SENSITIVE_DATA it refuses both."""
    device = confirmed_totp_device(bernd)
    client = sign_in_as_superuser(paul)
    for pk in (device.pk, 987654):
        response = client.get(f"/admin/otp_totp/totpdevice/{pk}/{view}/")
        assert response.status_code == 403
        assert device.key not in response.content.decode()


def sign_in_as_superuser(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user, backend=BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
    session.save()
    return client
