"""Career mobility over HTTP on a tiny world: related roles with reasons, career paths,
skill gaps, learning recommendations, access rules and problems."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.learning.models import Course, CourseSkill
from talentmarket.people.models import EmployeeAspiration
from talentmarket.taxonomy.models import Role, RoleSkill, Skill, Task
from tests.api.helpers import problem
from tests.factories import make_employee, make_opening, make_requirement, make_role, make_skill
from tests.tokens import TokenMaker

SKILLS = (
    "SQL",
    "Spreadsheets",
    "Statistics",
    "Data visualisation",
    "Python",
    "Machine learning",
    "Software engineering",
    "Bookkeeping",
    "Patient care",
    "Wound dressing",
    "Leadership",
    "Communication",
)
# title, description, tasks, essential (skill, level), optional (skill, level)
ROLES: dict[str, tuple[str, list[str], list[tuple[str, int]], list[tuple[str, int]]]] = {
    "Data analyst": (
        "Analyses business data with SQL and spreadsheets and reports findings.",
        ["Query databases with SQL", "Build dashboards and reports of business data"],
        [("SQL", 3), ("Spreadsheets", 3), ("Statistics", 3), ("Data visualisation", 3)],
        [("Python", 2), ("Communication", 3)],
    ),
    "Data scientist": (
        "Builds statistical and machine learning models of business data in Python.",
        ["Train machine learning models on business data", "Query databases with SQL"],
        [("Python", 4), ("Statistics", 4), ("Machine learning", 4), ("SQL", 3)],
        [("Data visualisation", 3)],
    ),
    "Machine learning engineer": (
        "Ships machine learning models to production as software in Python.",
        ["Deploy machine learning models", "Write production software in Python"],
        [("Python", 5), ("Machine learning", 4), ("Software engineering", 4)],
        [("Statistics", 3)],
    ),
    "Financial analyst": (
        "Analyses financial data in spreadsheets and reports on budgets.",
        ["Build financial reports and dashboards", "Forecast budgets with spreadsheets"],
        [("Spreadsheets", 4), ("Bookkeeping", 3), ("Statistics", 3), ("Data visualisation", 3)],
        [("SQL", 2)],
    ),
    "Bookkeeper": (
        "Keeps the books of a company in spreadsheets and accounting software.",
        ["Record financial transactions", "Reconcile accounts in spreadsheets"],
        [("Bookkeeping", 4), ("Spreadsheets", 3)],
        [("Communication", 2)],
    ),
    "Nurse": (
        "Cares for patients on a hospital ward, dressing wounds and giving medication.",
        ["Dress wounds of patients", "Monitor patients on the ward"],
        [("Patient care", 4), ("Wound dressing", 3), ("Communication", 3)],
        [],
    ),
    "Head nurse": (
        "Leads the nurses of a hospital ward and cares for patients.",
        ["Lead the nurses of the ward", "Monitor patients on the ward"],
        [("Patient care", 5), ("Leadership", 4), ("Communication", 4)],
        [("Wound dressing", 3)],
    ),
}


def _role(session: Session, title: str, skills: dict[str, Skill], spec: tuple[Any, ...]) -> Role:
    description, tasks, essential, optional = spec
    role = make_role(session, title, description=description)
    for i, statement in enumerate(tasks):
        session.add(Task(uri=f"urn:test:task:{role.id}:{i}", role_id=role.id, statement=statement))
    for relation, needs in (("essential", essential), ("optional", optional)):
        for label, level in needs:
            session.add(
                RoleSkill(
                    role_id=role.id, skill_id=skills[label].id, relation=relation, level=level
                )
            )
    session.flush()
    return role


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """Seven roles in data, finance and nursing; an analyst, a nurse; a few openings."""
    skills = {label: make_skill(session, label) for label in SKILLS}
    roles = {title: _role(session, title, skills, spec) for title, spec in ROLES.items()}
    s = skills
    analyst = make_employee(
        session,
        "Ana Analyst",
        current_role_id=roles["Data analyst"].id,
        skills=[
            (s["SQL"], 4),
            (s["Spreadsheets"], 3),
            (s["Statistics"], 3),
            (s["Data visualisation"], 3),
            (s["Python"], 2),
        ],
    )
    nurse = make_employee(
        session,
        "Nia Nurse",
        current_role_id=roles["Nurse"].id,
        skills=[(s["Patient care"], 4), (s["Wound dressing"], 3), (s["Communication"], 3)],
    )
    ml_gig = make_opening(
        session,
        "Churn model gig",
        role_id=roles["Data scientist"].id,
        status="open",
        requirements=[(s["Python"], 3), (s["Machine learning"], 3), (s["Statistics"], 3)],
        must_have=[s["Machine learning"]],
    )
    make_opening(
        session,
        "Forecasting project",
        kind="project",
        status="open",
        requirements=[(s["Machine learning"], 3), (s["SQL"], 3)],
    )
    make_opening(
        session,
        "Old ward job",
        kind="job",
        status="closed",
        requirements=[(s["Leadership"], 4), (s["Wound dressing"], 4)],
    )
    audit = make_opening(session, "Audit gig", status="open")
    make_requirement(session, audit, s["Bookkeeping"], 4, must_have=True, weight=1.0)
    make_requirement(session, audit, s["Software engineering"], 4, weight=3.0)
    make_requirement(session, audit, s["Spreadsheets"], 3, weight=1.0)
    session.commit()
    return {
        "skills": skills,
        "roles": roles,
        "analyst": analyst,
        "nurse": nurse,
        "ml_gig": ml_gig,
        "audit": audit,
    }


def _ids(items: list[dict[str, Any]]) -> list[int]:
    return [i["role"]["id"] for i in items]


# -- related roles ---------------------------------------------------------------------------
def test_related_roles_rank_neighbours_with_reasons(
    client: TestClient, world: dict[str, Any]
) -> None:
    roles, skills = world["roles"], world["skills"]
    resp = client.get(f"/v1/roles/{roles['Data analyst'].id}/related", params={"limit": 3})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["role"]["title"] == "Data analyst"
    assert len(body["items"]) == 3
    top = [i["role"]["title"] for i in body["items"]]
    assert {"Data scientist", "Financial analyst"} <= set(top)
    assert "Nurse" not in top
    assert "Head nurse" not in top
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)
    scientist = next(i for i in body["items"] if i["role"]["title"] == "Data scientist")
    shared = {r["skill"]["id"] for r in scientist["shared_skills"]}
    to_grow = {r["skill"]["id"] for r in scientist["skills_to_grow"]}
    missing = {r["skill"]["id"] for r in scientist["missing_skills"]}
    assert skills["SQL"].id in shared
    assert skills["Statistics"].id in to_grow  # analysts need level 3, scientists 4
    assert skills["Machine learning"].id in missing
    assert {r["skill"]["id"] for r in scientist["transferable_skills"]} <= {
        skills["Data visualisation"].id
    }
    assert scientist["reason"]
    assert 0.0 <= scientist["proximity"] <= 1.0
    assert body["provenance"]["method"].startswith("role relatedness")
    assert body["provenance"]["model"] == "hashing-64"
    assert body["embedding"]


def test_related_roles_problems(
    client: TestClient, session: Session, world: dict[str, Any]
) -> None:
    problem(client.get("/v1/roles/999999/related"), 404, "not-found")
    group = make_role(session, "Data jobs", kind="group")
    session.commit()
    problem(client.get(f"/v1/roles/{group.id}/related"), 404, "not-found")
    problem(
        client.get(f"/v1/roles/{world['roles']['Nurse'].id}/related", params={"limit": 0}),
        422,
        "validation-error",
    )


def test_related_skills_add_graph_similarity(client: TestClient, world: dict[str, Any]) -> None:
    skills = world["skills"]
    body = client.get(f"/v1/skills/{skills['Patient care'].id}/related").json()["items"]
    similar = [r for r in body if r["direction"] == "similar"]
    assert similar, body
    assert similar[0]["skill"]["label"] in {"Communication", "Wound dressing", "Leadership"}
    assert all(r["reason"].startswith("similar") for r in similar)
    weights = [r["weight"] for r in similar]
    assert weights == sorted(weights, reverse=True)


# -- career paths ------------------------------------------------------------------------------
def test_career_path_reaches_target_with_gaps_and_effort(
    client: TestClient, world: dict[str, Any]
) -> None:
    roles, analyst = world["roles"], world["analyst"]
    target = roles["Machine learning engineer"].id
    resp = client.get(
        f"/v1/employees/{analyst.id}/career-paths",
        params={"target_role": target, "max_steps": 3, "limit": 3},
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["start_role"]["id"] == roles["Data analyst"].id
    assert body["target_role"]["id"] == target
    assert "skill-levels" in body["effort_unit"]
    assert 1 <= len(body["paths"]) <= 3
    costs = [p["cost"] for p in body["paths"]]
    assert costs == sorted(costs)
    for path in body["paths"]:
        assert 1 <= len(path["steps"]) <= 3
        assert path["steps"][-1]["role"]["id"] == target
        assert path["levels"] == pytest.approx(sum(s["levels"] for s in path["steps"]), abs=0.2)
        assert path["months"] >= 0
    last = body["paths"][0]["steps"][-1]
    gap_ids = {g["skill"]["id"] for g in last["missing"] + last["under_level"]}
    assert world["skills"]["Software engineering"].id in gap_ids
    assert all(g["levels"] > 0 for g in last["missing"] + last["under_level"])


def test_career_path_step_one_uses_the_employees_skills(
    client: TestClient, world: dict[str, Any]
) -> None:
    roles, analyst, skills = world["roles"], world["analyst"], world["skills"]
    body = client.get(
        f"/v1/employees/{analyst.id}/career-paths",
        params={"target_role": roles["Data scientist"].id, "max_steps": 1},
    ).json()
    assert [len(p["steps"]) for p in body["paths"]] == [1]
    step = body["paths"][0]["steps"][0]
    under = {g["skill"]["id"]: g for g in step["under_level"]}
    missing = {g["skill"]["id"]: g for g in step["missing"]}
    # SQL held at 4 >= 3: no gap; Python held at 2 < 4; machine learning not held
    assert skills["SQL"].id not in under
    assert skills["SQL"].id not in missing
    assert under[skills["Python"].id]["held_proficiency"] == pytest.approx(2.0)
    assert under[skills["Python"].id]["levels"] == pytest.approx(2.0)
    assert missing[skills["Machine learning"].id]["levels"] == pytest.approx(4.0)
    assert step["open_openings"] == 1


def test_career_paths_without_target_favour_attractive_roles(
    client: TestClient, session: Session, world: dict[str, Any]
) -> None:
    analyst, roles = world["analyst"], world["roles"]
    session.add(EmployeeAspiration(employee_id=analyst.id, role_id=roles["Data scientist"].id))
    session.commit()
    body = client.get(f"/v1/employees/{analyst.id}/career-paths", params={"limit": 3}).json()
    assert body["target_role"] is None
    firsts = [p["steps"][-1]["role"]["title"] for p in body["paths"]]
    assert firsts[0] == "Data scientist"  # an open opening and the employee's target role
    assert body["paths"][0]["score"] >= body["paths"][-1]["score"]
    assert any("target role" in r for r in body["paths"][0]["reasons"])


def test_career_paths_without_target_include_the_employees_target_roles(
    client: TestClient, session: Session, world: dict[str, Any]
) -> None:
    analyst, roles = world["analyst"], world["roles"]
    wanted = roles["Machine learning engineer"].id
    session.add(EmployeeAspiration(employee_id=analyst.id, role_id=wanted))
    session.commit()
    body = client.get(f"/v1/employees/{analyst.id}/career-paths", params={"limit": 10}).json()
    ends = {p["steps"][-1]["role"]["id"]: p for p in body["paths"]}
    assert wanted in ends
    assert "one of your target roles" in ends[wanted]["reasons"]


def test_career_paths_problems(client: TestClient, world: dict[str, Any]) -> None:
    analyst, roles = world["analyst"], world["roles"]
    url = f"/v1/employees/{analyst.id}/career-paths"
    problem(client.get(url, params={"max_steps": 5}), 422, "validation-error")
    problem(client.get(url, params={"target_role": 999999}), 404, "not-found")
    problem(client.get("/v1/employees/999999/career-paths"), 404, "not-found")
    problem(
        client.get(url, params={"target_role": roles["Data analyst"].id}), 400, "invalid-request"
    )


# -- skill gap -------------------------------------------------------------------------------
def test_skill_gap_for_a_role_orders_by_importance_times_gap(
    client: TestClient, world: dict[str, Any]
) -> None:
    analyst, roles, skills = world["analyst"], world["roles"], world["skills"]
    resp = client.get(
        f"/v1/employees/{analyst.id}/skill-gap", params={"role": roles["Data scientist"].id}
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["target"] == {
        "kind": "role",
        "id": roles["Data scientist"].id,
        "title": "Data scientist",
    }
    gaps = {g["skill"]["id"]: g for g in body["gaps"]}
    assert gaps[skills["Machine learning"].id]["status"] == "missing"
    assert gaps[skills["Machine learning"].id]["held_proficiency"] is None
    assert gaps[skills["Python"].id]["status"] == "under_level"
    assert gaps[skills["Python"].id]["held_proficiency"] == 2
    priorities = [g["priority"] for g in body["gaps"]]
    assert priorities == sorted(priorities, reverse=True)
    assert body["gaps"][0]["skill"]["id"] == skills["Machine learning"].id  # 4 levels missing
    assert skills["SQL"].id in {m["skill"]["id"] for m in body["met"]}
    assert 0.0 < body["coverage"] < 1.0
    essential = [g["gap"] for g in body["gaps"] if g["requirement"] == "essential"]
    assert body["levels"] == pytest.approx(sum(essential))  # effort: what the move asks


def test_career_effort_is_the_same_in_paths_and_in_the_skill_gap(
    client: TestClient, world: dict[str, Any]
) -> None:
    roles, analyst = world["roles"], world["analyst"]
    for target in ("Data scientist", "Machine learning engineer"):
        role_id = roles[target].id
        paths = client.get(
            f"/v1/employees/{analyst.id}/career-paths",
            params={"target_role": role_id, "max_steps": 1},
        ).json()["paths"]
        gap = client.get(f"/v1/employees/{analyst.id}/skill-gap", params={"role": role_id}).json()
        if not paths:
            continue
        [path] = paths
        assert (path["levels"], path["months"]) == (gap["levels"], gap["months"]), target
        assert path["score"] is not None
        assert 0 < path["score"] <= 1
        for step in path["steps"]:
            assert step["missing_count"] == len(step["missing"])
            assert step["under_level_count"] == len(step["under_level"])
    learning = client.get(f"/v1/employees/{analyst.id}/learning").json()
    paths_body = client.get(f"/v1/employees/{analyst.id}/career-paths").json()
    for body in (learning, paths_body):
        assert set(body["provenance"]) >= {"model", "taxonomy_release", "method"}


def test_skill_gap_for_an_opening_puts_must_haves_first(
    client: TestClient, world: dict[str, Any]
) -> None:
    analyst, skills = world["analyst"], world["skills"]
    body = client.get(
        f"/v1/employees/{analyst.id}/skill-gap", params={"opening": world["audit"].id}
    ).json()
    assert body["target"]["kind"] == "opening"
    order = [(g["skill"]["id"], g["requirement"]) for g in body["gaps"]]
    # the must-have (weight 1 x gap 4 = 4) comes before the heavier nice-to-have (3 x 4 = 12)
    assert order == [
        (skills["Bookkeeping"].id, "must_have"),
        (skills["Software engineering"].id, "nice_to_have"),
    ]
    assert body["gaps"][1]["priority"] > body["gaps"][0]["priority"]
    assert [m["skill"]["id"] for m in body["met"]] == [skills["Spreadsheets"].id]


def test_skill_gap_shows_the_closest_held_skill(client: TestClient, world: dict[str, Any]) -> None:
    nurse, roles, skills = world["nurse"], world["roles"], world["skills"]
    body = client.get(
        f"/v1/employees/{nurse.id}/skill-gap", params={"role": roles["Head nurse"].id}
    ).json()
    leadership = next(g for g in body["gaps"] if g["skill"]["id"] == skills["Leadership"].id)
    assert leadership["closest_held"] is not None
    assert leadership["closest_held"]["skill"]["id"] in {
        skills["Patient care"].id,
        skills["Communication"].id,
        skills["Wound dressing"].id,
    }
    assert 0 < leadership["closest_held"]["similarity"] <= 1


def test_skill_gap_needs_exactly_one_target(client: TestClient, world: dict[str, Any]) -> None:
    url = f"/v1/employees/{world['analyst'].id}/skill-gap"
    problem(client.get(url), 422, "validation-error")
    both = {"role": world["roles"]["Nurse"].id, "opening": world["audit"].id}
    problem(client.get(url, params=both), 422, "validation-error")
    problem(client.get(url, params={"opening": 999999}), 404, "not-found")


# -- learning ----------------------------------------------------------------------------------
def test_learning_favours_skills_that_unlock_open_openings(
    client: TestClient, world: dict[str, Any]
) -> None:
    analyst, skills = world["analyst"], world["skills"]
    resp = client.get(f"/v1/employees/{analyst.id}/learning", params={"limit": 5})
    assert resp.status_code == 200, resp.text
    items = resp.json()["items"]
    assert items[0]["skill"]["id"] == skills["Machine learning"].id
    top = items[0]
    assert top["openings_count"] == 2
    gig = next(o for o in top["openings"] if o["id"] == world["ml_gig"].id)
    assert gig["completes_must_haves"] is True
    assert gig["coverage_after"] > gig["coverage_now"]
    assert top["reasons"]
    ids = [i["skill"]["id"] for i in items]
    # asked only by a closed opening: never recommended
    assert skills["Leadership"].id not in ids
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True)


def test_learning_weighs_a_general_skill_by_how_specific_it_is(
    client: TestClient, session: Session, world: dict[str, Any]
) -> None:
    analyst, roles, skills = world["analyst"], world["roles"], world["skills"]
    communication = skills["Communication"]
    listed = {r.role_id for r in session.query(RoleSkill).filter_by(skill_id=communication.id)}
    for role in roles.values():  # every role lists it: a general skill
        if role.id not in listed:
            session.add(RoleSkill(role_id=role.id, skill_id=communication.id, level=3))
    for i in range(3):  # and more openings ask for it than for machine learning
        make_opening(
            session, f"Stakeholder gig {i}", status="open", requirements=[(communication, 3)]
        )
    session.commit()
    items = client.get(f"/v1/employees/{analyst.id}/learning").json()["items"]
    by_id = {i["skill"]["id"]: i for i in items}
    general, specific = by_id[communication.id], by_id[skills["Machine learning"].id]
    assert general["openings_count"] == 3
    assert general["demand"] > specific["demand"]  # asked more ...
    assert general["specificity"] < 0.05 < 0.3 < specific["specificity"]  # ... but by everyone
    assert items[0]["skill"]["id"] == skills["Machine learning"].id
    assert f"listed by {len(roles)} of {len(roles)} roles" in " ".join(general["reasons"])
    assert f"listed by 2 of {len(roles)} roles" in " ".join(specific["reasons"])


def test_learning_counts_target_roles_and_grow_wishes(
    client: TestClient, session: Session, world: dict[str, Any]
) -> None:
    nurse, roles, skills = world["nurse"], world["roles"], world["skills"]
    session.add(EmployeeAspiration(employee_id=nurse.id, role_id=roles["Head nurse"].id))
    session.add(EmployeeAspiration(employee_id=nurse.id, skill_id=skills["Leadership"].id))
    session.commit()
    items = client.get(f"/v1/employees/{nurse.id}/learning").json()["items"]
    leadership = next(i for i in items if i["skill"]["id"] == skills["Leadership"].id)
    assert leadership["grow_aspiration"] is True
    assert [r["id"] for r in leadership["roles"]] == [roles["Head nurse"].id]
    assert items[0]["skill"]["id"] == skills["Leadership"].id


# -- access ------------------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["career-paths", "learning", "skill-gap?opening={audit}"])
def test_career_views_are_the_employees_own(
    client: TestClient, tokens: TokenMaker, world: dict[str, Any], view: str
) -> None:
    analyst, nurse = world["analyst"], world["nurse"]
    path = view.format(audit=world["audit"].id)
    url = f"/v1/employees/{analyst.id}/{path}"
    own = tokens.headers("employee", analyst.id)
    # the nurse's token, claiming to be the analyst by header: identity comes from the token
    other = tokens.headers("employee", nurse.id) | {"X-Talentmarket-Employee": str(analyst.id)}
    assert client.get(url, headers=own).status_code == 200
    assert client.get(url, headers=tokens.headers("admin")).status_code == 200
    problem(client.get(url, headers=other), 403, "forbidden")
    problem(client.get(url, headers=tokens.headers("recruiter")), 403, "forbidden")
    problem(client.get(url), 401, "unauthorized")


def test_career_views_take_a_role_by_id_uri_or_code(
    client: TestClient, session: Session, world: dict[str, Any]
) -> None:
    analyst, role = world["analyst"], world["roles"]["Data scientist"]
    role.code = "DS-1"
    session.commit()
    url = f"/v1/employees/{analyst.id}"
    answers = [
        client.get(f"{url}/skill-gap", params={"role": ref}).json()
        for ref in (str(role.id), role.uri, "DS-1")
    ]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["target"]["id"] == role.id
    paths = client.get(f"{url}/career-paths", params={"target_role": "DS-1"}).json()
    assert paths["target_role"]["id"] == role.id
    problem(client.get(f"{url}/skill-gap", params={"role": "no-such-code"}), 404, "not-found")


def test_learning_names_the_courses_that_close_most_of_the_gap_per_hour(
    client: TestClient, session: Session, world: dict[str, Any]
) -> None:
    s = world["skills"]
    ml = s["Machine learning"].id

    def course(
        title: str, hours: float, *skills: tuple[int, int, str], status: str = "active"
    ) -> int:
        row = Course(title=title, duration_hours=hours, status=status, url=f"https://x/{title}")
        session.add(row)
        session.flush()
        for skill_id, level, decided in skills:
            session.add(
                CourseSkill(course_id=row.id, skill_id=skill_id, proficiency=level, status=decided)
            )
        return row.id

    short = course("ML in ten hours", 10, (ml, 3, "accepted"))
    intro = course("ML taster", 5, (ml, 1, "accepted"))  # level 1 of the 3 asked: a third
    bootcamp = course("ML and statistics bootcamp", 40, (ml, 3, "accepted"))
    course("Unconfirmed ML course", 1, (ml, 3, "suggested"))
    course("Retired ML course", 1, (ml, 3, "accepted"), status="retired")
    session.commit()
    plan = client.get(f"/v1/employees/{world['analyst'].id}/learning", params={"limit": 5}).json()
    top = plan["items"][0]
    assert top["skill"]["id"] == ml
    assert [c["id"] for c in top["courses"]] == [short, intro, bootcamp]
    rates = [c["gap_per_hour"] for c in top["courses"]]
    assert rates[0] == pytest.approx(rates[2] * 4, rel=1e-3)  # same cover, a quarter of the time
    assert rates[1] == pytest.approx(rates[0] * 2 / 3, rel=1e-2)  # a third of it in half the time
    assert top["courses"][0]["covers"] == [
        {"id": ml, "uri": s["Machine learning"].uri, "label": "Machine learning"}
    ]
    assert [c["id"] for c in plan["courses"]][:3] == [short, intro, bootcamp]
    # beside the courses: the gig and the project that ask for it, to learn by doing
    assert {o["kind"] for o in top["practice"]} == {"gig", "project"}
