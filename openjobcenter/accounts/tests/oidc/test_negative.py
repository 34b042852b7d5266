"""What must not sign anybody in: a wrong state, a replayed code, expired, wrongly signed or foreign tokens."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from joserfc import jwt
from joserfc.jwk import RSAKey

from openjobcenter.accounts.oidc import client as oidc_client
from openjobcenter.accounts.oidc import config
from openjobcenter.accounts.oidc.models import Purpose
from openjobcenter.accounts.oidc.views import PENDING_REQUESTS_KEY
from openjobcenter.accounts.tests.oidc.conftest import come_back, start
from openjobcenter.accounts.tests.oidc.provider import authenticate

pytestmark = pytest.mark.django_db


def _code_and_pending(client: Client) -> tuple[str, str, dict]:
    back = authenticate(start(client), login="anna")
    query = parse_qs(urlsplit(back).query)
    state = query["state"][0]
    return back, query["code"][0], dict(client.session[PENDING_REQUESTS_KEY][state])


def _real_id_token(client: Client, demo) -> tuple[str, str, config.ProviderConfig]:
    _back, code, pending = _code_and_pending(client)
    provider = config.provider_config(demo, Purpose.CITIZEN)
    assert provider is not None
    token = oidc_client.exchange_code(
        provider,
        code=code,
        code_verifier=pending["verifier"],
        redirect_uri="http://testserver/demo/login/oidc/callback/",
    )
    return token["id_token"], pending["nonce"], provider


def test_a_wrong_state_signs_nobody_in(client: Client, bundid) -> None:
    back = authenticate(start(client), login="anna")
    parts = urlsplit(back)
    forged = parts.query.replace("state=", "state=x")
    response = client.get(f"{parts.path}?{forged}")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_an_answer_for_another_browser_is_refused(client: Client, bundid) -> None:
    back = authenticate(start(client), login="anna")
    stranger = Client()
    assert come_back(stranger, back).status_code == 400
    assert "_auth_user_id" not in stranger.session


def test_a_replayed_code_is_refused(client: Client, bundid) -> None:
    back, _code, pending = _code_and_pending(client)
    state = parse_qs(urlsplit(back).query)["state"][0]
    assert come_back(client, back).status_code == 302
    # The same answer again: the state is used up.
    assert come_back(client, back).status_code == 400
    # Even with the stolen state, nonce and verifier, the provider refuses a used code.
    thief = Client()
    session = thief.session
    session[PENDING_REQUESTS_KEY] = {state: pending}
    session.save()
    response = come_back(thief, back)
    assert response.status_code == 400
    assert "_auth_user_id" not in thief.session


def test_a_valid_id_token_passes(client: Client, bundid, demo) -> None:
    id_token, nonce, provider = _real_id_token(client, demo)
    claims = oidc_client.validate_id_token(provider, id_token, nonce=nonce)
    assert claims["sub"] == "bundid-anna-0001"
    assert claims["acr"] == "basis"


def test_an_expired_id_token_is_refused(client: Client, bundid, demo) -> None:
    id_token, nonce, provider = _real_id_token(client, demo)
    with pytest.raises(oidc_client.OidcError, match="exp"):
        oidc_client.validate_id_token(provider, id_token, nonce=nonce, now=int(time.time()) + 2 * 3600)


def test_a_wrongly_signed_id_token_is_refused(client: Client, bundid, demo) -> None:
    id_token, nonce, provider = _real_id_token(client, demo)
    real = jwt.decode(id_token, oidc_client.key_set(provider))
    forger = RSAKey.generate_key(2048)
    forged = jwt.encode(dict(real.header), {**real.claims, "sub": "somebody-else"}, forger)
    with pytest.raises(oidc_client.OidcError, match="signature"):
        oidc_client.validate_id_token(provider, forged, nonce=nonce)


def test_a_token_for_another_client_is_refused(client: Client, bundid, demo) -> None:
    id_token, nonce, provider = _real_id_token(client, demo)
    other = config.ProviderConfig(**{**provider.__dict__, "client_id": "other-rp"})
    with pytest.raises(oidc_client.OidcError, match="aud"):
        oidc_client.validate_id_token(other, id_token, nonce=nonce)


def test_a_token_with_another_nonce_is_refused(client: Client, bundid, demo) -> None:
    id_token, _nonce, provider = _real_id_token(client, demo)
    with pytest.raises(oidc_client.OidcError, match="nonce"):
        oidc_client.validate_id_token(provider, id_token, nonce="another")


def test_a_refusal_at_the_provider_signs_nobody_in(client: Client, bundid) -> None:
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(f"/demo/login/oidc/callback/?state={state}&error=access_denied")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
