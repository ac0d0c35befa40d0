"""Signed test tokens per role: creating a TokenMaker writes a signing key where the
settings look for it, which turns authentication on for the app on those settings."""

from __future__ import annotations

from typing import Any

from talentmarket.auth.config import default_key_file
from talentmarket.auth.keys import SigningKey, create_key_file, generate_signing_jwk, signing_key
from talentmarket.auth.tokens import AuthRole, issue_token
from talentmarket.config import Settings


class TokenMaker:
    """Issues tokens the app on `settings` accepts (or, by choice, ones it must refuse)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.key = create_key_file(default_key_file(settings))
        self.stranger = signing_key(generate_signing_jwk())  # a key the app does not know

    def token(
        self,
        role: AuthRole,
        employee_id: int | None = None,
        *,
        subject: str | None = None,
        ttl: int = 600,
        now: float | None = None,
        audience: str | None = None,
        issuer: str | None = None,
        key: SigningKey | None = None,
    ) -> str:
        """A signed JWT; every part can be bent to make a token the app must refuse."""
        sub = subject or (f"employee:{employee_id}" if employee_id else f"test-{role}")
        return issue_token(
            key or self.key,
            role,
            sub,
            employee_id,
            ttl,
            issuer or self.settings.auth_issuer,
            audience or self.settings.auth_audience,
            now=now,
        )

    def headers(self, role: AuthRole, employee_id: int | None = None, **kw: Any) -> dict[str, str]:
        """`Authorization: Bearer ...` for a token of this role (and employee)."""
        return {"Authorization": f"Bearer {self.token(role, employee_id, **kw)}"}
