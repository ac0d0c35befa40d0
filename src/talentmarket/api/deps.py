"""Annotated dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from talentmarket.api.pagination import PageParams
from talentmarket.api.security import Principal, PrincipalDep
from talentmarket.config import Settings
from talentmarket.db.engine import transaction
from talentmarket.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    """The runtime the app was created with."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_settings(runtime: RuntimeDep) -> Settings:
    """The app's settings."""
    return runtime.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    """One session per request, committed once when the endpoint returns without error."""
    with transaction(runtime.sessionmaker) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]

__all__ = ["PageParams", "Principal", "PrincipalDep", "RuntimeDep", "SessionDep", "SettingsDep"]
