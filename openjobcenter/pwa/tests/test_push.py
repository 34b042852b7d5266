"""Web Push end to end against a local stand-in for the browser's push service: it holds the
subscription's keys, checks the VAPID signature and decrypts what the portal sent (RFC 8291)."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.core.models import ReceptionZone
from openjobcenter.notifications.services import notify
from openjobcenter.pwa.models import PushSubscription
from openjobcenter.pwa.services import push
from openjobcenter.reception.models import Counter, ZoneSettings
from openjobcenter.reception.services import queue

pytestmark = pytest.mark.django_db


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService:
    """Receives pushes like FCM or Mozilla's service would; ``status`` is what it answers."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.received.append((dict(self.headers), body))
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test output shows only what fails."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def new_browser(self) -> Browser:
        return Browser(self)


class Browser:
    """One browser's subscription: its own ECDH key pair and auth secret, as the push API makes them."""

    def __init__(self, service: PushService) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = f"{service.origin}/push/{b64(os.urandom(9))}"
        self.service = service

    def subscription(self) -> dict[str, Any]:
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64(public), "auth": b64(self.auth)}}

    def messages(self) -> list[dict[str, str]]:
        """Every push for this browser, VAPID-checked and decrypted."""
        found = []
        for headers, body in self.service.received:
            headers = {k.lower(): v for k, v in headers.items()}
            vapid = headers["authorization"]  # "vapid t=<jwt>, k=<public key>"
            token = vapid.split("t=")[1].split(",")[0]
            key = vapid.split("k=")[1].strip()
            public = ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(), base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
            )
            claims = jwt.decode(token, public, algorithms=["ES256"], audience=self.service.origin)
            assert claims["sub"].startswith("mailto:")
            assert headers["content-encoding"] == "aes128gcm"
            plain = http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm")
            found.append(json.loads(plain))
        return found


@pytest.fixture
def service(settings) -> Iterator[PushService]:
    key = ec.generate_private_key(ec.SECP256R1())
    settings.VAPID_PRIVATE_KEY = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    settings.VAPID_SUBJECT = "mailto:it@demo.example"
    running = PushService()
    yield running
    running.server.shutdown()


def subscribe(client, browser: Browser, topics: list[str]):
    return client.post(
        "/demo/my/notifications/devices/subscribe/",
        {"subscription": browser.subscription(), "topics": topics},
        content_type="application/json",
    )


def test_a_new_message_arrives_encrypted_and_says_nothing_personal(
    client, service, aylin, django_capture_on_commit_callbacks
):
    browser = service.new_browser()
    sign_in(client, aylin)
    assert subscribe(client, browser, ["messages", "appointments"]).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "generic", {"subject": "x", "text": "y"}, jobcenter=aylin.jobcenter, link="/demo/")
    assert browser.messages() == []  # "generic" belongs to no topic
    PushSubscription.all_tenants.update(topics=["messages"])
    with django_capture_on_commit_callbacks(execute=True):
        push.queue(
            list(PushSubscription.all_tenants.all()), "Neue Nachricht", "Sie haben eine neue Nachricht.", "/demo/my/"
        )
    (message,) = browser.messages()
    assert message == {
        "title": "Neue Nachricht",
        "body": "Sie haben eine neue Nachricht.",
        "url": "/demo/my/",
        "tag": "",
    }


def test_notifications_go_out_by_topic_only(client, service, aylin, django_capture_on_commit_callbacks, monkeypatch):
    from openjobcenter.pwa.services import alerts

    browser = service.new_browser()
    sign_in(client, aylin)
    subscribe(client, browser, ["appointments"])
    monkeypatch.setattr(
        alerts, "TOPIC_OF_TEMPLATE", (("generic", "messages", "Neue Nachricht", "Sie haben eine neue Nachricht."),)
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "generic", {"subject": "x", "text": "y"}, jobcenter=aylin.jobcenter, link="/demo/")
    assert browser.messages() == []  # she chose appointments only
    PushSubscription.all_tenants.update(topics=["appointments", "messages"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(aylin, "generic", {"subject": "x", "text": "y"}, jobcenter=aylin.jobcenter, link="/demo/notifications/")
    (message,) = browser.messages()
    assert message["body"] == "Sie haben eine neue Nachricht." and message["url"] == "/demo/notifications/"


def test_a_subscription_the_push_service_dropped_is_removed(client, service, aylin, django_capture_on_commit_callbacks):
    browser = service.new_browser()
    sign_in(client, aylin)
    subscribe(client, browser, ["messages"])
    service.status = 410
    with django_capture_on_commit_callbacks(execute=True):
        push.queue(
            list(PushSubscription.all_tenants.all()), "Neue Nachricht", "Sie haben eine neue Nachricht.", "/demo/"
        )
    assert not PushSubscription.all_tenants.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(endpoint="https://evil.example/push/1"), "keine Benachrichtigungen an"),
        (lambda s: s["keys"].update(p256dh="AAAA"), "keine Benachrichtigungen an"),
        (lambda s: s.update(endpoint="https://127.0.0.1.nip.io/x"), "keine Benachrichtigungen an"),
    ],
)
def test_subscriptions_to_unknown_hosts_or_with_broken_keys_are_refused(
    client, service, aylin, settings, change, message
):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = False  # only the known push services
    browser = service.new_browser()
    data = browser.subscription()
    change(data)
    sign_in(client, aylin)
    response = client.post(
        "/demo/my/notifications/devices/subscribe/",
        {"subscription": data, "topics": ["messages"]},
        content_type="application/json",
    )
    assert response.status_code == 400 and message in response.json()["error"]["message"]
    assert not PushSubscription.all_tenants.exists()


