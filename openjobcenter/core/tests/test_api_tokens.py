"""API tokens: shown once, stored as a hash, checked by hash, revocable, audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openjobcenter.accounts import api_tokens
from openjobcenter.accounts.api_tokens import authenticate_token, create_token, hash_token, revoke_token
from openjobcenter.accounts.models import ApiToken


@pytest.fixture
def audit(monkeypatch):
    entries = []
    monkeypatch.setattr(api_tokens, "log_change", lambda **entry: entries.append(entry))
    return entries


def test_it_creates_a_long_random_token_and_stores_only_its_hash(aylin, audit):
    raw = create_token(aylin, "Fachverfahren")
    assert len(raw) >= 40
    assert raw != create_token(aylin, "zweiter")
    stored = ApiToken.objects.get(name="Fachverfahren")
    assert stored.token_hash == hash_token(raw) and raw not in stored.token_hash
    assert stored.prefix == raw[:8]
    assert audit[0]["action"] == "accounts.api_token_created"
    assert audit[0]["subject"] == aylin and audit[0]["jobcenter"] == aylin.jobcenter
    assert raw not in repr(audit)


def test_it_finds_the_user_of_a_valid_token(aylin, bernd, audit):
    aylins, bernds = create_token(aylin), create_token(bernd)
    assert authenticate_token(aylins) == aylin
    assert authenticate_token(bernds) == bernd
    assert authenticate_token(aylins[:-1]) is None
    assert authenticate_token("") is None


def test_it_refuses_revoked_tokens_and_audits_the_revocation(aylin, audit):
    raw = create_token(aylin)
    token = ApiToken.objects.get()
    revoke_token(token, actor=aylin)
    revoke_token(token, actor=aylin)
    assert authenticate_token(raw) is None
    assert [entry["action"] for entry in audit] == ["accounts.api_token_created", "accounts.api_token_revoked"]


def test_it_refuses_tokens_of_inactive_accounts(aylin, audit):
    raw = create_token(aylin)
    aylin.is_active = False
    aylin.save()
    assert authenticate_token(raw) is None


def test_it_records_the_last_use_at_most_once_a_minute(aylin, audit, monkeypatch, django_assert_num_queries):
    raw = create_token(aylin)
    start = timezone.now()
    monkeypatch.setattr(api_tokens.timezone, "now", lambda: start)
    authenticate_token(raw)
    assert ApiToken.objects.get().last_used_at == start

    monkeypatch.setattr(api_tokens.timezone, "now", lambda: start + timedelta(seconds=30))
    with django_assert_num_queries(1):  # the lookup only, no write
        authenticate_token(raw)
    assert ApiToken.objects.get().last_used_at == start

    later = start + timedelta(seconds=61)
    monkeypatch.setattr(api_tokens.timezone, "now", lambda: later)
    authenticate_token(raw)
    assert ApiToken.objects.get().last_used_at == later
