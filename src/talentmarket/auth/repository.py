"""SQL of the identity layer: stored API keys, and the employee a token's subject is."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from talentmarket.auth.apikeys import ApiKeyEntry, check_role
from talentmarket.auth.models import ApiKey
from talentmarket.db.base import utcnow
from talentmarket.errors import Conflict, NotFound
from talentmarket.people.models import Employee


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


def find_employee_id(
    session: Session, subject: str, email: str | None, employee_id: int | None
) -> int | None:
    """The employee a verified token speaks for: by the token's employee id, else by the
    subject as external id, else by the verified email (or a subject that is an email)."""
    if employee_id is not None:
        return session.scalar(select(Employee.id).where(Employee.id == employee_id))
    found = session.scalar(select(Employee.id).where(Employee.external_id == subject))
    if found is not None:
        return found
    emails = [e.lower() for e in (email, subject if "@" in subject else None) if e]
    if not emails:
        return None
    return session.scalar(select(Employee.id).where(or_(*(Employee.email == e for e in emails))))


def resolve_employee(session: Session, ref: str) -> Employee:
    """An employee by id, external id or email (the `--employee` of `auth token`)."""
    clauses = [Employee.external_id == ref, Employee.email == ref.lower()]
    if ref.isdigit():
        clauses.insert(0, Employee.id == int(ref))
    for clause in clauses:
        row = session.scalar(select(Employee).where(clause))
        if row is not None:
            return row
    raise NotFound(f"no employee with id, external id or email {ref!r}")
