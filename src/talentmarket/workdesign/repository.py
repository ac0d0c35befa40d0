"""SQL of task exposure: labels, the labelled tasks to learn from, a role's tasks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
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
    stmt = (
        select(Task.id, Task.statement, Task.task_type, TaskExposure)
        .outerjoin(TaskExposure, TaskExposure.task_id == Task.id)
        .where(Task.role_id == role_id)
        .order_by(Task.id)
    )
    rows = session.execute(stmt).all()
    codes = _codes(session, [int(r[0]) for r in rows])
    return [
        TaskRow(
            int(i),
            s,
            t,
            codes.get(int(i), []),
            e.human if e else None,
            e.gpt4 if e else None,
            e.automation if e else None,
        )
        for i, s, t, e in rows
    ]


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
