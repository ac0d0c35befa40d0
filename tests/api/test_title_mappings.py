"""Title mappings through HTTP: confirmed titles teach the normaliser at once (and each
answer says how much they gave), upserts are idempotent, bad input changes nothing, and an
import fails whole naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.errors import ImportFormatError
from talentmarket.runtime import Runtime
from talentmarket.skillintel.mappings import import_file
from talentmarket.skillintel.models import TitleMapping
from tests.api.helpers import problem
from tests.factories import make_employee, make_role
from tests.tokens import TokenMaker


def _roles(session: Session) -> dict[str, int]:
    ids = {
        title: make_role(session, title, uri=f"urn:t:role:{k}").id
        for k, title in enumerate(("software developer", "data analyst", "nurse"))
    }
    session.commit()
    return ids


def _mapped(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(TitleMapping)) or 0)


def test_a_confirmed_title_teaches_the_normaliser_at_once(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    roles = _roles(session)
    ask = {"title": "Code Ninja", "limit": 3}
    before = client.post("/v1/roles/normalize", json=ask, headers=tokens.headers("recruiter"))
    assert before.status_code == 200, before.text
    assert before.json()["mappings"] == 0
    assert all(r["from_mappings"] == 0 for r in before.json()["roles"])

    sync = tokens.headers("integration")
    body = {"mappings": [{"title": "Code Ninja", "role": "urn:t:role:0"}]}
    added = client.post("/v1/roles/mappings", json=body, headers=sync)
    assert added.status_code == 200, added.text
    assert (added.json()["created"], added.json()["unchanged"]) == (1, 0)
    again = client.post("/v1/roles/mappings", json=body, headers=sync).json()
    assert (again["created"], again["unchanged"]) == (0, 1)

    after = client.post("/v1/roles/normalize", json=ask, headers=tokens.headers("recruiter"))
    best = after.json()["roles"][0]
    assert after.json()["mappings"] == 1
    assert best["role"]["id"] == roles["software developer"]
    assert best["from_mappings"] > 0
    assert best["confirmed_title"] == {"title": "Code Ninja", "similarity": pytest.approx(1.0)}

    confirmed = client.post(
        "/v1/roles/normalize/confirm",
        json={"title": "Ward sister", "role": str(roles["nurse"])},
        headers=tokens.headers("recruiter"),
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["source"] == "confirmed"
    person = make_employee(session, "Eve Employee")
    session.commit()
    refused = client.post(
        "/v1/roles/normalize/confirm",
        json={"title": "Ward sister", "role": str(roles["data analyst"])},
        headers=tokens.headers("employee", person.id),
    )
    assert refused.status_code == 403

    listed = client.get("/v1/roles/mappings", headers=sync).json()
    assert listed["total"] == 2
    assert [m["title"] for m in listed["items"]] == ["Ward sister", "Code Ninja"]
    only = client.get("/v1/roles/mappings", params={"q": "ninja"}, headers=sync).json()
    assert [m["title"] for m in only["items"]] == ["Code Ninja"]
    gone = client.delete(f"/v1/roles/mappings/{only['items'][0]['id']}", headers=sync)
    assert gone.status_code == 204
    forgotten = client.post("/v1/roles/normalize", json=ask, headers=sync).json()
    assert forgotten["mappings"] == 1
    by_role = {r["role"]["id"]: r for r in forgotten["roles"]}
    assert by_role[roles["software developer"]]["confirmed_title"] is None
    assert by_role[roles["software developer"]]["from_mappings"] == 0


def test_bad_mappings_change_nothing(
    client: TestClient, session: Session, runtime: Runtime, tokens: TokenMaker, tmp_path: Path
) -> None:
    _roles(session)
    sync = tokens.headers("integration")
    bad = {
        "mappings": [
            {"title": "Code Ninja", "role": "urn:t:role:0"},
            {"title": "Nightingale", "role": "urn:t:role:nope"},
        ]
    }
    answer = problem(client.post("/v1/roles/mappings", json=bad, headers=sync), 404, "not-found")
    assert "mappings[1].role" in answer["detail"]
    assert _mapped(session) == 0
    problem(client.delete("/v1/roles/mappings/99999", headers=sync), 404, "not-found")

    path = tmp_path / "mappings.csv"
    path.write_text("title,role\nCode Ninja,urn:t:role:0\nNightingale,urn:t:role:nope\n")
    with pytest.raises(ImportFormatError) as caught:
        import_file(session, runtime, path)
    assert (caught.value.file, caught.value.line) == ("mappings.csv", 3)
    assert _mapped(session) == 0
    path.write_text("title,role\nCode Ninja,urn:t:role:0\nNightingale,urn:t:role:2\n")
    report = import_file(session, runtime, path)
    assert (report["created"], report["unchanged"]) == (2, 0)
    assert import_file(session, runtime, path)["unchanged"] == 2
