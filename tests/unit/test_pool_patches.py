"""An employee pool patched one row at a time equals the pool built whole, scores the
same, and never changes under a reader; changed openings merge like a rebuild; a followed
cache is patched forward and rebuilt on a new key."""

from __future__ import annotations

import numpy as np

from talentmarket.config import Settings
from talentmarket.matching.adjacency import SkillEdge, build_neighbours
from talentmarket.matching.engine import Matcher
from talentmarket.matching.opening_pool import OpeningPool
from talentmarket.matching.pools import EmployeePool, EmployeeRow
from talentmarket.matching.scoring import ScoringConfig
from talentmarket.runtime import Runtime

D = 4
N_SKILLS, N_ROLES = 5, 3


def _vec(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=D).astype(np.float32)
    return v / np.linalg.norm(v)


ANA = EmployeeRow(
    7, role=0, location=1, remote_ok=True, skills=((0, 4.0), (2, 3.0)), vector=_vec(1)
)
BEN = EmployeeRow(3, role=1, kinds=2, skills=((1, 4.0),), grow=(0,), target_roles=(2,))
CLEO = EmployeeRow(12, role=2, available_share=0.5, skills=((3, 5.0),), vector=_vec(3))


def _pool(*rows: EmployeeRow) -> EmployeePool:
    return EmployeePool.from_rows(rows, N_SKILLS, N_ROLES, D)


