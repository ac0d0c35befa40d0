"""Who is calling: one dependency gives every router a principal with a role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from talentmarket.principal import Authenticate, AuthenticationFailed, Principal

__all__ = ["Principal", "PrincipalDep", "get_principal"]


BEARER = HTTPBearer(
    auto_error=False,
    description="A JWT from the identity provider or `talentmarket auth token`, or an API key",
)
API_KEY = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key")


def get_principal(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    api_key: Annotated[str | None, Depends(API_KEY)],
) -> Principal:
    """The verified caller: a bearer JWT or an API key (talentmarket.auth); 401 otherwise."""
    # `bearer` declares the scheme in OpenAPI; the raw header is read so that a wrong
    # scheme gets a clear 401 instead of counting as no credentials
    authenticate: Authenticate = request.app.state.authenticate
    authorization = request.headers.get("authorization")
    try:
        client = request.client.host if request.client else None
        identity = authenticate(authorization, api_key, client)
    except AuthenticationFailed as exc:
        raise HTTPException(401, exc.detail, {"WWW-Authenticate": exc.challenge}) from None
    request.state.auth_development = identity.development  # open mode, for logs and audit
    return Principal.model_validate(
        {"id": identity.id, "role": identity.role, "employee_id": identity.employee_id}
    )


PrincipalDep = Annotated[Principal, Depends(get_principal)]
