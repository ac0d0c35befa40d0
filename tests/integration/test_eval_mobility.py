"""`eval mobility` fixtures and metrics on a tiny O*NET-like world (hashing encoder)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.evaluation.mobility import eval_mobility
from talentmarket.evaluation.mobility_setup import ensure_fixtures
from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.models import RoleSkill
from tests.factories import make_role, make_skill


def _world(session: Session) -> None:
    skills = [make_skill(session, f"skill {i}") for i in range(8)]
    tool = make_skill(session, "spreadsheet software", skill_type="tool")
    plans = {
        "11-1011.00": [0, 1, 2, 3, 4, 5],
        "11-1021.00": [0, 1, 2, 3, 6],
        "15-1252.00": [5, 6, 7],
    }
    for code, owned in plans.items():
        role = make_role(
            session, f"occupation {code}", code=code, source="onet", description=f"Work of {code}."
        )
        for rank, i in enumerate(owned):
            session.add(
                RoleSkill(
                    role_id=role.id,
                    skill_id=skills[i].id,
                    relation="essential",
                    importance=5.0 - rank * 0.3,
                    level=3.0,
                )
            )
        session.add(RoleSkill(role_id=role.id, skill_id=tool.id, relation="optional"))
    session.flush()


def test_fixtures_are_created_once_with_must_haves(session: Session) -> None:
    _world(session)
    fixtures = ensure_fixtures(session)
    assert set(fixtures) == {"11-1011.00", "11-1021.00", "15-1252.00"}
    again = ensure_fixtures(session)
    assert again == fixtures
    assert session.scalar(select(func.count()).select_from(Employee)) == 3
    employee_id, opening_id = fixtures["11-1011.00"]
    opening = session.get(Opening, opening_id)
    assert opening is not None
    assert opening.owner_id == employee_id
    musts = session.scalar(
        select(func.count())
        .select_from(OpeningRequirement)
        .where(OpeningRequirement.opening_id == opening_id, OpeningRequirement.must_have)
    )
    assert musts == 5
    held = session.scalar(
        select(func.count())
        .select_from(EmployeeSkill)
        .where(EmployeeSkill.employee_id == employee_id)
    )
    assert held == 7  # six rated skills and the tool


def test_eval_mobility_reports_metrics_and_baselines(
    session: Session, runtime: Runtime, tmp_path: Path
) -> None:
    _world(session)
    session.commit()
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps({"code": "11-1011.00", "related": ["11-1021.00"], "tiers": ["Primary-Short"]})
        + "\n"
    )
    result = eval_mobility(session, runtime, cases, baseline=True)
    assert result["n"] == 1
    assert result["ndcg@10"] == 1.0  # the closer occupation ranks first
    assert set(result["baseline"]) == {"embedding", "jaccard"}
    assert result["baseline"]["jaccard"]["mrr"] == 1.0
