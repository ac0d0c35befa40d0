"""Who is calling: a principal with a role (framework-neutral; `api.security` resolves it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol

from pydantic import BaseModel

Role = Literal["admin", "recruiter", "employee", "integration"]
ROLES: tuple[Role, ...] = ("admin", "recruiter", "employee", "integration")


class Principal(BaseModel):
    """The caller: an id for audit, a role for access rules, and the employee they are."""

    id: str
    role: Role
    employee_id: int | None = None


REALM = 'Bearer realm="talentmarket"'


class AuthenticationFailed(Exception):
    """No usable credentials: carries the reason and the RFC 6750 challenge to send."""

    def __init__(self, detail: str, invalid: bool = True) -> None:
        super().__init__(detail)
        self.detail = detail
        error = f', error="invalid_token", error_description="{detail}"' if invalid else ""
        self.challenge = REALM + error


class VerifiedCaller(Protocol):
    """What an authenticator returns: who, in which role, and whether the service runs
    open for development (then every local caller is an admin)."""

    @property
    def id(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def employee_id(self) -> int | None: ...
    @property
    def development(self) -> bool: ...


# (Authorization header, X-API-Key header, client host) -> the verified caller; raises
# AuthenticationFailed. The app wires talentmarket.auth in as `app.state.authenticate`.
Authenticate = Callable[[str | None, str | None, str | None], VerifiedCaller]
