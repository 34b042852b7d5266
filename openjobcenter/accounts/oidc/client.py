"""The relying party's protocol work, with Authlib (PKCE, token request) and joserfc (ID token).

Authorization code flow: ``authorization_request`` makes ``state``, ``nonce`` and a PKCE
``code_verifier`` (S256) that the caller keeps in the session; ``exchange_code`` trades the code
for tokens; ``validate_id_token`` checks signature (the provider's JWKS), issuer, audience,
authorised party, expiry, issue time and nonce. Provider metadata and keys are cached briefly; an
unknown key id fetches the key set once more (the provider rotated its keys).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any, cast

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from openjobcenter.accounts.oidc.config import ProviderConfig, is_acceptable_issuer

TIMEOUT = 5
METADATA_TTL = 600
# Clock skew tolerated between us and the provider for exp / iat.
LEEWAY = 60
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]


class OidcError(Exception):
    """Signing in through the provider failed; ``reason`` is for the log, never for the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PendingRequest:
    state: str
    nonce: str
    code_verifier: str
    url: str


def _cache_key(kind: str, issuer: str) -> str:
    return f"oidc:{kind}:{hashlib.sha256(issuer.encode()).hexdigest()}"


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        return cast(dict[str, Any], response.json())
    except (requests.RequestException, ValueError) as exc:
        raise OidcError(f"cannot fetch {url}: {exc}") from exc


def metadata(config: ProviderConfig) -> dict[str, Any]:
    """The provider's discovery document; its ``issuer`` must be exactly the configured one."""
    if not is_acceptable_issuer(config.issuer):
        raise OidcError(f"issuer {config.issuer!r} is neither https nor loopback")
    key = _cache_key("metadata", config.issuer)
    data: dict[str, Any] | None = cache.get(key)
    if data is None:
        data = _get_json(f"{config.issuer}/.well-known/openid-configuration")
        if str(data.get("issuer", "")).rstrip("/") != config.issuer:
            raise OidcError(f"discovery names issuer {data.get('issuer')!r}, expected {config.issuer!r}")
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not is_acceptable_issuer(str(data.get(name, ""))):
                raise OidcError(f"discovery lacks a usable {name}")
        cache.set(key, data, METADATA_TTL)
    return data


def key_set(config: ProviderConfig, *, refresh: bool = False) -> KeySet:
    key = _cache_key("jwks", config.issuer)
    data: dict[str, Any] | None = None if refresh else cache.get(key)
    if data is None:
        data = _get_json(str(metadata(config)["jwks_uri"]))
        cache.set(key, data, METADATA_TTL)
    return KeySet.import_key_set(data)  # type: ignore[arg-type]


def _session(config: ProviderConfig, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scope=" ".join(config.scope_list),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )


def authorization_request(
    config: ProviderConfig, redirect_uri: str, *, acr_values: str = "", prompt: str = ""
) -> PendingRequest:
    """The URL to send the person to, and what the callback needs to check the answer."""
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    extra = {"nonce": nonce}
    if acr_values:
        extra["acr_values"] = acr_values
    if prompt:
        extra["prompt"] = prompt
    with _session(config, redirect_uri) as session:
        url, _state = session.create_authorization_url(
            metadata(config)["authorization_endpoint"], state=state, code_verifier=verifier, **extra
        )
    return PendingRequest(state=state, nonce=nonce, code_verifier=verifier, url=url)


def exchange_code(config: ProviderConfig, *, code: str, code_verifier: str, redirect_uri: str) -> dict[str, Any]:
    """Trade the authorisation code for tokens (the provider refuses a code used before)."""
    with _session(config, redirect_uri) as session:
        try:
            token = session.fetch_token(
                metadata(config)["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
                timeout=TIMEOUT,
            )
        except Exception as exc:  # Authlib raises OAuthError, requests its own: all mean "no tokens"
            raise OidcError(f"token request failed: {exc}") from exc
    if not token.get("id_token"):
        raise OidcError("the token response has no id_token")
    return dict(token)


def validate_id_token(config: ProviderConfig, id_token: str, *, nonce: str, now: int | None = None) -> dict[str, Any]:
    """The ID token's claims after every check OpenID Connect Core 3.1.3.7 asks of a client."""
    try:
        try:
            token = jwt.decode(id_token, key_set(config), algorithms=ALGORITHMS)
        except (ValueError, JoseError):
            # An unknown key id: the provider may have rotated its keys since we cached them.
            token = jwt.decode(id_token, key_set(config, refresh=True), algorithms=ALGORITHMS)
    except (ValueError, JoseError) as exc:
        raise OidcError(f"id token signature: {exc}") from exc
    claims = dict(token.claims)
    registry = jwt.JWTClaimsRegistry(
        now=now if now is not None else int(time.time()),
        leeway=LEEWAY,
        iss={"essential": True, "value": config.issuer},
        sub={"essential": True},
        aud={"essential": True, "value": config.client_id},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as exc:
        raise OidcError(f"id token claims: {exc}") from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != config.client_id:
        raise OidcError("id token for several audiences without us as authorised party")
    return claims


def end_session_url(config: ProviderConfig, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """RP-initiated logout at the provider, if it announces an ``end_session_endpoint``."""
    try:
        endpoint = metadata(config).get("end_session_endpoint")
    except OidcError:
        return None
    if not endpoint or not is_acceptable_issuer(str(endpoint)):
        return None
    from urllib.parse import urlencode

    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": config.client_id,
        }
    )
    separator = "&" if "?" in str(endpoint) else "?"
    return f"{endpoint}{separator}{query}"
