"""Adjacent skills: who earns partial credit for a requirement, and why.

A requirement can be partly met by a held skill that is close to it in the taxonomy
(same concept in another taxonomy, related, prerequisite, broader/narrower) or close in
meaning (stored label-embedding similarity). Each skill keeps its `max_neighbours`
strongest neighbours as dense arrays, so lookups for many requirement rows are array work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# Reason codes kept beside each neighbour; 0 means padding.
REASONS: tuple[str, ...] = (
    "",
    "same concept in another taxonomy",
    "related skill",
    "prerequisite",
    "builds on it",
    "essential knowledge for it",
    "useful knowledge for it",
    "broader skill",
    "narrower skill",
    "similar meaning",
)
_REASON_CODE = {name: i for i, name in enumerate(REASONS)}

# (relation, direction) -> (reason, similarity) for edges stored in the taxonomy.
# direction "out" reads source -> target for the source skill; "in" reads it for the target.
DEFAULT_EDGE_SIMILARITY: Mapping[tuple[str, str], tuple[str, float]] = {
    ("same_as", "out"): ("same concept in another taxonomy", 1.0),
    ("same_as", "in"): ("same concept in another taxonomy", 1.0),
    ("related", "out"): ("related skill", 0.6),
    ("related", "in"): ("related skill", 0.6),
    ("requires", "out"): ("prerequisite", 0.5),
    ("requires", "in"): ("builds on it", 0.6),
    ("essential_for", "out"): ("builds on it", 0.5),
    ("essential_for", "in"): ("essential knowledge for it", 0.5),
    ("optional_for", "out"): ("builds on it", 0.35),
    ("optional_for", "in"): ("useful knowledge for it", 0.35),
    ("broader", "out"): ("broader skill", 0.5),
    ("broader", "in"): ("narrower skill", 0.6),
}


@dataclass(frozen=True)
class SkillEdge:
    """A stored edge between two skills, by skill id."""

    source_id: int
    target_id: int
    relation: str
    weight: float = 1.0


@dataclass(frozen=True)
class SkillNeighbours:
    """Top neighbours per skill position.

    skill_ids: (S,) int64 skill id at each position.
    nbr: (S, J) int32 neighbour positions, -1 for padding.
    sim: (S, J) float32 similarity in (0, 1], 0 for padding.
    reason: (S, J) int8 index into REASONS.
    """

    skill_ids: NDArray[np.int64]
    nbr: NDArray[np.int32]
    sim: NDArray[np.float32]
    reason: NDArray[np.int8]

    @property
    def position(self) -> dict[int, int]:
        """Skill id -> position."""
        return {int(s): i for i, s in enumerate(self.skill_ids)}


def similar_to_weight(cosine: float, floor: float) -> float:
    """Map a label cosine to a partial-credit similarity in [0, 1] (0 at the floor)."""
    return max(0.0, (cosine - floor) / (1.0 - floor))


def build_neighbours(
    skill_ids: Sequence[int],
    edges: Sequence[SkillEdge],
    *,
    max_neighbours: int = 16,
    similar_floor: float = 0.55,
    edge_similarity: Mapping[tuple[str, str], tuple[str, float]] = DEFAULT_EDGE_SIMILARITY,
) -> SkillNeighbours:
    """Keep each skill's strongest neighbours from typed edges and 'similar' edges.

    'similar' edges carry a label cosine as weight, mapped by `similar_to_weight`; typed
    edges get the similarity of `edge_similarity`. Where both link a pair, the larger wins.
    """
    ids = np.asarray(skill_ids, dtype=np.int64)
    pos = {int(s): i for i, s in enumerate(ids)}
    best: dict[tuple[int, int], tuple[float, int]] = {}

    def offer(a: int, b: int, sim: float, reason: str) -> None:
        if sim <= 0.0 or a == b:
            return
        key = (a, b)
        current = best.get(key)
        if current is None or sim > current[0]:
            best[key] = (sim, _REASON_CODE[reason])

    for edge in edges:
        a, b = pos.get(edge.source_id), pos.get(edge.target_id)
        if a is None or b is None:
            continue
        if edge.relation == "similar":
            sim = similar_to_weight(edge.weight, similar_floor)
            offer(a, b, sim, "similar meaning")
            offer(b, a, sim, "similar meaning")
            continue
        for direction, (x, y) in (("out", (a, b)), ("in", (b, a))):
            spec = edge_similarity.get((edge.relation, direction))
            if spec is not None:
                offer(x, y, spec[1] * min(1.0, edge.weight), spec[0])

    n, j = len(ids), max_neighbours
    nbr = np.full((n, j), -1, dtype=np.int32)
    sims = np.zeros((n, j), dtype=np.float32)
    reason = np.zeros((n, j), dtype=np.int8)
    per_skill: dict[int, list[tuple[float, int, int]]] = {}
    for (a, b), (s, r) in best.items():
        per_skill.setdefault(a, []).append((s, b, r))
    for a, items in per_skill.items():
        items.sort(key=lambda t: (-t[0], t[1]))
        for k, (s, b, r) in enumerate(items[:j]):
            nbr[a, k], sims[a, k], reason[a, k] = b, s, r
    return SkillNeighbours(ids, nbr, sims, reason)
