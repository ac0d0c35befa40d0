"""The extractor's prior counts how often job ads ask for each skill: the company's open
requirements and the real vacancies imported as evidence. Importing vacancies changes
the prior of the next extraction (the cached extractor is rebuilt); importing the same
file again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from talentmarket.jobarch.vacancies import import_vacancies
from talentmarket.runtime import Runtime
from talentmarket.skillintel.labels import skill_demand
from talentmarket.skillintel.service import get_extractor
from tests.factories import make_opening, make_role, make_skill


def _prior(session: Session, runtime: Runtime) -> dict[str, float]:
    extractor = get_extractor(session, runtime)
    return {
        skill.label: round(float(p), 4)
        for skill, p in zip(extractor.skills_, extractor.prior_, strict=True)
    }


def test_imported_vacancies_count_in_the_extractors_prior(
    session: Session, runtime: Runtime, tmp_path: Path
) -> None:
    skills = {name: make_skill(session, name) for name in ("Python", "Tableau", "Welding")}
    make_role(session, "data analyst", uri="urn:t:analyst")
    make_opening(session, "Analytics gig", status="open", requirements=[(skills["Python"], 3)])
    session.commit()
    before = get_extractor(session, runtime)
    assert _prior(session, runtime) == {"Python": 1.0, "Tableau": 0.0, "Welding": 0.0}

    rows = [
        {"title": "Data Analyst", "skill_name": ["Tableau", "Python"]},
        {"title": "Senior Data Analyst", "skill_name": ["tableau"]},
        {"title": "Data analyst", "skill_name": ["Tableau"]},
    ]
    path = tmp_path / "vacancies.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert import_vacancies(session, runtime, path)["changed"] is True
    session.commit()

    demand = skill_demand(session)
    assert demand == {skills["Python"].id: 2.0, skills["Tableau"].id: 3.0}
    after = get_extractor(session, runtime)
    assert after is not before
    # log(1 + count) / log(1 + largest): Tableau 3 of 3, Python 2 of 3, Welding none
    assert _prior(session, runtime) == {"Python": 0.7925, "Tableau": 1.0, "Welding": 0.0}

    assert import_vacancies(session, runtime, path)["changed"] is False
    session.commit()
    assert get_extractor(session, runtime) is after
