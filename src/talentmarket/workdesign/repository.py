"""SQL of task exposure: labels, the labelled tasks to learn from, a role's tasks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
from talentmarket.errors import NotFound
from talentmarket.people.models import Employee
from talentmarket.taxonomy.models import Role, Skill, Task, TaskActivity, TaskSkill, WorkActivity
from talentmarket.workdesign.models import TaskExposure

VERSION_AREA = "exposure"


@dataclass(frozen=True)
class TaskRow:
    """A task with its activity codes and labels (None where unlabelled)."""

    id: int
    statement: str
    task_type: str
    codes: list[str]
    human: str | None
    gpt4: str | None
    automation: str | None


def task_ids_by_uri(session: Session, uris: Sequence[str]) -> dict[str, int]:
    """Task id of each URI that exists."""
    out: dict[str, int] = {}
    for start in range(0, len(uris), 900):
        chunk = list(uris[start : start + 900])
        stmt = select(Task.uri, Task.id).where(Task.uri.in_(chunk))
        out.update({str(u): int(i) for u, i in session.execute(stmt)})
    return out


def replace_labels(session: Session, rows: Sequence[dict[str, object]]) -> None:
    """Replace every stored label with these rows."""
    session.execute(delete(TaskExposure))
    if rows:
        session.execute(insert(TaskExposure), list(rows))
    bump_version(session, VERSION_AREA)


def _codes(session: Session, task_ids: Sequence[int] | None) -> dict[int, list[str]]:
    stmt = select(TaskActivity.task_id, WorkActivity.code).join(
        WorkActivity, WorkActivity.id == TaskActivity.activity_id
    )
    if task_ids is not None:
        stmt = stmt.where(TaskActivity.task_id.in_(list(task_ids)))
    out: dict[int, list[str]] = defaultdict(list)
    for task_id, code in session.execute(stmt):
        out[int(task_id)].append(str(code))
    return out


def labelled_tasks(session: Session) -> list[TaskRow]:
    """Every labelled task, with its activity codes, in id order."""
    stmt = (
        select(Task.id, Task.statement, Task.task_type, TaskExposure)
        .join(TaskExposure, TaskExposure.task_id == Task.id)
        .order_by(Task.id)
    )
    rows = session.execute(stmt).all()
    codes = _codes(session, None)
    return [
        TaskRow(int(i), s, t, codes.get(int(i), []), e.human, e.gpt4, e.automation)
        for i, s, t, e in rows
    ]


def role_tasks(session: Session, role_id: int) -> list[TaskRow]:
    """A role's tasks with their activity codes and labels."""
    return tasks_of_roles(session, [role_id]).get(role_id, [])


def tasks_of_roles(session: Session, role_ids: Sequence[int]) -> dict[int, list[TaskRow]]:
    """Each role's tasks with their activity codes and labels, in id order."""
    out: dict[int, list[TaskRow]] = defaultdict(list)
    for start in range(0, len(role_ids), 500):
        chunk = list(role_ids[start : start + 500])
        stmt = (
            select(Task.role_id, Task.id, Task.statement, Task.task_type, TaskExposure)
            .outerjoin(TaskExposure, TaskExposure.task_id == Task.id)
            .where(Task.role_id.in_(chunk))
            .order_by(Task.id)
        )
        rows = session.execute(stmt).all()
        codes = _codes(session, [int(r[1]) for r in rows])
        for role_id, i, statement, task_type, e in rows:
            out[int(role_id)].append(
                TaskRow(
                    int(i),
                    statement,
                    task_type,
                    codes.get(int(i), []),
                    e.human if e else None,
                    e.gpt4 if e else None,
                    e.automation if e else None,
                )
            )
    return out


def people_by_department_and_role(session: Session) -> list[tuple[str, int | None, int]]:
    """(department, current role, people) over every employee."""
    stmt = select(Employee.department, Employee.current_role_id, func.count()).group_by(
        Employee.department, Employee.current_role_id
    )
    return [
        (str(d or ""), None if r is None else int(r), int(n)) for d, r, n in session.execute(stmt)
    ]


def role_titles(session: Session, role_ids: Sequence[int]) -> dict[int, str]:
    """Title of each role."""
    out: dict[int, str] = {}
    for start in range(0, len(role_ids), 900):
        chunk = list(role_ids[start : start + 900])
        out.update(
            {
                int(i): str(t)
                for i, t in session.execute(select(Role.id, Role.title).where(Role.id.in_(chunk)))
            }
        )
    return out


def task_skills(session: Session, task_ids: Sequence[int]) -> list[tuple[int, Skill, float]]:
    """(task id, skill, weight) of the tasks' skill links."""
    stmt = (
        select(TaskSkill.task_id, Skill, TaskSkill.weight)
        .join(Skill, Skill.id == TaskSkill.skill_id)
        .where(TaskSkill.task_id.in_(list(task_ids)))
    )
    return [(int(t), s, float(w or 1.0)) for t, s, w in session.execute(stmt)]


def get_role(session: Session, role_id: int) -> Role | None:
    """One role."""
    return session.get(Role, role_id)


def current_role(session: Session, employee_id: int) -> int | None:
    """An employee's current role id (NotFound when there is no such employee)."""
    employee = session.get(Employee, employee_id)
    if employee is None:
        raise NotFound(f"employee {employee_id} does not exist")
    return employee.current_role_id
