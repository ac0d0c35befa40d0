"""Explanations in API shape: skill positions resolved to skills."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from talentmarket.matching.engine import Ranked
from talentmarket.matching.explain import RequirementOutcome, explain_pairs
from talentmarket.matching.opening_pool import OpeningPool
from talentmarket.matching.scoring import ScoringConfig, pair_weights
from talentmarket.ranking import schemas
from talentmarket.ranking.spaces import SkillSpace
from talentmarket.shapes import SkillBrief


def skill_brief(skills: SkillSpace, position: int) -> SkillBrief:
    """A skill position as id, URI and label."""
    return SkillBrief(
        id=int(skills.ids[position]), uri=skills.uris[position], label=skills.labels[position]
    )


def _result(brief: Callable[[int], SkillBrief], r: RequirementOutcome) -> schemas.RequirementResult:
    via = None
    if r.via_skill is not None:
        via = schemas.Via(
            skill=brief(r.via_skill),
            held_proficiency=r.via_level or 0,
            similarity=r.via_similarity or 0.0,
            reason=r.via_reason or "",
        )
    return schemas.RequirementResult(
        skill=brief(r.skill),
        must_have=r.must_have,
        required_proficiency=r.min_proficiency,
        held_proficiency=r.held_proficiency,
        weight=r.weight,
        credit=r.credit,
        via=via,
    )


def to_explanations(
    ranked: Ranked,
    pairs: Sequence[int],
    openings: OpeningPool,
    skills: SkillSpace,
    config: ScoringConfig,
) -> list[schemas.Explanation]:
    """The explanations of the pairs a page shows, in their order (the arrays read once,
    each skill named once)."""
    whys = explain_pairs(
        ranked,
        pairs,
        req_skill=openings.req_skill,
        req_min=openings.req_min,
        req_weight=openings.req_weight,
        req_must=openings.req_must,
        neighbours=skills.neighbours,
    )
    named: dict[int, SkillBrief] = {}

    def brief(position: int) -> SkillBrief:
        if position not in named:
            named[position] = skill_brief(skills, position)
        return named[position]

    def result(r: RequirementOutcome) -> schemas.RequirementResult:
        return _result(brief, r)

    return [
        schemas.Explanation(
            score=why.total,
            parts=why.parts,
            weights=pair_weights(config, why.parts),
            contributions=why.contributions,
            must_have_gate=why.must_have_gate,
            matched=[result(r) for r in why.matched],
            partial=[result(r) for r in why.partial],
            missing_must_haves=[result(r) for r in why.missing_must],
            missing_nice_to_haves=[result(r) for r in why.missing_nice],
            would_grow=[brief(r.skill) for r in why.would_grow],
        )
        for why in whys
    ]
