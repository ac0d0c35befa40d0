"""Signed bearer tokens (JWT): issue with a local key, verify against configured keys.

The key is chosen by the token's `kid` and the algorithm by that key's type, never by the
token; `iss`, `aud`, `exp`, `iat` and `sub` are required, `nbf` checked when present, and
clock skew is allowed up to `leeway` seconds.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import jwt

from talentmarket.auth.keys import SigningKey, VerificationKey

# The roles a caller may have; mirrors the principal's `Role`.
AuthRole = Literal["admin", "recruiter", "employee", "integration"]
AUTH_ROLES: tuple[AuthRole, ...] = get_args(AuthRole)
# When a `roles` list names several, the caller acts with the widest.
ROLE_PRECEDENCE: tuple[AuthRole, ...] = ("admin", "recruiter", "integration", "employee")
EMPLOYEE_CLAIM = "tm_employee_id"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]


class TokenError(Exception):
    """A token is missing, malformed, unsigned, expired or not meant for this service."""


@dataclass(frozen=True)
class Claims:
    """What a verified token says about its caller."""

    subject: str
    role: AuthRole
    issuer: str
    expires_at: int
    email: str | None = None
    employee_id: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)


def looks_like_jwt(token: str) -> bool:
    """A compact JWS has three dot-separated parts; API keys have none."""
    return token.count(".") == 2


def issue_token(
    key: SigningKey,
    role: AuthRole,
    subject: str,
    employee_id: int | None,
    ttl: int,
    issuer: str,
    audience: str,
    now: float | None = None,
) -> str:
    """A signed JWT for `subject` with `role` (and the employee it is), valid `ttl` s."""
    if role not in AUTH_ROLES:
        raise ValueError(f"unknown role {role!r}")
    if ttl <= 0:
        raise ValueError("ttl must be positive")
    issued = int(time.time() if now is None else now)
    payload: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": subject,
        "role": role,
        "iat": issued,
        "nbf": issued,
        "exp": issued + ttl,
        "jti": secrets.token_urlsafe(12),
    }
    if employee_id is not None:
        payload[EMPLOYEE_CLAIM] = employee_id
    return jwt.encode(payload, key.key, algorithm=key.algorithm, headers={"kid": key.kid})


def _claim(payload: Mapping[str, Any], path: str) -> Any:
    """A claim by name or dotted path (`realm_access.roles`)."""
    value: Any = payload
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def role_from_claims(payload: Mapping[str, Any], role_claim: str = "role") -> AuthRole:
    """The caller's role from the configured claim, else from a `roles` list."""
    value = _claim(payload, role_claim)
    if value is None and role_claim != "roles":
        value = payload.get("roles")
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    held = [r for r in ROLE_PRECEDENCE if r in names]
    if not held:
        raise TokenError(f"the token names no known role in '{role_claim}' or 'roles'")
    return held[0]


def _key_for(header: Mapping[str, Any], keys: Sequence[VerificationKey]) -> VerificationKey:
    """The configured key a token names by `kid` (or the only key when it names none)."""
    kid = header.get("kid")
    if kid is None:
        if len(keys) == 1:
            return keys[0]
        raise TokenError("the token names no key id (kid)")
    for key in keys:
        if key.kid == kid:
            return key
    raise TokenError("the token is signed with an unknown key")


def verify_token(
    token: str,
    keys: Sequence[VerificationKey],
    issuer: str,
    audience: str,
    leeway: float = 0,
    role_claim: str = "role",
) -> Claims:
    """Check signature, issuer, audience and validity times; return the caller's claims."""
    if not keys:
        raise TokenError("bearer tokens are not accepted: no verification key is configured")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise TokenError(f"malformed token: {exc}") from exc
    key = _key_for(header, keys)
    if header.get("alg") != key.algorithm:
        raise TokenError(f"algorithm {header.get('alg')!r} is not accepted for this key")
    try:
        payload = jwt.decode(
            token,
            key.key,
            algorithms=[key.algorithm],
            audience=audience,
            issuer=issuer,
            leeway=leeway,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("the token has expired") from exc
    except jwt.ImmatureSignatureError as exc:
        raise TokenError("the token is not valid yet") from exc
    except jwt.InvalidAudienceError as exc:
        raise TokenError("the token is meant for another audience") from exc
    except jwt.InvalidIssuerError as exc:
        raise TokenError("the token comes from another issuer") from exc
    except jwt.InvalidSignatureError as exc:
        raise TokenError("the token's signature does not verify") from exc
    except jwt.PyJWTError as exc:
        raise TokenError(f"invalid token: {exc}") from exc
    employee = payload.get(EMPLOYEE_CLAIM)
    email = payload.get("email")
    verified_email = isinstance(email, str) and payload.get("email_verified") is not False
    return Claims(
        subject=str(payload["sub"]),
        role=role_from_claims(payload, role_claim),
        issuer=str(payload["iss"]),
        expires_at=int(payload["exp"]),
        email=email if verified_email else None,
        employee_id=employee if type(employee) is int else None,
        raw=payload,
    )
