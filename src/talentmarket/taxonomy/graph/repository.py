"""The taxonomy graph's read: every skill, role, task and edge as plain rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.db.fetch import fetch_rows
from talentmarket.taxonomy.graph.rows import (
    Edge,
    GraphData,
    RoleNode,
    RoleSkillEdge,
    SkillNode,
    TaskNode,
    TaskSkillEdge,
)
from talentmarket.taxonomy.models import (
    Role,
    RoleRelation,
    RoleSkill,
    Skill,
    SkillRelation,
    Task,
    TaskSkill,
)


def load_graph_data(session: Session, version: str = "") -> GraphData:
    """Every row the graph needs, as plain tuples (no vectors)."""

    def rows(stmt: Any) -> list[tuple[Any, ...]]:
        return fetch_rows(session, stmt)

    skill_cols = (Skill.id, Skill.uri, Skill.label, Skill.kind, Skill.skill_type, Skill.status)
    role_cols = (Role.id, Role.uri, Role.title, Role.kind, Role.parent_id, Role.code)
    skill_rel = (SkillRelation.source_id, SkillRelation.target_id, SkillRelation.relation)
    role_rel = (RoleRelation.source_id, RoleRelation.target_id, RoleRelation.relation)
    role_skill = (RoleSkill.role_id, RoleSkill.skill_id, RoleSkill.relation, RoleSkill.importance)
    task_skill = (TaskSkill.task_id, TaskSkill.skill_id, TaskSkill.weight)
    q = select
    return GraphData(
        skills=[
            SkillNode._make(r) for r in rows(q(*skill_cols, Skill.replaced_by_id, Skill.source))
        ],
        skill_edges=list(map(Edge._make, rows(q(*skill_rel, SkillRelation.weight)))),
        roles=[RoleNode._make(r) for r in rows(q(*role_cols, Role.status, Role.source))],
        role_edges=list(map(Edge._make, rows(q(*role_rel, RoleRelation.weight)))),
        role_skills=list(map(RoleSkillEdge._make, rows(q(*role_skill)))),
        tasks=list(
            map(
                TaskNode._make,
                rows(q(Task.id, Task.uri, Task.role_id, Task.statement)),
            )
        ),
        task_skills=list(map(TaskSkillEdge._make, rows(q(*task_skill)))),
        version=version,
    )
