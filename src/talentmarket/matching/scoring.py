"""The match scorer: one set of array functions used in both directions.

A pair (employee, opening) is scored from four parts, each in [0, 1]:

- coverage: each requirement earns full credit when held at the minimum level, level
  ratio credit below it, or up to `adjacent_credit` through the best adjacent held skill
  (never more than one held skill's worth); weighted mean over requirements;
- semantic: cosine of profile and opening vectors, rescaled between a floor and ceiling;
- role: proximity of the employee's role to the opening's role (asymmetric);
- preferences: location/remote, opening kind, availability, aspirations.

total = gate * sum_i(w_i * part_i) / sum_i(w_i over available parts), where
gate = 1 - must_penalty * (mean over must-haves of how far each is from half credit):
a must-have met at least halfway costs nothing here (coverage already counts it), one not
held at all costs its share of must_penalty, so meeting none of them loses must_penalty
of the score whatever their number. Each part's contribution is reported so that the
contributions add up to the total. Candidate ranking and opportunity ranking call the same
functions on the same inputs, so a pair gets the same number from both sides.

Default weights were chosen on O*NET's related-occupation lists (`talentmarket eval
mobility`, half-split checked): role proximity carries most of "where could this person
go", semantic fit the rest, coverage keeps the ranking tied to skills a person can show
and the must-have gate keeps people who lack the essentials from the top.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray

PARTS: tuple[str, ...] = ("coverage", "semantic", "role", "preferences")

F32 = NDArray[np.float32]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]


@dataclass(frozen=True)
class ScoringConfig:
    """Weights and shape parameters of the scorer; reported with every result."""

    version: str = "match-2026.11.2"
    w_coverage: float = 0.13
    w_semantic: float = 0.26
    w_role: float = 0.52
    w_preferences: float = 0.09
    adjacent_credit: float = 0.7
    must_penalty: float = 0.4
    semantic_floor: float = 0.3
    semantic_ceiling: float = 1.0
    partial_threshold: float = 0.5

    def part_weights(self) -> NDArray[np.float64]:
        """Weights in PARTS order, shape (4,)."""
        return np.array(
            [self.w_coverage, self.w_semantic, self.w_role, self.w_preferences], dtype=np.float64
        )

    def as_dict(self) -> dict[str, object]:
        """The configuration as reported in explanations."""
        return asdict(self)


def configured(overrides: dict[str, float]) -> ScoringConfig:
    """The defaults with overrides of their fields (TALENTMARKET_SCORING); the version
    names the overrides."""
    fields = {k: v for k, v in overrides.items() if k != "version"}
    unknown = set(fields) - set(ScoringConfig.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown scoring settings: {', '.join(sorted(unknown))}")
    if not fields:
        return ScoringConfig()
    tag = ",".join(f"{k}={v:g}" for k, v in sorted(fields.items()))
    return ScoringConfig(**fields, version=f"{ScoringConfig.version}+{tag}")


@dataclass(frozen=True)
class RequirementCredit:
    """Credit of each requirement row.

    credit: (N,) in [0, 1]. direct: (N,) credit from the skill itself (level ratio).
    via: (N,) neighbour slot j that earned the credit, or -1 when direct or none.
    """

    credit: F32
    direct: F32
    via: NDArray[np.int32]


def requirement_credit(
    direct_level: F32,
    neighbour_level: F32,
    neighbour_sim: F32,
    min_proficiency: F32,
    adjacent_credit: float,
) -> RequirementCredit:
    """Credit per requirement row.

    direct_level: (N,) held proficiency of the required skill (0 = not held).
    neighbour_level: (N, J) held proficiency of each adjacent skill (0 = not held).
    neighbour_sim: (N, J) similarity of each adjacent skill, 0 for padding.
    min_proficiency: (N,) required minimum proficiency (1-5).
    """
    need = np.maximum(min_proficiency, 1.0).astype(np.float32)
    direct = np.clip(direct_level / need, 0.0, 1.0).astype(np.float32)
    if neighbour_level.shape[1] == 0:
        return RequirementCredit(direct, direct, np.full(direct.shape, -1, dtype=np.int32))
    ratio = np.clip(neighbour_level / need[:, None], 0.0, 1.0)
    adjacent = (ratio * neighbour_sim * np.float32(adjacent_credit)).astype(np.float32)
    best = np.argmax(adjacent, axis=1).astype(np.int32)
    best_value = np.take_along_axis(adjacent, best[:, None], axis=1)[:, 0]
    use_adjacent = best_value > direct
    credit = np.where(use_adjacent, best_value, direct).astype(np.float32)
    via = np.where(use_adjacent, best, -1).astype(np.int32)
    return RequirementCredit(credit, direct, via)


@dataclass(frozen=True)
class CoverageByPair:
    """Requirement rows aggregated per pair, each array shape (P,)."""

    coverage: F32
    gate: F32
    has_requirements: B
    unmet_must: NDArray[np.int32]


def aggregate_coverage(
    pair: I64,
    n_pairs: int,
    credit: F32,
    weight: F32,
    must: B,
    must_penalty: float,
    partial_threshold: float,
) -> CoverageByPair:
    """Weighted coverage and the must-have gate per pair (see the module docstring).

    pair: (N,) pair index of each requirement row; credit, weight, must: (N,).
    """
    w = weight.astype(np.float64)
    total_w = np.bincount(pair, weights=w, minlength=n_pairs)
    earned = np.bincount(pair, weights=w * credit, minlength=n_pairs)
    has = total_w > 0
    coverage = np.where(has, earned / np.where(has, total_w, 1.0), 0.0)
    shortfall = np.clip(1.0 - credit.astype(np.float64) / partial_threshold, 0.0, 1.0)
    musts = np.bincount(pair, weights=must.astype(np.float64), minlength=n_pairs)
    missed = np.bincount(pair, weights=np.where(must, shortfall, 0.0), minlength=n_pairs)
    gate = 1.0 - must_penalty * np.where(musts > 0, missed / np.maximum(musts, 1.0), 0.0)
    unmet = np.bincount(
        pair, weights=(must & (credit < partial_threshold)).astype(np.float64), minlength=n_pairs
    )
    return CoverageByPair(
        coverage=coverage.astype(np.float32),
        gate=gate.astype(np.float32),
        has_requirements=has,
        unmet_must=unmet.astype(np.int32),
    )


def semantic_part(cosine: F32, floor: float, ceiling: float) -> F32:
    """Rescale cosine similarity to [0, 1]; shape preserved."""
    span = max(ceiling - floor, 1e-6)
    return np.asarray(np.clip((cosine - floor) / span, 0.0, 1.0), dtype=np.float32)


@dataclass(frozen=True)
class PreferenceInputs:
    """Per-pair preference facts, each shape (P,)."""

    same_location: B
    opening_remote: B
    employee_remote_ok: B
    employee_relocates: B
    is_job: B
    kind_preferred: B
    need_share: F32  # share of a full week the opening needs (0 = unknown)
    available_share: F32  # share of a week the employee offers
    aspiration: B  # opening role is a target role, or it grows a skill they want to grow


def preferences_part(p: PreferenceInputs) -> F32:
    """Preference fit in [0, 1]: location 0.3, kind 0.2, availability 0.25, aspiration 0.25."""
    location = np.where(
        p.same_location | (p.opening_remote & p.employee_remote_ok),
        1.0,
        np.where(p.is_job & p.employee_relocates, 0.6, 0.25),
    )
    kind = np.where(p.kind_preferred, 1.0, 0.4)
    need = np.where(p.is_job, 0.0, p.need_share)
    availability = np.where(
        need > 0, np.clip(p.available_share / np.maximum(need, 1e-6), 0.0, 1.0), 1.0
    )
    aspiration = p.aspiration.astype(np.float64)
    return (0.3 * location + 0.2 * kind + 0.25 * availability + 0.25 * aspiration).astype(
        np.float32
    )


@dataclass(frozen=True)
class PairScores:
    """Scores of P pairs: total, parts and contributions (each (P,) or (P, 4))."""

    total: F32
    parts: F32  # (P, 4) in PARTS order, NaN where unavailable
    contributions: F32  # (P, 4), sums to total along axis 1
    gate: F32
    unmet_must: NDArray[np.int32]


def pair_weights(config: ScoringConfig, parts: dict[str, float | None]) -> dict[str, float]:
    """The weights one pair was scored with: the configured ones, with the weight of each
    unavailable part (None) spread over the available ones, as `combine` does."""
    weights = dict(zip(PARTS, config.part_weights().tolist(), strict=True))
    used = {k: w for k, w in weights.items() if parts.get(k) is not None}
    norm = sum(used.values())
    return {k: round(used.get(k, 0.0) / norm, 6) if norm > 0 else 0.0 for k in PARTS}


def part_contributions(
    parts: NDArray[np.floating], gate: NDArray[np.floating], weights: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Each part's contribution, (P, 4): gate x weight x part, with the weight of each
    unavailable part (NaN) spread over the available ones. parts (P, 4), gate (P,),
    weights (4,) or one row per pair (P, 4). The rows sum to the pairs' totals."""
    values = np.asarray(parts, dtype=np.float64)
    available = ~np.isnan(values)
    w = (weights if weights.ndim == 2 else weights[None, :]) * available
    norm = w.sum(axis=1, keepdims=True)
    eff = np.where(norm > 0, w / np.where(norm > 0, norm, 1.0), 0.0)
    return np.asarray(gate, dtype=np.float64)[:, None] * eff * np.nan_to_num(values)


