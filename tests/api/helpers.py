"""Assertions the API tests share: problem+json bodies and row counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

PROBLEM = "application/problem+json"


class Response(Protocol):
    """What the tests read from a TestClient response."""

    @property
    def status_code(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    def json(self) -> Any: ...


def problem(resp: Response, status: int, kind: str) -> dict[str, Any]:
    """Assert resp is an application/problem+json of this status and type; return the body."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == PROBLEM
    body: dict[str, Any] = resp.json()
    assert body["type"].endswith(f"/{kind}")
    assert body["status"] == status
    return body


def rows(session: Session, model: type[Any]) -> int:
    """Rows in a model's table."""
    return int(session.scalar(select(func.count()).select_from(model)) or 0)
