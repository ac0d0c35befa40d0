"""The rows of the starter taxonomy's seven CSV files, frozen and validated by
`starter_format`; each keeps the physical line it came from for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar


@dataclass(frozen=True)
class StarterSkillGroup:
    """A node of the skill group hierarchy (skill_groups.csv)."""

    id: str
    label: str
    parent: str | None
    description: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class StarterSkill:
    """A skill with its labels, type, groups and ESCO link (skills.csv)."""

    id: str
    label: str
    alt_labels: tuple[str, ...]
    type: str
    groups: tuple[str, ...]
    description: str
    esco_uri: str | None
    reuse_level: str | None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class StarterSkillRelation:
    """A typed, weighted edge between two skills (skill_relations.csv)."""

    source: str
    relation: str
    target: str
    weight: float
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class StarterRoleGroup:
    """A job family or sub-family (role_groups.csv)."""

    id: str
    label: str
    parent: str | None
    description: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class StarterRole:
    """A role with its titles, family and external codes (roles.csv)."""

    id: str
    title: str
    alt_titles: tuple[str, ...]
    group: str
    description: str
    esco_uri: str | None
    isco_code: str | None
    onet_code: str | None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class StarterRoleSkill:
    """A skill a role needs, with the required proficiency level 1-5 (role_skills.csv)."""

    role: str
    skill: str
    relation: str
    level: int
    importance: int
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class StarterTask:
    """A task statement of a role and the role's skills it uses (tasks.csv)."""

    id: str
    role: str
    statement: str
    skills: tuple[str, ...]
    line: int = field(default=0, compare=False)


G = TypeVar("G", StarterSkillGroup, StarterRoleGroup)


@dataclass(frozen=True)
class StarterTaxonomy:
    """Everything in one starter folder, validated, in file order."""

    skill_groups: tuple[StarterSkillGroup, ...]
    skills: tuple[StarterSkill, ...]
    skill_relations: tuple[StarterSkillRelation, ...]
    role_groups: tuple[StarterRoleGroup, ...]
    roles: tuple[StarterRole, ...]
    role_skills: tuple[StarterRoleSkill, ...]
    tasks: tuple[StarterTask, ...]
    checksum: str = ""
