"""Who is calling: bearer JWT or API key in, an identity out; a caller never names itself.

`Authorization: Bearer <JWT>` is verified against the configured keys and mapped to an
employee by the token's subject; `X-API-Key: <key>` (or `Bearer <key>`) is hashed and
looked up. With nothing configured (no signing key, no JWKS, no API key anywhere) and a
loopback bind address the service is open for development: every caller is an admin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from talentmarket.auth.apikeys import ApiKeyEntry, find_entry, hash_api_key
from talentmarket.auth.config import AuthConfig, is_remote_ip
from talentmarket.auth.tokens import AuthRole, Claims, TokenError, looks_like_jwt, verify_token
from talentmarket.principal import AuthenticationFailed

log = logging.getLogger(__name__)

AuthMode = Literal["enabled", "open", "unconfigured"]
MODE_LABELS: dict[AuthMode, str] = {
    "enabled": "enabled",
    "open": "open (development)",
    "unconfigured": "refusing requests: no authentication configured on a public address",
}
OPEN_PRINCIPAL_ID = "anonymous"  # the id open mode always had; `development` flags it


@dataclass(frozen=True)
class Identity:
    """A verified caller: a stable id, a role, the employee it is (people only)."""

    id: str
    role: AuthRole
    employee_id: int | None = None
    development: bool = False


class KeyStore(Protocol):
    """The stored API keys (the database's `api_keys` table)."""

    def find_active(self, key_hash: str) -> ApiKeyEntry | None:
        """The unrevoked key with this hash."""
        ...

    def any_stored(self) -> bool:
        """Whether any key was ever stored (revoked ones count)."""
        ...


# The employee id a verified token speaks for (None when the subject is nobody known).
EmployeeLookup = Callable[[Claims], "int | None"]


def auth_mode(config: AuthConfig, store: KeyStore) -> AuthMode:
    """Enabled once any key exists (a revoked API key keeps it so); open only on loopback;
    otherwise refuse everything."""
    if config.configured or store.any_stored():
        return "enabled"
    return "open" if config.loopback else "unconfigured"


def _credential(authorization: str | None, api_key: str | None) -> str | None:
    """The one credential a request carries (a bearer token or an API key)."""
    bearer = None
    if authorization:
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise AuthenticationFailed("use 'Authorization: Bearer <token>'")
        bearer = value.strip()
    if bearer and api_key:
        raise AuthenticationFailed("send either a bearer token or an API key, not both")
    return bearer or (api_key.strip() if api_key else None)


def _from_token(token: str, config: AuthConfig, lookup: EmployeeLookup) -> Identity:
    """An identity from a verified JWT; an employee token must map to an employee."""
    try:
        claims = verify_token(
            token,
            config.verification_keys,
            config.issuer,
            config.audience,
            config.leeway,
            config.role_claim,
        )
    except TokenError as exc:
        raise AuthenticationFailed(str(exc)) from None
    employee_id = None if claims.role == "integration" else lookup(claims)
    if claims.role == "employee" and employee_id is None:
        raise AuthenticationFailed("the token's subject is not a known employee")
    return Identity(f"user:{claims.subject}", claims.role, employee_id)


def _from_api_key(key: str, config: AuthConfig, store: KeyStore) -> Identity:
    """An identity from an API key in the settings or the database."""
    entry = find_entry(key, config.settings_keys) or store.find_active(hash_api_key(key))
    if entry is None:
        raise AuthenticationFailed("unknown or revoked API key")
    return Identity(entry.principal_id, entry.role)


def authenticate(
    config: AuthConfig,
    authorization: str | None,
    api_key: str | None,
    store: KeyStore,
    lookup: EmployeeLookup,
    client_host: str | None = None,
) -> Identity:
    """The caller of one request, from its `Authorization` and `X-API-Key` headers; open
    mode answers local clients only (a server started without `serve` may listen wider)."""
    mode = auth_mode(config, store)
    if mode == "open" and client_host and is_remote_ip(client_host):
        raise AuthenticationFailed("open development mode answers local clients only", False)
    if mode == "open":
        return Identity(OPEN_PRINCIPAL_ID, "admin", development=True)
    if mode == "unconfigured":
        raise AuthenticationFailed("authentication is not configured on this server", False)
    credential = _credential(authorization, api_key)
    if credential is None:
        raise AuthenticationFailed("a bearer token or API key is required", invalid=False)
    if looks_like_jwt(credential):
        return _from_token(credential, config, lookup)
    return _from_api_key(credential, config, store)
