"""Who is calling: one dependency gives every router a principal with a role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from talentmarket.principal import ROLES, Principal

__all__ = ["Principal", "PrincipalDep", "get_principal"]


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
    return Principal(id=f"key:{(token or '')[:6]}", role=role, employee_id=x_talentmarket_employee)


PrincipalDep = Annotated[Principal, Depends(get_principal)]
