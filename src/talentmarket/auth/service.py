"""The identity layer on a database: authenticate a request, report the mode, guard
`serve` against running open on a public address."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from talentmarket.auth.config import auth_config, is_loopback
from talentmarket.auth.keys import SigningKey
from talentmarket.auth.repository import ApiKeyRepository
from talentmarket.auth.resolver import MODE_LABELS, AuthMode, Identity, auth_mode, authenticate
from talentmarket.auth.tokens import AuthRole, Claims, issue_token
from talentmarket.config import Settings
from talentmarket.errors import InvalidRequest

log = logging.getLogger(__name__)

# (session, subject, verified email, employee id claim) -> the employee id, if any
FindEmployee = Callable[[Session, str, str | None, int | None], int | None]

OPEN_WARNING = (
    "AUTHENTICATION IS OFF: no signing key, JWKS or API key is configured, so every "
    "request is served as admin. This is for development on %s only; run "
    "`talentmarket auth keygen` (or configure TALENTMARKET_AUTH_JWKS_FILE / API keys) "
    "before anyone else can reach the service."
)


def authenticate_request(
    settings: Settings,
    sessions: sessionmaker[Session],
    authorization: str | None,
    api_key: str | None,
    client_host: str | None = None,
    *,
    find_employee: FindEmployee,
) -> Identity:
    """The caller of a request, looking up stored keys and (through `find_employee`, the
    people feature's lookup) employees in a short session."""
    config = auth_config(settings)
    with sessions() as session:

        def lookup(claims: Claims) -> int | None:
            return find_employee(session, claims.subject, claims.email, claims.employee_id)

        store = ApiKeyRepository(session)
        return authenticate(config, authorization, api_key, store, lookup, client_host)


def current_mode(settings: Settings, sessions: sessionmaker[Session]) -> AuthMode:
    """Whether authentication is enabled, open for development, or missing."""
    with sessions() as session:
        return auth_mode(auth_config(settings), ApiKeyRepository(session))


def mode_label(settings: Settings, sessions: sessionmaker[Session]) -> str:
    """The mode as `/health` reports it: "enabled" or "open (development)"."""
    return MODE_LABELS[current_mode(settings, sessions)]


def prepare_serve(settings: Settings, sessions: sessionmaker[Session], host: str) -> Settings:
    """Settings for serving on `host`; refuses a public address without authentication
    and warns loudly when the service runs open."""
    settings = settings.model_copy(update={"bind_host": host})
    mode = current_mode(settings, sessions)
    if mode == "unconfigured":
        raise InvalidRequest(
            f"refusing to serve on {host}: no authentication is configured. Create a signing "
            "key (`talentmarket auth keygen`), set TALENTMARKET_AUTH_JWKS_FILE or "
            "TALENTMARKET_AUTH_JWKS for your identity provider, or create an API key "
            "(`talentmarket auth apikey create`); or bind to 127.0.0.1 for development."
        )
    if mode == "open":
        log.warning(OPEN_WARNING, host)
    else:
        config = auth_config(settings)
        log.info(
            "authentication enabled: %d verification key(s), %d API key(s) in settings, "
            "loopback=%s",
            len(config.verification_keys),
            len(config.settings_keys),
            is_loopback(host),
        )
    return settings


def demo_sign_in_key(settings: Settings) -> SigningKey | None:
    """The service's own signing key, when the web app may let demo people sign in by
    picking them: a local key exists, no identity provider is configured, and the service
    binds to a loopback address (what `make run` does). None otherwise."""
    config = auth_config(settings)
    external = settings.auth_jwks_file is not None or bool(settings.auth_jwks)
    if not config.signing_keys or not config.loopback or external:
        return None
    return config.signing_keys[0]


def demo_token(settings: Settings, key: SigningKey, role: AuthRole, employee_id: int | None) -> str:
    """A session token for a demo person (or a demo recruiter or admin)."""
    subject = f"employee:{employee_id}" if employee_id is not None else f"demo-{role}"
    return issue_token(
        key,
        role,
        subject,
        employee_id,
        settings.auth_token_ttl,
        settings.auth_issuer,
        settings.auth_audience,
    )
