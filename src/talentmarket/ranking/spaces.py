"""The skill and role spaces of one taxonomy version: ids by position, labels, adjacency;
and the codes pools store for locations and time needs."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.matching.adjacency import SkillEdge, SkillNeighbours, build_neighbours
from talentmarket.ranking import repository


def location_code(location: str | None) -> int:
    """Stable code of a location name (case- and space-insensitive); -1 when empty."""
    text = (location or "").strip().lower()
    return -1 if not text else zlib.crc32(text.encode()) & 0x7FFFFFFF


def need_share(hours_per_week: float | None, time_pct: int | None) -> float:
    """Share of a working week an opening asks for; 0 when unknown."""
    if time_pct:
        return min(time_pct / 100.0, 1.0)
    if hours_per_week:
        return min(hours_per_week / 40.0, 1.0)
    return 0.0


@dataclass(frozen=True)
class SkillSpace:
    """Skill positions and adjacency for one taxonomy version."""

    ids: NDArray[np.int64]
    position: dict[int, int]
    labels: list[str]
    uris: list[str]
    neighbours: SkillNeighbours


@dataclass(frozen=True)
class RoleSpace:
    """Role positions for one taxonomy version (proximity comes from `relatedness`)."""

    ids: NDArray[np.int64]
    position: dict[int, int]
    titles: list[str]


def build_skill_space(session: Session) -> SkillSpace:
    """All skills (not groups) with their strongest neighbours."""
    rows = repository.skill_rows(session)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    edges = [
        SkillEdge(int(s), int(t), rel, float(w)) for s, t, rel, w in repository.skill_edges(session)
    ]
    return SkillSpace(
        ids=ids,
        position={int(s): i for i, s in enumerate(ids)},
        labels=[r[2] for r in rows],
        uris=[r[1] for r in rows],
        neighbours=build_neighbours(ids.tolist(), edges),
    )


def build_role_space(session: Session) -> RoleSpace:
    """Every role (not groups), in id order."""
    rows = repository.role_rows(session)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return RoleSpace(ids, {int(r): i for i, r in enumerate(ids)}, [r[1] for r in rows])
