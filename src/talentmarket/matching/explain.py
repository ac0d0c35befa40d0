"""Turn scored pairs into explanations: what matched, what partly matched and through
which held skill, what is missing, and what the employee would grow."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    scores = ranked.scores
    parts = {
        name: (None if np.isnan(scores.parts[p, i]) else round(float(scores.parts[p, i]), 4))
        for i, name in enumerate(PARTS)
    }
    contributions = {
        name: round(float(scores.contributions[p, i]), 6) for i, name in enumerate(PARTS)
    }
    outcomes = []
    for n in np.flatnonzero(ranked.rows_pair == p):
        row = int(ranked.rows[n])
        skill = int(req_skill[row])
        credit = float(ranked.credit.credit[n])
        via = int(ranked.credit.via[n])
        status = "met" if credit >= 0.999 else ("partial" if credit > 0 else "missing")
        extra: dict[str, object] = {}
        if via >= 0 and credit > 0:
            extra = {
                "via_skill": int(ranked.neighbours[n, via]),
                "via_level": int(ranked.neighbour_level[n, via]),
                "via_similarity": round(float(neighbours.sim[skill, via]), 3),
                "via_reason": REASONS[int(neighbours.reason[skill, via])],
            }
        outcomes.append(
            RequirementOutcome(
                skill=skill,
                must_have=bool(req_must[row]),
                min_proficiency=int(req_min[row]),
                weight=round(float(req_weight[row]), 4),  # float32 to the stored decimals
                held_proficiency=int(ranked.direct_level[n]),
                credit=round(credit, 4),
                status=status,
                **extra,  # type: ignore[arg-type]
            )
        )
    return PairExplanation(
        total=round(float(scores.total[p]), 6),
        parts=parts,
        contributions=contributions,
        must_have_gate=round(float(scores.gate[p]), 4),
        requirements=outcomes,
    )
