"""Task exposure and work redesign through HTTP: labels imported whole or not at all, a
free-text task predicted with its reason, a role's tasks by exposure with its score and
the skill shift of a what-if; and the classifier's quality with occupation groups held
out on the real labelled tasks."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
from talentmarket.errors import ImportFormatError
from talentmarket.taxonomy.models import Role, Task, TaskSkill
from talentmarket.workdesign.models import TaskExposure
from talentmarket.workdesign.repository import VERSION_AREA
from talentmarket.workdesign.service import import_labels
from tests.api.helpers import problem
from tests.conftest import shared_path
from tests.factories import make_employee, make_role, make_skill
from tests.tokens import TokenMaker
from tests.web.test_pages import _csrf, _sign_in_as

WORDS = {
    "E0": ["repair engines on trucks", "lift heavy boxes in the warehouse", "drive forklifts"],
    "E1": ["write summary reports", "translate written documents", "draft letters to clients"],
    "E2": ["analyze sales data in spreadsheets", "schedule meetings with software", "compile data"],
}


def _labelled(session: Session) -> None:
    """A labelled corpus: 3 levels x 3 phrasings x 6 roles."""
    for r in range(6):
        role = make_role(session, f"Labelled role {r}")
        for level, phrases in WORDS.items():
            for k, phrase in enumerate(phrases):
                task = Task(
                    uri=f"urn:onet:task:{r}{level}{k}",
                    role_id=role.id,
                    statement=f"{phrase.capitalize()} for team {r}.",
                    task_type="core",
                    source="onet",
                )
                session.add(task)
                session.flush()
                session.add(TaskExposure(task_id=task.id, human=level, gpt4=level, automation="T1"))
    bump_version(session, VERSION_AREA)  # as an import of labels does
    session.commit()


def test_a_free_text_task_gets_a_level_with_its_reason(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    body = {"text": "Write short reports about the week"}
    before = client.post("/v1/tasks/exposure", json=body, headers=tokens.headers("integration"))
    problem(before, 409, "conflict")
    _labelled(session)
    answer = client.post("/v1/tasks/exposure", json=body, headers=tokens.headers("recruiter"))
    assert answer.status_code == 200, answer.text
    out = answer.json()
    assert out["exposure"] == "E1"
    assert 0 < out["confidence"] <= 1
    assert sum(out["probabilities"].values()) == pytest.approx(1, abs=1e-3)
    assert out["neighbours"]
    assert out["neighbours"][0]["exposure"] == "E1"
    assert "report" in out["neighbours"][0]["statement"].lower()
    assert out["trained_on"] == 54
    bad = client.post("/v1/tasks/exposure", json={"text": ""}, headers=tokens.headers("admin"))
    problem(bad, 422, "validation-error")


def _office_role(session: Session) -> tuple[Role, dict[str, Task]]:
    """A role of four tasks (one without a label) linked to two skills."""
    role = make_role(session, "Office coordinator")
    writing, lifting = make_skill(session, "writing"), make_skill(session, "lifting")
    tasks = {}
    for key, statement, task_type in (
        ("write", "Write summary reports for team 9.", "core"),
        ("lift", "Lift heavy boxes in the warehouse for team 9.", "core"),
        ("drive", "Drive forklifts in the yard.", "supplemental"),
        ("own", "Draft letters to clients about their orders.", "core"),  # no label
    ):
        task = Task(
            uri=f"urn:local:task:{key}", role_id=role.id, statement=statement, task_type=task_type
        )
        session.add(task)
        session.flush()
        tasks[key] = task
    for key, level in (("write", "E1"), ("lift", "E0"), ("drive", "E0")):
        session.add(TaskExposure(task_id=tasks[key].id, human=level, gpt4="E2", automation="T2"))
    session.add_all(
        [
            TaskSkill(task_id=tasks["write"].id, skill_id=writing.id, weight=1.0),
            TaskSkill(task_id=tasks["own"].id, skill_id=writing.id, weight=1.0),
            TaskSkill(task_id=tasks["lift"].id, skill_id=lifting.id, weight=1.0),
        ]
    )
    session.commit()
    return role, tasks


def test_a_role_shows_its_tasks_by_exposure_and_the_skill_shift(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    _labelled(session)
    role, tasks = _office_role(session)
    answer = client.get(f"/v1/roles/{role.id}/work-redesign", headers=tokens.headers("admin"))
    assert answer.status_code == 200, answer.text
    out = answer.json()
    by_id = {t["id"]: t for t in out["tasks"]}
    assert by_id[tasks["write"].id]["source"] == "labelled"
    assert by_id[tasks["write"].id]["gpt4"] == "E2"  # the model's label beside people's
    own = by_id[tasks["own"].id]
    assert own["source"] == "predicted"
    assert own["exposure"] == "E1"
    assert own["confidence"] > 0
    assert out["by_exposure"] == {"E0": 2, "E1": 2, "E2": 0}
    # weights: write 1 (E1), lift 1 (E0), drive 0.5 (E0), own 1 (E1) -> E1 share 2 / 3.5
    assert out["exposure"]["alpha"] == pytest.approx(2 / 3.5, abs=1e-4)
    assert out["exposure"]["gamma"] == pytest.approx(2 / 3.5, abs=1e-4)
    assert "core tasks 1" in out["exposure"]["method"]
    grows = [s["skill"]["label"] for s in out["growing_skills"]]
    shrinks = [s["skill"]["label"] for s in out["shrinking_skills"]]
    assert grows == ["lifting"]
    assert shrinks == ["writing"]
    # what-if: remove the lifting task; then writing is all that is left
    whatif = client.get(
        f"/v1/roles/{role.id}/work-redesign",
        params={"shrink": 0.0, "remove": [tasks["lift"].id]},
        headers=tokens.headers("integration"),
    ).json()
    assert [s["skill"]["label"] for s in whatif["growing_skills"]] == ["writing"]
    assert whatif["exposure"]["alpha"] == pytest.approx(2 / 2.5, abs=1e-4)
    missing = client.get("/v1/roles/999999/work-redesign", headers=tokens.headers("admin"))
    problem(missing, 404, "not-found")


def test_the_admin_role_page_shows_tasks_by_exposure_and_the_reskilling_view(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    _labelled(session)
    role, _tasks = _office_role(session)
    _sign_in_as(client, "admin")
    page = client.get(f"/app/admin/roles/{role.id}")
    assert page.status_code == 200, page.text
    assert "Exposure to language models" in page.text
    assert "predicted," in page.text
    assert "GPT-4: E2" in page.text
    assert "Skills that grow in importance" in page.text
    assert (
        "lifting"
        in page.text.split("Skills that grow in importance")[1].split("Skills that shrink")[0]
    )


def test_an_import_with_a_bad_row_changes_nothing(session: Session, tmp_path: Path) -> None:
    _labelled(session)
    before = session.scalar(select(func.count()).select_from(TaskExposure))
    (tmp_path / "task_exposure.tsv").write_text(
        "\tO*NET-SOC Code\tTask ID\tTask\thuman_exposure_agg\tgpt4_exposure\n"
        "0\t11-1011.00\t8823.0\tDirect things.\tE0\tE1\n"
        "1\t11-1011.00\t8824.0\tConfer.\tE7\tE1\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError) as raised:
        import_labels(session, tmp_path)
    assert "task_exposure.tsv, line 3" in str(raised.value)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(TaskExposure)) == before


@pytest.mark.shared
def test_the_classifier_beats_gpt4_with_occupation_groups_held_out() -> None:
    from talentmarket.evaluation.task_exposure import eval_task_exposure

    result = eval_task_exposure(shared_path("data", "ai-exposure"), shared_path("data", "onet"))
    assert result["n"] == 19265
    assert result["accuracy"] >= 0.70
    assert result["macro_f1"] >= 0.62
    assert result["accuracy"] > result["baseline"]["gpt4"]["accuracy"]
    assert result["baseline"]["majority_class"]["accuracy"] == pytest.approx(0.532, abs=0.001)


def test_people_in_exposed_roles_by_department_and_their_reskilling(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    _labelled(session)
    office, _tasks = _office_role(session)  # beta 2 / 3.5
    loader = make_role(session, "Loader")
    for k, statement in enumerate(("Lift heavy boxes onto trucks.", "Drive forklifts at night.")):
        task = Task(uri=f"urn:local:task:loader{k}", role_id=loader.id, statement=statement)
        session.add(task)
        session.flush()
        session.add(TaskExposure(task_id=task.id, human="E0"))
    people = [
        make_employee(session, f"Ops {i}", department="Ops", current_role_id=office.id)
        for i in range(6)
    ]
    for i in range(6):
        make_employee(session, f"Yard {i}", department="Yard", current_role_id=loader.id)
    for i in range(2):
        make_employee(session, f"Tiny {i}", department="Tiny", current_role_id=office.id)
    session.commit()
    admin = tokens.headers("admin")
    out = client.get("/v1/analytics/exposure", headers=admin).json()
    rows = {d["department"]: d for d in out["departments"]}
    assert rows["Ops"]["highly_exposed"] == 6
    assert rows["Ops"]["share"] == 1.0
    assert rows["Yard"]["highly_exposed"] == 0
    assert rows["Tiny"]["suppressed"]
    assert rows["Tiny"]["people"] is None
    assert out["most_exposed_roles"][0]["title"] == "Office coordinator"
    assert out["most_exposed_roles"][0]["people"] == 8
    assert (
        client.get("/v1/analytics/exposure", headers=tokens.headers("recruiter")).status_code == 403
    )

    me = people[0].id
    mine = client.get(f"/v1/employees/{me}/reskilling", headers=tokens.headers("employee", me))
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert body["role_title"] == "Office coordinator"
    assert body["exposure"]["beta"] == pytest.approx(2 / 3.5, abs=1e-4)
    assert [s["skill"]["label"] for s in body["growing_skills"]] == ["lifting"]
    other = client.get(
        f"/v1/employees/{people[1].id}/reskilling", headers=tokens.headers("employee", me)
    )
    assert other.status_code == 403
    token = tokens.headers("employee", me)["Authorization"].removeprefix("Bearer ")
    sign_in = client.get("/app/sign-in")
    client.post("/app/sign-in", data={"csrf": _csrf(sign_in.text), "token": token})
    page = client.get("/app/me/career")
    assert page.status_code == 200, page.text
    section = page.text.split("Language models and my work")[1].split("What to learn next")[0]
    assert "57%</strong> of the work of Office coordinator" in section
    assert "lifting" in section.split("Nearby roles")[0]
