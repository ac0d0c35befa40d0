"""The learning catalogue: the demo catalogue imports (twice: no changes), a bad row fails
the whole file naming its line, LMS upserts are idempotent, skills found in a course's
text wait for an admin, and the catalogue filters by skill, language and difficulty."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.errors import ImportFormatError
from talentmarket.learning.catalogue import import_catalogue
from talentmarket.learning.models import Course, CourseSkill
from talentmarket.resources import shipped
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.models import Skill
from tests.api.helpers import problem
from tests.tokens import TokenMaker

DEMO = shipped("data/learning/courses.csv")
PYTHON = "urn:talentmarket:skill:python"


@pytest.fixture
def starter(session: Session) -> Session:
    import_taxonomy(session, "starter", None)
    session.commit()
    return session


def _skill(session: Session, uri: str) -> Skill:
    found = session.scalar(select(Skill).where(Skill.uri == uri))
    assert found is not None
    return found


def test_the_demo_catalogue_imports_and_a_second_import_changes_nothing(
    starter: Session, runtime: Runtime
) -> None:
    first = import_catalogue(starter, runtime, DEMO, confirm_named=True)
    assert first == {"created": 46, "updated": 0, "unchanged": 0}
    again = import_catalogue(starter, runtime, DEMO, confirm_named=True)
    assert again == {"created": 0, "updated": 0, "unchanged": 46}
    course = starter.scalar(select(Course).where(Course.external_id == "LMS-101"))
    assert course is not None
    assert course.duration_hours == 18
    rows = starter.scalars(select(CourseSkill).where(CourseSkill.course_id == course.id)).all()
    tagged = {r.skill_id: r for r in rows if r.source == "catalogue"}
    assert _skill(starter, PYTHON).id in tagged
    assert {r.status for r in tagged.values()} == {"accepted"}
    # what the extractor found beyond the tags waits for an admin, with its words
    for row in rows:
        if row.source == "extracted":
            assert row.status == "suggested"
            assert row.evidence


@pytest.mark.parametrize(
    ("bad_line", "needle"),
    [
        ("LMS-9,Broken,P,Text,course,0,beginner,en,,{python}", "duration_hours"),
        ("LMS-9,Broken,P,Text,course,3,expert,en,,{python}", "difficulty"),
        ("LMS-9,Broken,P,Text,course,3,beginner,en,,urn:talentmarket:skill:nope", "nope"),
        ("LMS-1,Twice,P,Text,course,3,beginner,en,,{python}", "again"),
    ],
    ids=["zero hours", "unknown difficulty", "unknown skill", "duplicate id"],
)
def test_a_bad_row_fails_the_whole_import_naming_the_line(
    starter: Session, runtime: Runtime, tmp_path: Path, bad_line: str, needle: str
) -> None:
    path = tmp_path / "courses.csv"
    header = "id,title,provider,description,format,duration_hours,difficulty,language,url,skills"
    good = f"LMS-1,Python basics,P,Learn Python,course,4,beginner,en,,{PYTHON}"
    path.write_text("\n".join([header, good, bad_line.format(python=PYTHON)]) + "\n")
    nested = starter.begin_nested()
    with pytest.raises(ImportFormatError) as caught:
        import_catalogue(starter, runtime, path)
    nested.rollback()
    assert caught.value.line == 3
    assert needle in caught.value.detail
    assert str(path) in caught.value.detail
    assert starter.scalar(select(func.count()).select_from(Course)) == 0


def test_an_lms_keeps_its_catalogue_and_an_admin_confirms_skills(
    client: TestClient, starter: Session, tokens: TokenMaker
) -> None:
    lms = tokens.headers("integration")
    admin = tokens.headers("admin")
    reader = tokens.headers("recruiter")
    body = {
        "title": "Kubernetes for developers",
        "provider": "Coursebridge",
        "description": "Deploy Python services on Kubernetes with Docker images and Helm.",
        "duration_hours": 12,
        "difficulty": "intermediate",
        "language": "en",
        "url": "https://learning.example.com/k8s",
        "skills": [{"skill_uri": "urn:talentmarket:skill:kubernetes", "proficiency": 3}],
    }
    created = client.put("/v1/courses/by-external-id/K8S-1", json=body, headers=lms)
    assert created.status_code == 201, created.text
    course = created.json()["course"]
    statuses = {s["skill"]["uri"]: (s["status"], s["source"]) for s in course["skills"]}
    assert statuses["urn:talentmarket:skill:kubernetes"] == ("suggested", "catalogue")
    assert {status for status, _ in statuses.values()} == {"suggested"}
    same = client.put("/v1/courses/by-external-id/K8S-1", json=body, headers=lms)
    assert same.status_code == 200
    assert same.json()["result"] == "unchanged"
    kubernetes = _skill(starter, "urn:talentmarket:skill:kubernetes")
    # not confirmed yet: the catalogue does not list it under the skill
    by_skill = client.get("/v1/courses", params={"skill_id": kubernetes.id}, headers=reader)
    assert by_skill.json()["items"] == []
    decision = f"/v1/courses/{course['id']}/skills/{kubernetes.id}/decision"
    problem(client.post(decision, json={"decision": "accept"}, headers=lms), 403, "forbidden")
    accepted = client.post(decision, json={"decision": "accept", "proficiency": 4}, headers=admin)
    assert accepted.status_code == 200, accepted.text
    by_skill = client.get("/v1/courses", params={"skill_id": kubernetes.id}, headers=reader)
    [listed] = by_skill.json()["items"]
    assert listed["id"] == course["id"]
    assert (
        client.get("/v1/courses", params={"language": "es"}, headers=reader).json()["items"] == []
    )
    advanced = client.get("/v1/courses", params={"difficulty": "advanced"}, headers=reader)
    assert advanced.json()["items"] == []
    # a later sync keeps the admin's decision
    changed = client.put(
        "/v1/courses/by-external-id/K8S-1", json={**body, "duration_hours": 10}, headers=lms
    )
    assert changed.json()["result"] == "updated"
    kept = {s["skill"]["id"]: s for s in changed.json()["course"]["skills"]}
    assert kept[kubernetes.id]["status"] == "accepted"
    assert kept[kubernetes.id]["proficiency"] == 4


@pytest.mark.parametrize(
    "change",
    [
        {"duration_hours": 0},
        {"difficulty": "expert"},
        {"url": "javascript:alert(1)"},
        {"skills": [{"skill_uri": "urn:talentmarket:skill:nope"}]},
        {"extra": True},
    ],
    ids=["hours", "difficulty", "url", "unknown skill", "extra field"],
)
def test_a_bad_course_is_refused_and_stores_nothing(
    client: TestClient, starter: Session, tokens: TokenMaker, change: dict[str, object]
) -> None:
    body = {"title": "T", "duration_hours": 2, **change}
    resp = client.post("/v1/courses", json=body, headers=tokens.headers("admin"))
    assert resp.status_code in (404, 422), resp.text
    assert resp.headers["content-type"] == "application/problem+json"
    assert starter.scalar(select(func.count()).select_from(Course)) == 0


def test_a_merged_skill_moves_to_the_courses_that_teach_it(
    client: TestClient, starter: Session, tokens: TokenMaker
) -> None:
    admin = tokens.headers("admin")
    pandas = _skill(starter, "urn:talentmarket:skill:pandas")
    python = _skill(starter, PYTHON)
    body = {
        "title": "Notebook tricks",
        "duration_hours": 2,
        "skills": [{"skill_id": pandas.id, "proficiency": 4}, {"skill_id": python.id}],
    }
    course = client.post("/v1/courses", json=body, headers=admin).json()
    for skill in (pandas, python):
        decided = client.post(
            f"/v1/courses/{course['id']}/skills/{skill.id}/decision",
            json={"decision": "accept"},
            headers=admin,
        )
        assert decided.status_code == 200
    merge = {"source_id": pandas.id, "target_id": python.id, "reason": "test"}
    merged = client.post("/v1/skills/merge", json=merge, headers=admin)
    assert merged.status_code == 200, merged.text
    assert merged.json()["counts"]["merged_course_skills"] == 1
    after = client.get(f"/v1/courses/{course['id']}", headers=admin).json()
    kept = {s["skill"]["id"]: s for s in after["skills"]}
    assert pandas.id not in kept
    assert kept[python.id]["status"] == "accepted"
    assert kept[python.id]["proficiency"] == 4
