"""Role relatedness core on tiny hand-made roles, plus the ranking metrics."""

from __future__ import annotations

import math

import numpy as np
import pytest

from talentmarket.matching.metrics import reciprocal_rank
from talentmarket.mobility.coverage import (
    build_skill_matrix,
    level_credit,
    transfer_levels,
    unmet_essential,
    weighted_coverage,
)
from talentmarket.mobility.evaluation import (
    TIER_GAINS,
    ndcg_at_k,
    precision_at_k,
)
from talentmarket.mobility.relatedness import RoleProfile, RoleRelatedness, RoleSkill, squash
from talentmarket.textintel.encoders import HashingEncoder


def _skills(*items: tuple[str, float, float | None, bool]) -> tuple[RoleSkill, ...]:
    return tuple(RoleSkill(s, importance=i, level=lv, essential=e) for s, i, lv, e in items)


ROLES = [
    RoleProfile(
        role_id="dev",
        title="Software Developer",
        description="Design, write and test software applications and code.",
        tasks=("Write program code in Python.", "Test software and fix defects."),
        alt_titles=("Programmer", "Software Engineer"),
        skills=_skills(("python", 1.0, 0.8, True), ("testing", 0.8, 0.6, True)),
        activities=("write-code", "test-software"),
        group="15-1252.00",
    ),
    RoleProfile(
        role_id="lead",
        title="Software Engineering Lead",
        description="Lead a team that designs, writes and tests software applications.",
        tasks=("Review program code.", "Plan software releases and lead developers."),
        alt_titles=("Engineering Manager", "Lead Software Engineer"),
        skills=_skills(
            ("python", 0.8, 0.6, True),
            ("testing", 0.6, 0.6, True),
            ("leadership", 1.0, 0.7, True),
            ("planning", 0.5, 0.5, False),
        ),
        activities=("write-code", "lead-team", "plan-work"),
        group="11-3021.00",
    ),
    RoleProfile(
        role_id="qa",
        title="Software Quality Assurance Analyst",
        description="Test software applications and report defects to developers.",
        tasks=("Test software and log defects.", "Write test plans."),
        alt_titles=("QA Tester", "Software Tester"),
        skills=_skills(("testing", 1.0, 0.9, True), ("python", 0.4, 0.3, False)),
        activities=("test-software", "plan-work"),
        group="15-1253.00",
    ),
    RoleProfile(
        role_id="baker",
        title="Baker",
        description="Mix and bake ingredients to produce breads, pastries and cakes.",
        tasks=("Bake bread in ovens.", "Decorate cakes."),
        alt_titles=("Pastry Chef", "Bread Baker"),
        skills=_skills(("baking", 1.0, 0.7, True), ("planning", 0.3, 0.2, False)),
        activities=("bake-goods",),
        group="51-3011.00",
    ),
]


@pytest.fixture
def model() -> RoleRelatedness:
    texts = [f"{r.title}. {r.description}" for r in ROLES]
    embeddings = HashingEncoder(dim=64).encode(texts)
    return RoleRelatedness(group=0.2).fit(
        ROLES, embeddings=embeddings, skill_labels={"python": "Python", "testing": "Testing"}
    )


def test_related_orders_software_roles_before_baker(model: RoleRelatedness) -> None:
    related = model.related(0, limit=3)
    ids = [r.role_id for r in related]
    assert "dev" not in ids
    assert ids[-1] == "baker"
    scores = [r.score for r in related]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert set(related[0].signals) == {
        "text",
        "titles",
        "activities",
        "skills",
        "embedding",
        "group",
    }


def test_scores_from_is_symmetric_and_bounded(model: RoleRelatedness) -> None:
    matrix = model.similarity_matrix()
    assert matrix.shape == (4, 4)
    assert np.allclose(matrix, matrix.T)
    assert ((matrix >= 0.0) & (matrix <= 1.0)).all()
    assert np.allclose(matrix[1], model.scores_from(1))


def test_proximity_is_asymmetric(model: RoleRelatedness) -> None:
    dev, lead = 0, 1
    # the lead needs leadership that the developer lacks; the developer's needs are all
    # held by the lead, though at a lower level for python
    assert model.coverage_from(lead)[dev] > model.coverage_from(dev)[lead]
    assert model.proximity(lead, dev) > model.proximity(dev, lead)
    assert 0.0 <= model.proximity(dev, lead) <= 1.0


def test_reasons_split_shared_missing_and_to_grow(model: RoleRelatedness) -> None:
    lead_from_dev = next(r for r in model.related(0, limit=3) if r.role_id == "lead")
    assert [s.skill_id for s in lead_from_dev.missing_skills] == ["leadership"]
    assert {s.skill_id for s in lead_from_dev.shared_skills} == {"python", "testing"}
    assert lead_from_dev.shared_skills[0].label == "Python"  # highest importance first
    dev_from_lead = next(r for r in model.related(1, limit=3) if r.role_id == "dev")
    grow = {s.skill_id: s for s in dev_from_lead.skills_to_grow}
    assert set(grow) == {"python"}
    assert grow["python"].origin_proficiency == pytest.approx(0.6)
    assert grow["python"].destination_proficiency == pytest.approx(0.8)
    qa_from_dev = next(r for r in model.related(0, limit=3) if r.role_id == "qa")
    assert [s.skill_id for s in qa_from_dev.transferable_skills] == ["python"]


