"""Role profiles for the relatedness core, read from the taxonomy tables in a few queries.

One `RoleProfile` per active occupation (kind 'role', status 'active'): title,
description, task statements, alternative titles, skills with importance and level on
[0, 1] (`talentmarket.mobility.levels`) and the essential flag, detailed work activities
reached through the role's tasks, and a group code (the O*NET-SOC code of O*NET roles,
the ISCO code otherwise). Skills that are deprecated or are groups are left out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.mobility.levels import unit_importance, unit_level
from talentmarket.mobility.relatedness import RoleProfile, RoleSkill
from talentmarket.relatedness import repository


@dataclass(frozen=True)
class RoleInfo:
    """What answers show about a role besides its profile."""

    role_id: int
    title: str
    code: str
    source: str
    uri: str


@dataclass(frozen=True)
class ProfileData:
    """Profiles in ascending role id order, the matching role facts and skill labels."""

    profiles: list[RoleProfile]
    roles: list[RoleInfo]
    skill_labels: dict[str, str]
    skill_uris: dict[str, str] = field(default_factory=dict)


def _json_list(value: Any) -> list[str]:
    """A JSON list column as the driver returns it (text on SQLite, a list on PostgreSQL)."""
    if isinstance(value, str):
        parsed = json.loads(value) if value else []
        return [str(v) for v in parsed] if isinstance(parsed, list) else []
    return [str(v) for v in value or ()]


def load_profiles(session: Session) -> ProfileData:
    """Every active occupation as a `RoleProfile`, ordered by role id."""
    tasks: dict[int, list[str]] = defaultdict(list)
    for role_id, statement in repository.task_statements(session):
        tasks[int(role_id)].append(statement)
    activities: dict[int, list[str]] = defaultdict(list)
    for role_id, activity_id in repository.task_activities(session):
        activities[int(role_id)].append(str(activity_id))
    skills, labels, uris = _role_skills(session)
    profiles: list[RoleProfile] = []
    roles: list[RoleInfo] = []
    for rid, title, description, alt_titles, code, isco, source, uri in repository.active_roles(
        session
    ):
        role_id = int(rid)
        profiles.append(
            RoleProfile(
                role_id=str(role_id),
                title=title,
                description=description or "",
                tasks=tuple(tasks.get(role_id, ())),
                alt_titles=tuple(_json_list(alt_titles)),
                skills=tuple(skills.get(role_id, ())),
                activities=tuple(activities.get(role_id, ())),
                group=(code if source == "onet" else isco) or "",
            )
        )
        roles.append(RoleInfo(role_id, title, code or "", source, uri))
    return ProfileData(profiles=profiles, roles=roles, skill_labels=labels, skill_uris=uris)


def _role_skills(
    session: Session,
) -> tuple[dict[int, list[RoleSkill]], dict[str, str], dict[str, str]]:
    """Role id -> its skills on [0, 1] scales, skill id -> label, skill id -> URI."""
    skills: dict[int, list[RoleSkill]] = defaultdict(list)
    labels: dict[str, str] = {}
    uris: dict[str, str] = {}
    scaled: dict[tuple[float | None, float | None, bool], tuple[float, float]] = {}
    for role_id, skill_id, relation, importance, level, label, uri in repository.role_skills(
        session
    ):
        essential = relation == "essential"
        sid = str(skill_id)
        labels[sid] = label
        uris[sid] = uri
        key = (importance, level, essential)
        need = scaled.get(key)
        if need is None:  # few distinct ratings: convert each once
            need = scaled[key] = (unit_importance(importance, essential), unit_level(level))
        skills[int(role_id)].append(RoleSkill(sid, need[0], need[1], essential))
    return skills, labels, uris
