"""Who is calling: one dependency gives every router a principal with a role."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Header, HTTPException, Request
from pydantic import BaseModel

Role = Literal["admin", "recruiter", "employee", "integration"]
ROLES: tuple[Role, ...] = ("admin", "recruiter", "employee", "integration")


class Principal(BaseModel):
    """The caller: an id for audit, a role for access rules, and the employee they are."""

    id: str
    role: Role
    employee_id: int | None = None


def get_principal(
    request: Request,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_api_key: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_talentmarket_employee: Annotated[int | None, Header(include_in_schema=False)] = None,
) -> Principal:
    """Resolve the caller from an API key; with no keys configured the service is open."""
    keys: dict[str, str] = request.app.state.runtime.settings.api_keys
    if not keys:
        return Principal(id="anonymous", role="admin", employee_id=x_talentmarket_employee)
    token = x_api_key
    if token is None and authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    role = keys.get(token or "")
    if role not in ROLES:
        raise HTTPException(401, "a valid API key is required", {"WWW-Authenticate": "Bearer"})
    # A stable id that says nothing about the key: its role and place in the configuration.
    position = list(keys).index(token or "") + 1
    return Principal(id=f"apikey:{role}-{position}", role=role, employee_id=x_talentmarket_employee)


PrincipalDep = Annotated[Principal, Depends(get_principal)]
