"""Skills as Open Skills Network Rich Skill Descriptors, over the API and as an export."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.taxonomy.models import RoleSkill, SkillRelation
from tests.api.helpers import problem
from tests.factories import make_role, make_skill

ESCO = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


def test_a_skill_reads_as_a_rich_skill_descriptor(client: TestClient, session: Session) -> None:
    group = make_skill(session, "Programming", kind="group")
    python = make_skill(
        session,
        "Python (computer programming)",
        uri=ESCO,
        source="esco",
        alt_labels=["Python"],
        description="Techniques of software development in Python.",
    )
    session.add(SkillRelation(source_id=python.id, target_id=group.id, relation="broader"))
    role = make_role(session, "Data engineer")
    session.add(RoleSkill(role_id=role.id, skill_id=python.id, relation="essential"))
    session.commit()
    resp = client.get(f"/v1/skills/{python.id}/rsd")
    assert resp.status_code == 200, resp.text
    rsd = resp.json()
    assert rsd["type"] == "RichSkillDescriptor"
    assert rsd["@context"].startswith("https://rsd.openskillsnetwork.org/")
    assert rsd["id"] == ESCO
    assert rsd["uuid"] == str(uuid.uuid5(uuid.NAMESPACE_URL, ESCO))
    assert rsd["skillName"] == "Python (computer programming)"
    assert rsd["skillStatement"] == "Techniques of software development in Python."
    assert rsd["keywords"] == ["Python"]
    assert rsd["category"] == "Programming"
    assert rsd["status"] == "published"
    assert rsd["alignments"] == [
        {"id": ESCO, "skillName": "Python (computer programming)", "isPartOf": {"name": "ESCO"}}
    ]
    assert [o["targetNodeName"] for o in rsd["occupations"]] == ["Data engineer"]
    problem(client.get("/v1/skills/999999/rsd"), 404, "not-found")


def test_every_skill_exports_as_rsd_lines(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'starter.db'}"
    run = [sys.executable, "-m", "talentmarket.cli", "--database", url]
    imported = subprocess.run([*run, "taxonomy", "import", "starter", "--quiet"], check=False)
    assert imported.returncode == 0
    done = subprocess.run(
        [*run, "taxonomy", "export", "rsd", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    count = json.loads(done.stdout)["files"]["rich-skill-descriptors.jsonl"]
    lines = (tmp_path / "out" / "rich-skill-descriptors.jsonl").read_text().splitlines()
    assert len(lines) == count > 500
    first = json.loads(lines[0])
    assert first["type"] == "RichSkillDescriptor"
    assert first["skillName"]
    assert len({json.loads(line)["uuid"] for line in lines}) == count
