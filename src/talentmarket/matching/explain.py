"""Turn scored pairs into explanations: what matched, what partly matched and through
which held skill, what is missing, and what the employee would grow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from talentmarket.matching.adjacency import REASONS, SkillNeighbours
from talentmarket.matching.engine import Ranked
from talentmarket.matching.scoring import PARTS


@dataclass(frozen=True)
class RequirementOutcome:
    """How one requirement fared for one pair (skills by position)."""

    skill: int
    must_have: bool
    min_proficiency: int
    weight: float
    held_proficiency: int
    credit: float
    status: str  # met | partial | missing
    via_skill: int | None = None
    via_level: int | None = None
    via_similarity: float | None = None
    via_reason: str | None = None


@dataclass(frozen=True)
class PairExplanation:
    """Everything a result shows about why it ranks where it does."""

    total: float
    parts: dict[str, float | None]
    contributions: dict[str, float]
    must_have_gate: float
    requirements: list[RequirementOutcome] = field(default_factory=list)

    @property
    def matched(self) -> list[RequirementOutcome]:
        """Requirements met at the minimum level."""
        return [r for r in self.requirements if r.status == "met"]

    @property
    def partial(self) -> list[RequirementOutcome]:
        """Requirements partly met: below level, or through an adjacent skill."""
        return [r for r in self.requirements if r.status == "partial"]

    @property
    def missing_must(self) -> list[RequirementOutcome]:
        """Must-haves not met (not even partly)."""
        return [r for r in self.requirements if r.status == "missing" and r.must_have]

    @property
    def missing_nice(self) -> list[RequirementOutcome]:
        """Nice-to-haves not met."""
        return [r for r in self.requirements if r.status == "missing" and not r.must_have]

    @property
    def would_grow(self) -> list[RequirementOutcome]:
        """Requirements the employee would grow by doing this work (below full credit)."""
        return [r for r in self.requirements if r.credit < 1.0]


def explain(
    ranked: Ranked,
    p: int,
    *,
    req_skill: np.ndarray,
    req_min: np.ndarray,
    req_weight: np.ndarray,
    req_must: np.ndarray,
    neighbours: SkillNeighbours,
) -> PairExplanation:
    """Explain pair p of `ranked`.

    req_*: requirement arrays (R,) indexed by ranked.rows.
    """
    return explain_pairs(
        ranked,
        [p],
        req_skill=req_skill,
        req_min=req_min,
        req_weight=req_weight,
        req_must=req_must,
        neighbours=neighbours,
    )[0]


def _slot(matrix: np.ndarray, rows: np.ndarray, slot: np.ndarray) -> list[Any]:
    """matrix[rows[i], slot[i]] as Python values (zeros where the matrix has no slots)."""
    if matrix.shape[1] == 0:
        return [0] * len(rows)
    values: list[Any] = matrix[rows, slot].tolist()
    return values


def _outcomes(
    ranked: Ranked,
    wanted: np.ndarray,
    req_skill: np.ndarray,
    req_min: np.ndarray,
    req_weight: np.ndarray,
    req_must: np.ndarray,
    neighbours: SkillNeighbours,
) -> dict[int, list[RequirementOutcome]]:
    """Each wanted pair's requirement outcomes, in row order."""
    sel = np.flatnonzero(np.isin(ranked.rows_pair, wanted))
    rows = ranked.rows[sel]
    skill = req_skill[rows].astype(np.int64)
    via = ranked.credit.via[sel].astype(np.int64)
    slot = np.maximum(via, 0)
    columns = zip(
        ranked.rows_pair[sel].tolist(),
        skill.tolist(),
        req_must[rows].tolist(),
        req_min[rows].tolist(),
        req_weight[rows].tolist(),
        ranked.direct_level[sel].tolist(),
        ranked.credit.credit[sel].tolist(),
        via.tolist(),
        _slot(ranked.neighbours, sel, slot),
        _slot(ranked.neighbour_level, sel, slot),
        _slot(neighbours.sim, skill, slot),
        _slot(neighbours.reason, skill, slot),
        strict=True,
    )
    outcomes: dict[int, list[RequirementOutcome]] = {int(p): [] for p in wanted.tolist()}
    for pair, sk, must, low, weight, held, credit, v, nbr, level, sim, reason in columns:
        status = "met" if credit >= 0.999 else ("partial" if credit > 0 else "missing")
        extra: dict[str, object] = {}
        if v >= 0 and credit > 0:
            extra = {
                "via_skill": int(nbr),
                "via_level": int(level),
                "via_similarity": round(sim, 3),
                "via_reason": REASONS[reason],
            }
        outcomes[pair].append(
            RequirementOutcome(
                skill=sk,
                must_have=bool(must),
                min_proficiency=int(low),
                weight=round(weight, 4),  # float32 to the stored decimals
                held_proficiency=int(held),
                credit=round(credit, 4),
                status=status,
                **extra,  # type: ignore[arg-type]
            )
        )
    return outcomes


def explain_pairs(
    ranked: Ranked,
    pairs: Sequence[int],
    *,
    req_skill: np.ndarray,
    req_min: np.ndarray,
    req_weight: np.ndarray,
    req_must: np.ndarray,
    neighbours: SkillNeighbours,
) -> list[PairExplanation]:
    """Explain the pairs of `ranked` a page shows, in their order: the same answers as
    `explain` pair by pair, with the arrays read once for all of them (a page of 20 pairs
    otherwise reads a few thousand numpy scalars one at a time).

    req_*: requirement arrays (R,) indexed by ranked.rows.
    """
    wanted = np.asarray(pairs, dtype=np.int64)
    scores = ranked.scores
    outcomes = _outcomes(ranked, wanted, req_skill, req_min, req_weight, req_must, neighbours)
    parts = scores.parts[wanted].tolist()
    contributions = scores.contributions[wanted].tolist()
    totals = scores.total[wanted].tolist()
    gates = scores.gate[wanted].tolist()
    return [
        PairExplanation(
            total=round(totals[k], 6),
            parts={
                n: None if np.isnan(v) else round(v, 4)
                for n, v in zip(PARTS, parts[k], strict=True)
            },
            contributions={n: round(v, 6) for n, v in zip(PARTS, contributions[k], strict=True)},
            must_have_gate=round(gates[k], 4),
            requirements=outcomes[p],
        )
        for k, p in enumerate(wanted.tolist())
    ]
