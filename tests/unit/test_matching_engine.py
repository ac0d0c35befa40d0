"""The matching core on a hand-made world: both directions agree, must-haves gate,
adjacent skills earn partial credit, and contributions add up to the score."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from talentmarket.matching.adjacency import SkillEdge, build_neighbours
from talentmarket.matching.engine import Matcher, Ranked, top
from talentmarket.matching.opening_pool import OpeningPool, kind_mask
from talentmarket.matching.pools import EmployeePool, Person
from talentmarket.matching.scoring import ScoringConfig

# skills: 0 python, 1 java, 2 sql, 3 statistics, 4 communication
SKILLS = [10, 11, 12, 13, 14]
D = 8


def _vec(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=D).astype(np.float32)
    return v / np.linalg.norm(v)


def _proximity(origin: np.ndarray, dest: np.ndarray) -> np.ndarray:
    out = np.where(origin == dest, 1.0, 0.3).astype(np.float32)
    return np.where((origin < 0) | (dest < 0), np.nan, out).astype(np.float32)


def _score_employees(
    matcher: Matcher, pool: EmployeePool, index: np.ndarray, openings: OpeningPool, o: int
) -> Ranked:
    """Score employees for opening o with role proximity computed as a caller does."""
    role = _proximity(pool.role[index], np.full(len(index), openings.role[o], np.int32))
    return matcher.score_employees(pool, index, openings, o, role)


def _score_openings(
    matcher: Matcher, person: Person, pool: OpeningPool, index: np.ndarray
) -> Ranked:
    """Score openings for one person with role proximity computed as a caller does."""
    role = _proximity(np.full(len(index), person.role, np.int32), pool.role[index])
    return matcher.score_openings(person, pool, index, role)


@pytest.fixture
def matcher() -> Matcher:
    edges = [SkillEdge(10, 11, "related", 1.0), SkillEdge(12, 13, "requires", 1.0)]
    return Matcher(build_neighbours(SKILLS, edges, max_neighbours=4), ScoringConfig())


def _openings() -> OpeningPool:
    # opening 0: must python>=3, nice sql>=2; opening 1: must statistics>=4
    return OpeningPool(
        ids=np.array([100, 101], dtype=np.int64),
        role=np.array([0, 1], dtype=np.int32),
        kind=np.array([0, 1], dtype=np.int8),
        location=np.array([0, 1], dtype=np.int32),
        remote=np.array([False, True]),
        need_share=np.array([0.0, 0.2], dtype=np.float32),
        owner=np.array([-1, -1], dtype=np.int64),
        req_ptr=np.array([0, 2, 3], dtype=np.int64),
        req_skill=np.array([0, 2, 3], dtype=np.int32),
        req_min=np.array([3, 2, 4], dtype=np.float32),
        req_weight=np.array([2.0, 1.0, 1.0], dtype=np.float32),
        req_must=np.array([True, False, True]),
        vectors=np.stack([_vec(1), _vec(2)]),
        has_vector=np.array([True, True]),
    )


def _employees() -> EmployeePool:
    # e0: python 4, sql 2; e1: java 4 (adjacent to python); e2: communication only
    levels = sp.csr_matrix(
        np.array([[4, 0, 2, 0, 0], [0, 4, 0, 0, 0], [0, 0, 0, 0, 3]], dtype=np.float32)
    )
    return EmployeePool(
        ids=np.array([1, 2, 3], dtype=np.int64),
        role=np.array([0, 0, 1], dtype=np.int32),
        location=np.array([0, 1, 0], dtype=np.int32),
        remote_ok=np.array([True, True, False]),
        relocates=np.array([False, False, True]),
        available_share=np.array([0.2, 0.1, 0.0], dtype=np.float32),
        kinds=np.array([0, kind_mask(["gig"]), 0], dtype=np.int8),
        levels=levels,
        grow=sp.csr_matrix((3, 5), dtype=np.float32),
        target_roles=sp.csr_matrix((3, 2), dtype=np.float32),
        vectors=np.stack([_vec(3), _vec(4), _vec(5)]),
        has_vector=np.array([True, True, True]),
    )


def test_both_directions_give_the_same_score(matcher: Matcher) -> None:
    openings, people = _openings(), _employees()
    for o in range(len(openings)):
        by_opening = _score_employees(matcher, people, np.arange(3, dtype=np.int64), openings, o)
        for e in range(len(people)):
            by_person = _score_openings(
                matcher, people.person(e), openings, np.arange(2, dtype=np.int64)
            )
            assert by_person.scores.total[o] == pytest.approx(by_opening.scores.total[e], abs=1e-6)


def test_contributions_add_up_to_the_total(matcher: Matcher) -> None:
    ranked = _score_employees(matcher, _employees(), np.arange(3, dtype=np.int64), _openings(), 0)
    sums = ranked.scores.contributions.sum(axis=1)
    np.testing.assert_allclose(sums, ranked.scores.total, atol=1e-6)
    assert np.all((ranked.scores.total >= 0) & (ranked.scores.total <= 1))


def test_adjacent_skill_earns_partial_credit_never_full(matcher: Matcher) -> None:
    ranked = _score_employees(matcher, _employees(), np.arange(3, dtype=np.int64), _openings(), 0)
    python_rows = ranked.rows_pair[ranked.rows == 0]
    credit = ranked.credit.credit[ranked.rows == 0]
    by_employee = dict(zip(python_rows.tolist(), credit.tolist(), strict=True))
    assert by_employee[0] == pytest.approx(1.0)  # holds python at 4 >= 3
    assert 0.0 < by_employee[1] < 1.0  # java is related to python
    assert by_employee[2] == 0.0
    via = ranked.credit.via[ranked.rows == 0]
    assert via[1] >= 0
    assert via[0] == -1


def test_unmet_must_have_gates_the_score(matcher: Matcher) -> None:
    ranked = _score_employees(matcher, _employees(), np.arange(3, dtype=np.int64), _openings(), 0)
    # e1 earns 0.6 * 0.7 = 0.42 through java: below half credit, so still unmet, but gated less
    assert ranked.scores.unmet_must.tolist() == [0, 1, 1]
    assert ranked.scores.gate[0] == pytest.approx(1.0)
    assert ranked.scores.gate[1] == pytest.approx(1 - 0.4 * (1 - 0.42 / 0.5))
    assert ranked.scores.gate[2] == pytest.approx(0.6)
    assert ranked.scores.total[0] > ranked.scores.total[1] > ranked.scores.total[2]


def test_shortlist_respects_allowed_mask(matcher: Matcher) -> None:
    people = _employees()
    allowed = np.array([True, False, True])
    index = matcher.shortlist_employees(people, 0, _openings(), allowed, size=1, vector_k=1)
    assert 1 not in index.tolist()


def test_top_orders_best_first_with_stable_ties() -> None:
    scores = np.array([0.2, 0.9, 0.9, 0.1], dtype=np.float32)
    assert top(scores, 3).tolist() == [1, 2, 0]


def test_explanation_names_the_held_skill_behind_partial_credit(matcher: Matcher) -> None:
    from talentmarket.matching.explain import explain

    openings = _openings()
    ranked = _score_employees(matcher, _employees(), np.arange(3, dtype=np.int64), openings, 0)
    why = explain(
        ranked,
        1,
        req_skill=openings.req_skill,
        req_min=openings.req_min,
        req_weight=openings.req_weight,
        req_must=openings.req_must,
        neighbours=matcher.neighbours,
    )
    assert sum(why.contributions.values()) == pytest.approx(why.total, abs=1e-5)
    [python] = [r for r in why.requirements if r.skill == 0]
    assert python.status == "partial"
    assert python.via_skill == 1  # java
    assert python.via_level == 4
    assert python.via_reason == "related skill"
    assert [r.skill for r in why.missing_nice] == [2]


def test_a_page_of_explanations_answers_as_each_pair_alone(matcher: Matcher) -> None:
    from talentmarket.matching.explain import explain, explain_pairs

    openings = _openings()
    ranked = _score_employees(matcher, _employees(), np.arange(3, dtype=np.int64), openings, 0)
    reqs = {
        "req_skill": openings.req_skill,
        "req_min": openings.req_min,
        "req_weight": openings.req_weight,
        "req_must": openings.req_must,
        "neighbours": matcher.neighbours,
    }
    window = [2, 0, 1]  # a page's order, not the pairs' order
    page = explain_pairs(ranked, window, **reqs)
    assert page == [explain(ranked, p, **reqs) for p in window]
    by_pair = dict(zip(window, page, strict=True))
    assert [r.status for r in by_pair[0].requirements] == ["met", "met"]
    assert by_pair[1].requirements[0].via_skill == 1  # java, as alone
    assert by_pair[2].missing_must[0].skill == 0
    assert explain_pairs(ranked, [], **reqs) == []
