import datetime as dt
import uuid

import pytest
from django.test import RequestFactory, override_settings

from openjobcenter.audit.chain import verify_chain
from openjobcenter.audit.models import Kind
from openjobcenter.audit.services import log_change, log_read

from .helpers import chain_of


def test_a_read_records_who_in_which_role_and_team_what_and_why(demo, bernd, aylin):
    log_read(actor=bernd, jobcenter=demo, subject=aylin, purpose="Vorbereitung des Beratungsgesprächs", target=aylin)
    entry = chain_of(demo)[0]
    assert entry.kind == Kind.READ
    assert entry.action == "accounts.user_viewed"
    assert (entry.actor, entry.actor_label, entry.actor_roles) == (bernd, "Bernd Brandt", ["advisor"])
    assert entry.actor_team == "Markt und Integration 1"
    assert (entry.subject, entry.subject_ref) == (aylin, aylin.pk)
    assert entry.target_type is not None and entry.target_type.model == "user"
    assert entry.target_id == str(aylin.pk)
    assert entry.target_label == "Aylin Kaya"
    assert entry.purpose == "Vorbereitung des Beratungsgesprächs"


def test_a_read_needs_a_purpose(demo, bernd, aylin):
    with pytest.raises(ValueError, match="purpose"):
        log_read(actor=bernd, jobcenter=demo, subject=aylin, purpose="  ")


def test_actions_must_be_dotted_lower_case_names(demo, anja):
    for bad in ("created", "Core.created", "core..created", "core.created "):
        with pytest.raises(ValueError):
            log_change(actor=anja, jobcenter=demo, action=bad)


def test_details_never_keep_secrets(demo, anja):
    details = {
        "password": "geheim-123",
        "new_password1": "geheim-456",
        "api_token": "tok",
        "otp_code": "123456",
        "nested": {"client_secret": "s", "name": "Team 1"},
        "fields": ["name"],
    }
    log_change(actor=anja, jobcenter=demo, action="accounts.password_changed", details=details)
    stored = chain_of(demo)[0].details
    assert stored == {
        "password": "[entfernt]",
        "new_password1": "[entfernt]",
        "api_token": "[entfernt]",
        "otp_code": "[entfernt]",
        "nested": {"client_secret": "[entfernt]", "name": "Team 1"},
        "fields": ["name"],
    }


def test_details_of_any_type_are_stored_so_the_hash_can_be_recomputed(demo, anja):
    details = {"when": dt.date(2026, 7, 1), "id": uuid.UUID(int=7), "rate": 0.1, "tags": {"b", "a"}, "big": 2**62}
    log_change(actor=anja, jobcenter=demo, action="core.test_changed", details=details)
    assert chain_of(demo)[0].details == {
        "when": "2026-07-01",
        "id": "00000000-0000-0000-0000-000000000007",
        "rate": "0.1",
        "tags": ["a", "b"],
        "big": 2**62,
    }
    assert verify_chain(demo.pk, "demo").ok


def test_the_request_gives_address_and_browser(demo, anja):
    request = RequestFactory().get("/", REMOTE_ADDR="2001:0db8:0000::0001", HTTP_USER_AGENT="Firefox " + "x" * 400)
    log_change(actor=anja, jobcenter=demo, action="core.test_changed", request=request)
    entry = chain_of(demo)[0]
    assert entry.ip_address == "2001:db8::1"
    assert entry.user_agent.startswith("Firefox ") and len(entry.user_agent) == 300
    assert verify_chain(demo.pk, "demo").ok


def test_forwarded_addresses_are_ignored_without_a_trusted_proxy(demo, anja):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    log_change(actor=anja, jobcenter=demo, action="core.test_changed", request=request)
    assert chain_of(demo)[0].ip_address == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_address_it_saw_is_recorded(demo, anja):
    forged_then_real = "198.51.100.1, 203.0.113.9"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forged_then_real)
    log_change(actor=anja, jobcenter=demo, action="core.test_changed", request=request)
    assert chain_of(demo)[0].ip_address == "203.0.113.9"