def _same(a: EmployeePool, b: EmployeePool) -> None:
    for name in ("ids", "role", "location", "remote_ok", "relocates", "available_share"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    np.testing.assert_array_equal(a.kinds, b.kinds)
    np.testing.assert_array_equal(a.flat_vectors(), b.flat_vectors())
    np.testing.assert_array_equal(a.has_vector, b.has_vector)
    for name in ("levels", "grow", "target_roles"):
        left, right = getattr(a, name), getattr(b, name)
        assert left.shape == right.shape, name
        np.testing.assert_array_equal(left.toarray(), right.toarray(), err_msg=name)


def test_rows_are_kept_in_id_order_and_found_by_id() -> None:
    pool = _pool(ANA, CLEO, BEN)
    assert pool.ids.tolist() == [3, 7, 12]
    assert pool.position(7) == 1
    assert pool.position(8) is None
    assert pool.levels[pool.position(7)].toarray().ravel().tolist() == [4, 0, 3, 0, 0]
    assert not pool.has_vector[pool.position(3)]


def test_insert_replace_and_remove_equal_a_rebuild() -> None:
    start = _pool(ANA, CLEO)
    _same(start.patch_employee(BEN), _pool(ANA, BEN, CLEO))
    moved = EmployeeRow(7, role=2, location=4, skills=((4, 2.0),), grow=(1, 3), vector=_vec(9))
    _same(_pool(ANA, BEN, CLEO).patch_employee(moved), _pool(moved, BEN, CLEO))
    _same(_pool(ANA, BEN, CLEO).remove_employee(3), _pool(ANA, CLEO))
    _same(_pool(ANA, BEN, CLEO).remove_employee(99), _pool(ANA, BEN, CLEO))
    _same(_pool(ANA).remove_employee(7).patch_employee(CLEO), _pool(CLEO))


def test_a_patch_leaves_the_pool_a_reader_holds_alone() -> None:
    held = _pool(ANA, BEN, CLEO)
    before = _pool(ANA, BEN, CLEO)
    held.patch_employee(EmployeeRow(7, role=1, skills=((1, 1.0),)))
    held.patch_employee(EmployeeRow(5))
    held.remove_employee(12)
    _same(held, before)


def test_a_patched_pool_scores_like_a_rebuilt_one() -> None:
    edges = [SkillEdge(10, 11, "related", 1.0)]
    matcher = Matcher(build_neighbours([10, 11, 12, 13, 14], edges), ScoringConfig())
    opening = OpeningPool(
        ids=np.array([1], dtype=np.int64),
        role=np.array([0], dtype=np.int32),
        kind=np.array([1], dtype=np.int8),
        location=np.array([1], dtype=np.int32),
        remote=np.array([False]),
        need_share=np.array([0.2], dtype=np.float32),
        owner=np.array([-1], dtype=np.int64),
        req_ptr=np.array([0, 2], dtype=np.int64),
        req_skill=np.array([0, 3], dtype=np.int32),
        req_min=np.array([3, 2], dtype=np.float32),
        req_weight=np.array([2.0, 1.0], dtype=np.float32),
        req_must=np.array([True, False]),
        vectors=_vec(5)[None, :],
        has_vector=np.array([True]),
    )
    patched = (
        _pool(ANA, CLEO)
        .patch_employee(BEN)
        .patch_employee(EmployeeRow(12, role=0, skills=((0, 5.0), (3, 2.0)), vector=_vec(3)))
    )
    rebuilt = _pool(ANA, BEN, EmployeeRow(12, role=0, skills=((0, 5.0), (3, 2.0)), vector=_vec(3)))
    index = np.arange(3, dtype=np.int64)
    role = np.full(3, 0.5, dtype=np.float32)
    a = matcher.score_employees(patched, index, opening, 0, role).scores.total
    b = matcher.score_employees(rebuilt, index, opening, 0, role).scores.total
    np.testing.assert_array_equal(a, b)
    before = matcher.score_employees(_pool(ANA, BEN, CLEO), index, opening, 0, role).scores.total
    at = patched.position(12)
    assert at is not None
    assert a[at] > before[at]  # the patch took: python 5 now meets the must-have


def _openings(*rows: tuple[int, list[tuple[int, float]]]) -> OpeningPool:
    """Openings of (id, [(skill position, min level)]), in the order given."""
    lengths = [len(reqs) for _, reqs in rows]
    flat = [r for _, reqs in rows for r in reqs]
    n = len(rows)
    return OpeningPool(
        ids=np.array([i for i, _ in rows], dtype=np.int64),
        role=np.arange(n, dtype=np.int32),
        kind=np.zeros(n, dtype=np.int8),
        location=np.full(n, -1, dtype=np.int32),
        remote=np.zeros(n, dtype=bool),
        need_share=np.zeros(n, dtype=np.float32),
        owner=np.full(n, -1, dtype=np.int64),
        req_ptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        req_skill=np.array([s for s, _ in flat], dtype=np.int32),
        req_min=np.array([m for _, m in flat], dtype=np.float32),
        req_weight=np.ones(len(flat), dtype=np.float32),
        req_must=np.zeros(len(flat), dtype=bool),
        vectors=np.stack([_vec(i) for i, _ in rows]) if rows else np.zeros((0, D), np.float32),
        has_vector=np.ones(n, dtype=bool),
    )


def _same_openings(a: OpeningPool, b: OpeningPool) -> None:
    for name in ("ids", "req_ptr", "req_skill", "req_min", "vectors"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_changed_openings_merge_into_a_pool_like_a_rebuild() -> None:
    pool = _openings((2, [(0, 3.0)]), (5, [(1, 2.0), (2, 4.0)]), (9, []))
    fresh = _openings((5, [(3, 1.0)]), (7, [(4, 5.0), (0, 1.0)]))
    merged = pool.merged(fresh, [5, 7, 9])  # 5 changed, 7 new, 9 gone (closed)
    _same_openings(merged, _openings((2, [(0, 3.0)]), (5, [(3, 1.0)]), (7, [(4, 5.0), (0, 1.0)])))
    _same_openings(
        pool, _openings((2, [(0, 3.0)]), (5, [(1, 2.0), (2, 4.0)]), (9, []))
    )  # untouched
    _same_openings(pool.merged(_openings(), []), pool)


def test_a_followed_value_is_patched_forward_and_rebuilt_on_a_new_key() -> None:
    runtime = Runtime(Settings(database_url="sqlite://", encoder="hashing"))
    calls: list[str] = []

    def build() -> list[str]:
        calls.append("build")
        return ["built"]

    def patch(value: list[str], since: tuple[int, ...]) -> list[str] | None:
        calls.append(f"patch from {since[0]}")
        return None if since[0] < 0 else [*value, f"after {since[0]}"]

    assert runtime.following("x", "k", (1,), build, patch) == ["built"]
    assert runtime.following("x", "k", (1,), build, patch) == ["built"]
    assert runtime.following("x", "k", (3,), build, patch) == ["built", "after 1"]
    assert runtime.following("x", "k", (2,), build, patch) == ["built", "after 1"]  # older
    assert runtime.following("x", "k2", (3,), build, patch) == ["built"]  # new key
    assert calls == ["build", "patch from 1", "build"]
    runtime.close()


def test_changed_people_merge_into_a_pool_like_a_rebuild() -> None:
    pool = _pool(ANA, BEN, CLEO)
    new_cleo = EmployeeRow(12, role=0, skills=((0, 5.0), (3, 2.0)), vector=_vec(3))
    dan = EmployeeRow(5020, role=1, skills=((4, 1.0),), grow=(2,), vector=_vec(4))
    merged = pool.merged(_pool(new_cleo, dan), [3, 12, 20])  # Ben gone, Cleo changed, Dan new
    _same(merged, _pool(ANA, new_cleo, dan))
    _same(pool, _pool(ANA, BEN, CLEO))  # the reader's pool is untouched


def test_new_rows_go_into_spare_room_and_branches_never_overwrite_each_other() -> None:
    # enough rows that scipy keeps the buffers it is given (it copies a view of a much
    # larger buffer); every row holds every skill
    crowd = [
        EmployeeRow(100 + i, skills=tuple((s, 1.0 + (i + s) % 5) for s in range(N_SKILLS)))
        for i in range(3000)
    ]
    start = _pool(BEN, ANA, *crowd)
    dan = EmployeeRow(5020, role=1, skills=((2, 2.0), (0, 1.0)), grow=(4,), vector=_vec(5))
    eve = EmployeeRow(5021, role=0, skills=((1, 3.0),), target_roles=(1,), vector=_vec(6))
    fay = EmployeeRow(5022, skills=((4, 5.0),), vector=_vec(7))

    one = start.patch_employee(dan)
    two = one.patch_employee(eve)
    # appended in place: the newer pool shares the older one's memory
    assert np.shares_memory(one.vectors, two.vectors)
    assert np.shares_memory(one.levels.data, two.levels.data)
    _same(two, _pool(BEN, ANA, *crowd, dan, eve))
    _same(one, _pool(BEN, ANA, *crowd, dan))  # a reader of `one` still sees three rows

    # a branch from `one` (patched since) must not write over `two`'s row for eve
    branch = one.patch_employee(fay)
    assert not np.shares_memory(branch.vectors, two.vectors)
    _same(branch, _pool(BEN, ANA, *crowd, dan, fay))
    _same(two, _pool(BEN, ANA, *crowd, dan, eve))
    # the newest pool of each line goes on appending
    _same(two.patch_employee(fay), _pool(BEN, ANA, *crowd, dan, eve, fay))
    _same(
        branch.patch_employee(EmployeeRow(6000)),
        _pool(BEN, ANA, *crowd, dan, fay, EmployeeRow(6000)),
    )


def test_rows_appended_after_an_update_still_go_into_spare_room() -> None:
    crowd = [EmployeeRow(100 + i, skills=((i % N_SKILLS, 2.0),)) for i in range(3000)]
    start = _pool(*crowd)
    moved = EmployeeRow(150, role=2, skills=((0, 5.0), (4, 1.0)), vector=_vec(8))
    updated = start.patch_employee(moved)
    later = updated.patch_employee(EmployeeRow(9000, skills=((3, 3.0),), vector=_vec(9)))
    assert np.shares_memory(updated.vectors, later.vectors)
    assert np.shares_memory(updated.levels.indices, later.levels.indices)
    rest = [r for r in crowd if r.id != 150]
    _same(later, _pool(*rest, moved, EmployeeRow(9000, skills=((3, 3.0),), vector=_vec(9))))
    _same(start, _pool(*crowd))


def test_an_update_shares_the_arrays_whose_row_did_not_change() -> None:
    crowd = [EmployeeRow(100 + i, skills=((i % N_SKILLS, 2.0),), vector=_vec(i)) for i in range(50)]
    start = _pool(*crowd)
    before = crowd[7]
    moved = EmployeeRow(before.id, role=2, skills=before.skills, vector=before.vector)
    updated = start.patch_employee(moved)
    assert updated.vectors is start.vectors  # same vector: not copied
    assert updated.levels is start.levels  # same skills: not copied
    assert updated.role is not start.role
    _same(updated, _pool(*crowd[:7], moved, *crowd[8:]))
    _same(start, _pool(*crowd))
