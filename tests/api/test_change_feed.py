"""The taxonomy change feed over HTTP: oldest first, pages with a cursor, polling with
`since` (a change id or a timestamp), filters and malformed input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.taxonomy.models import TaxonomyChange
from tests.api.helpers import problem


def _changes(client: TestClient, **params: Any) -> dict[str, Any]:
    resp = client.get("/v1/taxonomy/changes", params=params)
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


def test_change_feed_pages_and_polls(client: TestClient, session: Session) -> None:
    start = _changes(client)["poll_since"]
    labels = [f"Feed skill {i}" for i in range(5)]
    for label in labels:
        assert client.post("/v1/skills", json={"label": label}).status_code == 201
    seen: list[str] = []
    page = _changes(client, since=start, limit=2)
    while True:
        seen += [c["details"]["label"] for c in page["items"]]
        if page["next_cursor"] is None:
            break
        assert len(page["items"]) == 2
        page = _changes(client, cursor=page["next_cursor"], limit=2)
    assert seen == labels
    assert [c["id"] for c in page["items"]] == sorted(c["id"] for c in page["items"])
    idle = _changes(client, since=page["poll_since"])
    assert idle["items"] == []
    assert idle["poll_since"] == page["poll_since"]
    client.post("/v1/skills", json={"label": "Feed skill late"})
    late = _changes(client, since=page["poll_since"])["items"]
    assert [c["details"]["label"] for c in late] == ["Feed skill late"]


def test_change_feed_since_a_timestamp_and_filters(client: TestClient, session: Session) -> None:
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    client.post("/v1/skills", json={"label": "Stamp one"})
    items = _changes(client, since=past, entity="skill", action="created")["items"]
    assert "Stamp one" in [c["details"]["label"] for c in items]
    future = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    assert _changes(client, since=future)["items"] == []
    assert _changes(client, since="2020-01-01T00:00:00Z", action="no-such")["items"] == []
    problem(
        client.get("/v1/taxonomy/changes", params={"since": "yesterday"}), 422, "validation-error"
    )
    problem(client.get("/v1/taxonomy/changes", params={"cursor": "abc"}), 422, "validation-error")
    assert (session.scalar(select(func.count()).select_from(TaxonomyChange)) or 0) >= 1