def rescore(
    parts: NDArray[np.floating], gate: NDArray[np.floating], weights: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Totals of pairs already scored, under other part weights (4,) or (P, 4): what `combine`
    gives for the same parts and gates, so the live weights give back the live totals.
    Shadow rankers and the re-explanation of a logged ranking use it."""
    totals = part_contributions(parts, gate, weights).sum(axis=1)
    return np.asarray(np.clip(totals, 0.0, 1.0), dtype=np.float64)


def combine(
    coverage: CoverageByPair,
    semantic: F32,
    role: F32,
    preferences: F32,
    config: ScoringConfig,
) -> PairScores:
    """Weighted sum of the available parts, times the must-have gate.

    role may hold NaN where a role is unknown; the weight of an unavailable part is spread
    over the available ones, so missing data neither helps nor hurts.
    """
    parts = np.stack(
        [
            np.where(coverage.has_requirements, coverage.coverage, np.nan),
            semantic,
            role,
            preferences,
        ],
        axis=1,
    ).astype(np.float64)
    contributions = part_contributions(parts, coverage.gate, config.part_weights())
    total = contributions.sum(axis=1)
    return PairScores(
        total=np.clip(total, 0.0, 1.0).astype(np.float32),
        parts=parts.astype(np.float32),
        contributions=contributions.astype(np.float32),
        gate=coverage.gate,
        unmet_must=coverage.unmet_must,
    )
