"""Label rows give the float32 scores: exactly where the CPU has no bfloat16 arithmetic
(up to float16 rounding for a single query), up to bfloat16 rounding where it has (either
is forced here, whatever this CPU has)."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from talentmarket.textintel import linalg
from talentmarket.textintel.cpu import machine, native_bfloat16
from talentmarket.textintel.linalg import Rows


@pytest.fixture(params=[True, False], ids=["bfloat16", "float32"])
def bfloat16(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    native: bool = request.param
    monkeypatch.setattr(linalg, "product_bfloat16", lambda: native)
    return native


def _unit(n: int, d: int, seed: int) -> np.ndarray:
    m = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    out: np.ndarray = m / np.linalg.norm(m, axis=1, keepdims=True)
    return out


def test_products_equal_float32_up_to_bfloat16_rounding(bfloat16: bool) -> None:
    labels, queries = _unit(500, 64, 1), _unit(7, 64, 2)
    rows = Rows(labels)
    exact = queries @ labels.T
    got = rows.against(queries)
    assert got.dtype == np.float32
    assert got.shape == (7, 500)
    np.testing.assert_allclose(got, exact, atol=2e-2 if bfloat16 else 1e-5)
    if bfloat16:
        assert not np.allclose(got, exact, atol=1e-4)  # really the bfloat16 copy
    flipped = rows.against(queries, rows_first=True)
    assert flipped.shape == (500, 7)
    np.testing.assert_allclose(flipped, got.T, atol=1e-6)
    # the best label of each query is still the best, or one within rounding of it
    best = exact[np.arange(7), got.argmax(axis=1)]
    assert np.all(exact.max(axis=1) - best < 8e-3)


def test_a_single_query_reads_half_precision_rows(bfloat16: bool) -> None:
    labels, query = _unit(2_000, 64, 8), _unit(1, 64, 9)
    rows = Rows(labels)
    exact = query @ labels.T
    got = rows.against(query)
    assert got.shape == (1, 2_000)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, exact, atol=2e-2 if bfloat16 else 2e-3)
    assert not np.allclose(got, exact, atol=1e-5)  # a half-precision copy, not the matrix
    np.testing.assert_allclose(rows.against(query, rows_first=True), got.T, atol=1e-6)
    assert exact[0, got.argmax()] > exact.max() - 8e-3
    if not bfloat16:  # two queries or more read the float32 matrix again
        pair = np.vstack([query, query])
        np.testing.assert_allclose(rows.against(pair), np.vstack([exact, exact]), atol=1e-5)


def test_pickles_without_the_copy_and_answers_for_no_queries(bfloat16: bool) -> None:
    rows = Rows(_unit(50, 16, 3))
    rows.against(_unit(2, 16, 4))
    assert rows._product_rows is not None
    again = pickle.loads(pickle.dumps(rows))
    assert again._product_rows is None
    np.testing.assert_array_equal(again.matrix, rows.matrix)
    assert again.against(np.zeros((0, 16), np.float32)).shape == (0, 50)
    assert again.against(np.zeros((0, 16), np.float32), rows_first=True).shape == (50, 0)


def test_group_maxima_equal_the_maxima_of_the_product_less_the_penalty(bfloat16: bool) -> None:
    labels, queries = _unit(500, 64, 5), _unit(6, 64, 6)
    owner = np.sort(np.random.default_rng(7).integers(0, 120, 500))
    starts = np.flatnonzero(np.r_[True, np.diff(owner) != 0])
    penalty = np.where(np.arange(500) % 3 == 0, 0.02, 0.0).astype(np.float32)
    rows = Rows(labels)
    got = rows.group_max(queries, starts, penalty)
    assert got.shape == (len(starts), 6)
    want = np.maximum.reduceat(rows.against(queries, rows_first=True) - penalty[:, None], starts)
    np.testing.assert_allclose(got, want, atol=1e-6)  # the same products, the same maxima
    exact = np.maximum.reduceat((labels @ queries.T) - penalty[:, None], starts)
    np.testing.assert_allclose(got, exact, atol=2e-2 if bfloat16 else 1e-5)
    assert rows.group_max(np.zeros((0, 64), np.float32), starts, penalty).shape == (len(starts), 0)


@pytest.mark.parametrize(
    ("line", "native"),
    [
        ("flags\t\t: fpu sse4_2 avx2 avx512f avx512_bf16 avx512_vnni", True),
        ("flags\t\t: fpu sse4_2 avx2 fma", False),
        ("flags\t\t: avx512f amx_bf16 amx_tile", True),
        ("Features\t: fp asimd bf16 i8mm", True),
        ("Features\t: fp asimd crc32", False),
    ],
)
def test_bfloat16_is_native_only_where_the_cpu_says_so(
    tmp_path: Path, line: str, native: bool
) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text(f"processor\t: 0\nmodel name\t: some cpu\n{line}\n\nprocessor\t: 1\n")
    assert native_bfloat16(info) is native
    assert native_bfloat16(tmp_path / "missing") is False


def test_a_benchmark_names_the_machine_it_ran_on(tmp_path: Path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx2 fma\n")
    seen = machine(info)
    assert seen["cpu"] == "AMD EPYC"
    assert (seen["bfloat16"], seen["int8_dot"]) == (False, False)
    info.write_text("model name\t: Xeon\nflags\t\t: avx512f avx512_bf16 avx512_vnni\n")
    assert (machine(info)["bfloat16"], machine(info)["int8_dot"]) == (True, True)
    assert machine(tmp_path / "missing")["cpu"] == "unknown"
