"""Who is calling: a principal with a role (framework-neutral; `api.security` resolves it)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Role = Literal["admin", "recruiter", "employee", "integration"]
ROLES: tuple[Role, ...] = ("admin", "recruiter", "employee", "integration")


class Principal(BaseModel):
    """The caller: an id for audit, a role for access rules, and the employee they are."""

    id: str
    role: Role
    employee_id: int | None = None