def test_reweighted_shares_fit_and_changes_ranking_key(model: RoleRelatedness) -> None:
    text_only = model.reweighted(titles=0.0, activities=0.0, skills=0.0, embedding=0.0, group=0.0)
    assert set(text_only.active_) == {"text"}
    raw = model.signals_from(0)
    mean, scale = model.scales_["text"]
    assert np.allclose(text_only.combine(raw), (raw["text"] - mean) / scale)
    with pytest.raises(ValueError, match="unknown"):
        model.reweighted(colour=1.0)


def test_fit_without_optional_inputs() -> None:
    bare = [
        RoleProfile(role_id=str(i), title=t) for i, t in enumerate(["Nurse", "Nurse aide", "Pilot"])
    ]
    model = RoleRelatedness().fit(bare)
    assert set(model.active_) == {"text", "titles"}
    assert [r.role_id for r in model.related(0, limit=2)] == ["1", "2"]
    assert model.related(0, limit=0) == []
    assert model.related(0, limit=2)[0].missing_skills == []


def test_coverage_helpers_hand_computed() -> None:
    needs = build_skill_matrix(
        [
            _skills(("a", 1.0, 0.5, True), ("b", 0.5, 1.0, False)),
            _skills(("c", 1.0, None, True)),
            (),
        ]
    )
    assert needs.shape == (3, 3)
    held = np.array([0.25, 1.0, 0.0])  # a at 0.25, b at 1.0, no c
    # row 0: a earns 0.25 / 0.5 = 0.5 of weight 1, b earns 1 of weight 0.5 -> 1.0 / 1.5
    assert weighted_coverage(needs, held) == pytest.approx([1.0 / 1.5, 0.0, 0.0])
    assert weighted_coverage(needs, held, essential_only=True) == pytest.approx([0.5, 0.0, 0.0])
    assert unmet_essential(needs, held, threshold=0.6).tolist() == [1.0, 1.0, 0.0]
    assert level_credit(np.array([0.0, 0.1, 0.9]), np.array([0.0, 0.0, 0.3])).tolist() == [0, 1, 1]


def test_transfer_levels_take_one_best_similar_skill() -> None:
    import scipy.sparse as sp

    held = np.array([0.8, 0.0, 0.4])
    sim = sp.csr_matrix(np.array([[0, 0, 0], [0.9, 0, 0.5], [0, 0, 0]]))
    out = transfer_levels(held, sim, factor=0.5)
    assert out.tolist() == pytest.approx([0.8, 0.5 * 0.9 * 0.8, 0.4])


def test_metrics_hand_computed() -> None:
    related = ["a", "b", "c"]
    tiers = ["Primary-Short", "Primary-Long", "Supplemental"]
    ranked = ["x", "a", "c", "b"]
    dcg = 3 / math.log2(3) + 1 / math.log2(4) + 2 / math.log2(5)
    ideal = 3 / math.log2(2) + 2 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(ranked, related, tiers, k=10) == pytest.approx(dcg / ideal)
    assert ndcg_at_k(["a", "b", "c"], related, tiers) == pytest.approx(1.0)
    assert ndcg_at_k(ranked, [], []) == 0.0
    assert precision_at_k(ranked, related, k=5) == pytest.approx(3 / 5)
    assert precision_at_k(ranked, related, k=2) == pytest.approx(1 / 2)
    assert reciprocal_rank(ranked, related) == pytest.approx(1 / 2)
    assert reciprocal_rank(["x", "y"], related) == 0.0
    assert TIER_GAINS["Primary-Short"] == 3.0
    with pytest.raises(ValueError, match="tiers"):
        ndcg_at_k(ranked, related, tiers[:2])


def test_squash_is_bounded_and_keeps_order_of_related_pairs() -> None:
    fused = np.array([-1.0, 0.0, 0.5, 1.0, 2.0, 5.0])
    scores = squash(fused)
    assert scores[0] == 0.0
    assert scores[1] == 0.0
    assert np.all(np.diff(scores[1:]) > 0.0)
    assert scores[3] == pytest.approx(1.0 - math.exp(-1.0))
    assert scores.max() < 1.0


def test_proximities_blend_coverage_and_relatedness(model: RoleRelatedness) -> None:
    prox = model.proximities_from(0)
    expected = 0.2 * model.coverage_from(0) + 0.8 * model.scores_from(0)
    assert np.allclose(prox, expected)
    assert ((prox >= 0.0) & (prox <= 1.0)).all()
    first = model.related(0, limit=1)[0]
    assert first.proximity == pytest.approx(prox[first.index])