def test_a_known_push_service_is_accepted(client, service, aylin, settings):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = False
    data = service.new_browser().subscription()
    data["endpoint"] = "https://fcm.googleapis.com/fcm/send/abc123"
    sign_in(client, aylin)
    response = client.post(
        "/demo/my/notifications/devices/subscribe/",
        {"subscription": data, "topics": ["messages", "tickets"]},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["topics"] == ["messages"]


def test_only_citizens_switch_it_on_and_only_their_own_devices_are_listed(client, service, aylin, bernd, demo):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    assert client.post("/demo/my/notifications/devices/subscribe/").status_code == 302  # sign in first
    sign_in(client, bernd)
    assert client.get("/demo/my/notifications/devices/").status_code == 403
    client.logout()
    mia = make_user("mia@example.org", Role.CLIENT, jobcenter=demo, name="Mia Meyer")
    sign_in(client, mia)
    subscribe(client, service.new_browser(), ["messages"])
    theirs = PushSubscription.all_tenants.get()
    client.logout()
    sign_in(client, aylin)
    page = client.get("/demo/my/notifications/devices/")
    assert page.status_code == 200 and "Auf keinem Gerät eingeschaltet." in page.text
    assert client.post("/demo/my/notifications/devices/", {"subscription": theirs.pk, "remove": "1"}).status_code == 404
    assert PushSubscription.all_tenants.filter(pk=theirs.pk).exists()
    assert client.post("/demo/my/notifications/devices/", {"subscription": "x1", "remove": "1"}).status_code == 404
    subscribe(client, service.new_browser(), ["messages"])
    mine = PushSubscription.all_tenants.get(user=aylin)
    response = client.post("/demo/my/notifications/devices/", {"subscription": mine.pk, "remove": "1"})
    assert response.status_code == 302 and not PushSubscription.all_tenants.filter(pk=mine.pk).exists()


@pytest.fixture
def zone(demo, demo_location) -> ReceptionZone:
    zone = ReceptionZone.all_tenants.create(jobcenter=demo, location=demo_location, code="A", name={"de": "Anmeldung"})
    ZoneSettings.all_tenants.create(jobcenter=demo, zone=zone)
    return zone


def test_a_walk_in_ticket_hears_when_it_is_almost_its_turn_and_when_it_is_called(
    client, service, demo_location, zone, emre, django_capture_on_commit_callbacks
):
    counter = Counter.all_tenants.create(jobcenter=zone.jobcenter, location=demo_location, zone=zone, name="3")
    queue.open_counter(counter, emre)
    tickets = [queue.issue_ticket(demo_location, zone=zone) for _ in range(5)]
    mine = tickets[4]
    browser = service.new_browser()
    response = client.post(
        f"/demo/reception/ticket/{mine.token}/push/",
        {"subscription": browser.subscription()},
        content_type="application/json",
    )
    assert response.status_code == 201
    for _ in range(2):  # four before her, then three, then two
        with django_capture_on_commit_callbacks(execute=True):
            queue.call_next(counter, emre)
    assert [m["title"] for m in browser.messages()] == ["Sie sind gleich dran"]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            queue.call_next(counter, emre)
    assert [m["title"] for m in browser.messages()] == ["Sie sind gleich dran"]  # once only
    with django_capture_on_commit_callbacks(execute=True):
        called = queue.call_next(counter, emre)
    assert called == mine
    titles = [m["title"] for m in browser.messages()]
    assert titles == ["Sie sind gleich dran", "Sie werden aufgerufen"]
    assert browser.messages()[-1]["url"] == f"/demo/reception/ticket/{mine.token}/"


def test_a_ticket_push_needs_the_tickets_secret(client, service, demo_location, zone):
    queue.issue_ticket(demo_location, zone=zone)
    response = client.post(
        "/demo/reception/ticket/not-the-token/push/",
        {"subscription": service.new_browser().subscription()},
        content_type="application/json",
    )
    assert response.status_code == 404 and not PushSubscription.all_tenants.exists()
