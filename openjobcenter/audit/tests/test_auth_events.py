from openjobcenter.audit.models import Kind
from openjobcenter.audit.services import username_hash

from .helpers import chain_of, sign_in

PASSWORD = "Ein-sicheres-Passwort-1"


def test_signing_in_and_out_is_recorded(client, demo, aylin):
    client.post("/demo/login/", {"username": aylin.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.7")
    client.post("/demo/logout/")
    entries = chain_of(demo)
    assert [(e.kind, e.action) for e in entries] == [
        (Kind.AUTH, "accounts.logged_in"),
        (Kind.AUTH, "accounts.logged_out"),
    ]
    assert entries[0].actor == aylin and entries[0].subject == aylin
    assert entries[0].ip_address == "192.0.2.7"


def test_a_failed_sign_in_is_recorded_without_the_password_or_the_name_in_clear(client, demo, aylin):
    client.post("/demo/login/", {"username": aylin.email, "password": "Falsches-Passwort-9"})
    [entry] = [e for e in chain_of(demo) if e.action == "accounts.login_failed"]
    assert entry.kind == Kind.AUTH and entry.actor is None
    assert entry.subject == aylin  # the attempt concerns her account
    assert entry.details == {"username_hash": username_hash(aylin.email)}
    stored = str(entry.details) + entry.target_label + entry.actor_label + entry.purpose
    assert "Falsches-Passwort-9" not in stored and aylin.email not in stored


def test_a_password_typed_into_the_name_field_is_not_stored(client, demo):
    client.post("/demo/login/", {"username": "Mein-Geheimes-Passwort", "password": "x"})
    [entry] = chain_of(demo)
    assert entry.subject is None
    assert "Mein-Geheimes-Passwort" not in str(entry.details)


def test_admins_find_failed_attempts_by_the_address_that_was_tried(client, demo, aylin, anja):
    client.post("/demo/login/", {"username": "AYLIN@example.org", "password": "falsch-falsch"})
    sign_in(client, anja)
    response = client.get("/demo/staff/audit/", {"person": "aylin@example.org", "kind": "auth"})
    assert [e.action for e in response.context["page"].object_list] == ["accounts.login_failed"]


def test_repeated_failures_record_the_lockout(client, demo, aylin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/demo/login/", {"username": aylin.email, "password": "falsch-falsch"})
    actions = [e.action for e in chain_of(demo)]
    assert actions.count("accounts.login_failed") == settings.AXES_FAILURE_LIMIT
    assert "accounts.locked_out" in actions
