"""SQL of the identity layer: stored API keys (the employee a token speaks for is found by
the people repository)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.auth.apikeys import ApiKeyEntry, check_role
from talentmarket.auth.models import ApiKey
from talentmarket.db.base import utcnow
from talentmarket.errors import Conflict, NotFound


class ApiKeyRepository:
    """Create, list, revoke and look up API keys by the hash of their secret."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, name: str, role: str, key_hash: str) -> ApiKey:
        """Store a new key; a name is used once, even after revocation."""
        if self.session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
            raise Conflict(f"an API key named {name!r} exists already")
        row = ApiKey(name=name, role=check_role(role), key_hash=key_hash, created_at=utcnow())
        self.session.add(row)
        self.session.flush()
        return row

    def list(self) -> list[ApiKey]:
        """Every key, revoked ones included, by name."""
        return list(self.session.scalars(select(ApiKey).order_by(ApiKey.name)))

    def revoke(self, name: str) -> ApiKey:
        """Mark a key revoked from now on; it stops authenticating at once."""
        row = self.session.scalar(select(ApiKey).where(ApiKey.name == name))
        if row is None:
            raise NotFound(f"no API key named {name!r}")
        if row.revoked_at is not None:
            raise Conflict(f"API key {name!r} was revoked at {row.revoked_at.isoformat()}")
        row.revoked_at = utcnow()
        self.session.flush()
        return row

    def find_active(self, key_hash: str) -> ApiKeyEntry | None:
        """The unrevoked key with this hash (the unique index makes this one lookup)."""
        row = self.session.scalar(
            select(ApiKey).where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None))
        )
        return None if row is None else ApiKeyEntry(row.name, check_role(row.role), row.key_hash)

    def any_stored(self) -> bool:
        """Whether any key was ever stored: then the service is never open, even after
        the last key is revoked."""
        return self.session.scalar(select(ApiKey.id).limit(1)) is not None
