"""Plain rows the taxonomy graph is built from, and the node id scheme.

Node ids are strings: "skill:<id>", "group:<id>" (a skill group), "role:<id>" (a role or
a role group; node type tells them apart) and "task:<id>", where <id> is the database id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

NODE_TYPES = ("skill", "group", "role", "role_group", "task")
PREFIXES = {
    "skill": "skill",
    "group": "group",
    "role": "role",
    "role_group": "role",
    "task": "task",
}


class SkillNode(NamedTuple):
    """A skill or skill group (kind 'skill' | 'group')."""

    id: int
    uri: str
    label: str
    kind: str
    skill_type: str
    status: str
    replaced_by_id: int | None
    source: str


class RoleNode(NamedTuple):
    """A role or role group (kind 'role' | 'group') with its parent in the role hierarchy."""

    id: int
    uri: str
    title: str
    kind: str
    parent_id: int | None
    code: str
    status: str
    source: str


class TaskNode(NamedTuple):
    """A task statement of a role."""

    id: int
    uri: str
    role_id: int
    statement: str


class Edge(NamedTuple):
    """A typed edge between two rows of the same table (skills, or roles)."""

    source_id: int
    target_id: int
    relation: str
    weight: float


class RoleSkillEdge(NamedTuple):
    """A role needs a skill: 'essential' | 'optional', importance 1-5 when known."""

    role_id: int
    skill_id: int
    relation: str
    importance: float | None


class TaskSkillEdge(NamedTuple):
    """A task uses a skill."""

    task_id: int
    skill_id: int
    weight: float


@dataclass(frozen=True)
class GraphData:
    """Everything the graph is built from; vectors (ids (n,), matrix (n, dim)) optional."""

    skills: Sequence[SkillNode] = ()
    skill_edges: Sequence[Edge] = ()
    roles: Sequence[RoleNode] = ()
    role_edges: Sequence[Edge] = ()
    role_skills: Sequence[RoleSkillEdge] = ()
    tasks: Sequence[TaskNode] = ()
    task_skills: Sequence[TaskSkillEdge] = ()
    skill_vectors: tuple[NDArray[np.int64], NDArray[np.float32]] | None = None
    version: str = ""
    notes: list[str] = field(default_factory=list)


def node_id(node_type: str, entity_id: int) -> str:
    """The graph id of a node: node_id('role_group', 7) == 'role:7'."""
    return f"{PREFIXES[node_type]}:{entity_id}"


def parse_node_id(node: str) -> tuple[str, int]:
    """(prefix, database id) of a node id; ValueError when it is not one."""
    prefix, _, raw = node.partition(":")
    if prefix not in ("skill", "group", "role", "task") or not raw.isdigit():
        msg = f"{node!r} is not a node id (skill:<id>, group:<id>, role:<id>, task:<id>)"
        raise ValueError(msg)
    return prefix, int(raw)
