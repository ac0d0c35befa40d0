"""Encoder plumbing: length batches, the background loader, vector tables, greedy dedupe."""

from __future__ import annotations

import threading
from itertools import pairwise

import numpy as np
import pytest

from talentmarket.textintel.encoders import (
    BackgroundEncoder,
    HashingEncoder,
    TextVectors,
    length_batches,
    stack_vectors,
    vector_rows,
)
from talentmarket.textintel.extracted import distinct_rows


@pytest.mark.parametrize("n", [0, 1, 7, 60, 600])
def test_length_batches_cover_every_text_once_shortest_first(n: int) -> None:
    lengths = np.random.default_rng(n).integers(3, 60, n).tolist()
    batches = length_batches(lengths, batch_size=16)
    flat = np.concatenate(batches) if batches else np.array([], dtype=np.int64)
    assert sorted(flat.tolist()) == list(range(n))
    assert all(1 <= len(b) <= 16 for b in batches)
    ordered = [lengths[i] for i in flat]
    assert ordered == sorted(ordered)


def test_length_batches_split_short_from_long_texts() -> None:
    # ten phrases of 5 tokens and two sentences of 60: padding the phrases to 60 would
    # cost far more than a second model call
    lengths = [5] * 10 + [60, 60]
    batches = length_batches(lengths, batch_size=64)
    assert [sorted(b.tolist()) for b in batches] == [list(range(10)), [10, 11]]
    # equal lengths stay in one call
    assert len(length_batches([9] * 40, batch_size=64)) == 1


def _greedy(vectors: np.ndarray, owner: np.ndarray, threshold: float) -> list[int]:
    bounds = [*np.flatnonzero(np.r_[True, np.diff(owner) != 0]).tolist(), len(owner)]
    keep: list[int] = []
    for lo, hi in pairwise(bounds):
        kept = [lo]
        for j in range(lo + 1, hi):
            if max(float(vectors[j] @ vectors[k]) for k in kept) < threshold:
                kept.append(j)
        keep.extend(kept)
    return keep


@pytest.mark.parametrize("threshold", [0.5, 0.8, 0.95])
def test_distinct_rows_is_the_greedy_pass(threshold: float) -> None:
    rng = np.random.default_rng(3)
    owner = np.sort(rng.integers(0, 40, 300))
    centres = rng.standard_normal((40, 16))
    vectors = centres[owner] + 0.6 * rng.standard_normal((300, 16))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    expected = _greedy(vectors, owner, threshold)
    assert distinct_rows(vectors, owner, threshold).tolist() == expected
    # the same rows read through an index into a shuffled matrix
    perm = rng.permutation(300)
    shuffled = vectors[perm]
    rows = np.argsort(perm)
    assert distinct_rows(shuffled, owner, threshold, rows=rows).tolist() == expected


def test_text_vectors_give_rows_without_copying() -> None:
    matrix = np.arange(12, dtype=np.float32).reshape(4, 3)
    table = TextVectors(["a", "b", "c", "d"], matrix)
    assert "c" in table
    assert "z" not in table
    assert len(table) == 4
    got, rows = vector_rows(table, ["d", "a", "d"], 3)
    assert got is matrix
    assert rows.tolist() == [3, 0, 3]
    plain = {"a": matrix[0], "d": matrix[3]}
    assert stack_vectors(plain, ["d", "a"], 3).tolist() == [matrix[3].tolist(), matrix[0].tolist()]
    assert stack_vectors(table, ["b"], 3).tolist() == [matrix[1].tolist()]


def test_background_encoder_answers_model_id_at_once_and_encodes_after_load() -> None:
    release = threading.Event()

    def load() -> HashingEncoder:
        release.wait(5)
        return HashingEncoder(dim=32)

    encoder = BackgroundEncoder(load, "hashing-32", 32)
    assert encoder.model_id == "hashing-32"
    assert encoder.dim == 32
    release.set()
    vectors = encoder.encode(["python", "sql"])
    assert vectors.shape == (2, 32)
    assert np.allclose(vectors, HashingEncoder(dim=32).encode(["python", "sql"]))


def test_background_encoder_reports_a_failed_load() -> None:
    def load() -> HashingEncoder:
        raise FileNotFoundError("no such model folder")

    encoder = BackgroundEncoder(load, "missing", None)
    with pytest.raises(RuntimeError, match="no such model folder"):
        encoder.encode(["x"])
    with pytest.raises(RuntimeError, match="failed to load"):
        _ = encoder.dim


def test_core_monitor_counts_other_processes_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from talentmarket.textintel import cpu

    # (all cores busy, all cores total, this process busy) in ticks, on two cores
    readings = iter([(0.0, 0.0, 0.0), (150.0, 200.0, 50.0), (200.0, 400.0, 100.0)])
    monkeypatch.setattr(cpu, "_read_times", lambda: next(readings))
    monkeypatch.setattr(cpu.os, "cpu_count", lambda: 2)
    monitor = cpu.CoreMonitor(interval=0.0)
    # 150 busy ticks of 200 on two cores, 50 of them ours: others kept one core busy
    assert monitor.free_threads(2) == 1
    monitor.interval = 3600.0  # within the interval the last figure stands
    assert monitor.others() == pytest.approx(1.0)
    # the next 200 ticks: 50 busy, all ours, so the cores are free again
    monitor.interval = 0.0
    assert monitor.free_threads(2) == 2
    assert monitor.free_threads(1) == 1


def test_core_monitor_without_proc_reports_free_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    from talentmarket.textintel import cpu

    monkeypatch.setattr(cpu, "_read_times", lambda: None)
    monitor = cpu.CoreMonitor(interval=0.0)
    assert monitor.others() == 0.0
    assert monitor.free_threads(monitor.cores) == monitor.cores
