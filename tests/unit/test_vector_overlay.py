"""A replaced vector joins the pool's overlay instead of a copy of the whole matrix: the
next pool shares the matrix, reads the new vector everywhere, the pool a reader holds
still reads the old one, and insertions, removals, merges and a full overlay take the
rows into one copy, each equal to a pool built whole."""

from __future__ import annotations

import numpy as np
import pytest

from talentmarket.matching import pools as pools_module
from talentmarket.matching.pools import EmployeePool, EmployeeRow

D = 8


def _vec(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=D).astype(np.float32)
    return v / np.linalg.norm(v)


def _crowd(n: int = 40) -> list[EmployeeRow]:
    return [EmployeeRow(100 + 2 * i, skills=((i % 3, 2.0),), vector=_vec(i)) for i in range(n)]


def _pool(rows: list[EmployeeRow]) -> EmployeePool:
    return EmployeePool.from_rows(rows, 3, 2, D)


def _reads_like(pool: EmployeePool, rebuilt: EmployeePool) -> None:
    """Every way of reading vectors agrees with the pool built whole."""
    np.testing.assert_array_equal(pool.ids, rebuilt.ids)
    np.testing.assert_array_equal(pool.has_vector, rebuilt.has_vector)
    np.testing.assert_array_equal(pool.flat_vectors(), rebuilt.vectors)
    index = np.arange(len(pool), dtype=np.int64)[::-3]
    np.testing.assert_array_equal(pool.vector_rows(index), rebuilt.vectors[index])
    for e in range(len(pool)):
        np.testing.assert_array_equal(pool.vector_of(e), rebuilt.vectors[e])
        assert pool.row(e).vector is None or np.array_equal(pool.row(e).vector, rebuilt.vectors[e])
    query = _vec(999)
    np.testing.assert_allclose(pool.vector_product(query), rebuilt.vectors @ query, rtol=1e-6)


def _moved(row: EmployeeRow, seed: int) -> EmployeeRow:
    return EmployeeRow(row.id, role=1, skills=row.skills, vector=_vec(seed))


def test_a_replaced_vector_shares_the_matrix_and_reads_new_while_the_old_pool_reads_old() -> None:
    crowd = _crowd()
    start = _pool(crowd)
    moved = _moved(crowd[5], 500)
    updated = start.patch_employee(moved)
    assert updated.vectors is start.vectors  # not copied
    assert updated.overlay is not None
    assert len(updated.overlay) == 1
    _reads_like(updated, _pool([*crowd[:5], moved, *crowd[6:]]))
    _reads_like(start, _pool(crowd))  # the reader's pool is untouched
    again = updated.patch_employee(_moved(crowd[5], 501))  # the same row replaced again
    assert again.overlay is not None
    assert len(again.overlay) == 1
    _reads_like(updated, _pool([*crowd[:5], moved, *crowd[6:]]))
    _reads_like(again, _pool([*crowd[:5], _moved(crowd[5], 501), *crowd[6:]]))


def test_appends_after_an_update_keep_the_overlay_and_the_spare_room() -> None:
    crowd = _crowd()
    updated = _pool(crowd).patch_employee(_moved(crowd[9], 77))
    new = EmployeeRow(9000, skills=((1, 3.0),), vector=_vec(78))
    later = updated.patch_employee(new)
    assert later.overlay is updated.overlay
    assert np.shares_memory(later.vectors, updated.vectors)
    _reads_like(later, _pool([*crowd[:9], _moved(crowd[9], 77), *crowd[10:], new]))


def test_insertions_removals_and_merges_take_the_overlay_into_one_copy() -> None:
    crowd = _crowd()
    updated = _pool(crowd).patch_employee(_moved(crowd[3], 300))
    expected = [*crowd[:3], _moved(crowd[3], 300), *crowd[4:]]
    inserted = updated.patch_employee(EmployeeRow(121, vector=_vec(301)))  # mid-pool
    assert inserted.overlay is None
    _reads_like(inserted, _pool([*expected, EmployeeRow(121, vector=_vec(301))]))
    removed = updated.remove_employee(crowd[10].id)
    assert removed.overlay is None
    _reads_like(removed, _pool([r for r in expected if r.id != crowd[10].id]))
    fresh = _pool([_moved(crowd[20], 302)])
    merged = updated.merged(fresh, [crowd[20].id])
    _reads_like(merged, _pool([r if r.id != crowd[20].id else _moved(r, 302) for r in expected]))


def test_a_full_overlay_is_taken_into_a_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pools_module, "FOLD", 3)
    crowd = _crowd()
    pool = _pool(crowd)
    expected = list(crowd)
    sizes = []
    for i in (2, 4, 6, 8):
        pool = pool.patch_employee(_moved(crowd[i], 700 + i))
        expected[i] = _moved(crowd[i], 700 + i)
        sizes.append(len(pool.overlay or ()))
        _reads_like(pool, _pool(expected))
    assert sizes == [1, 2, 3, 0]  # the fourth replaced row folded all into one copy
    assert pool.overlay is None
