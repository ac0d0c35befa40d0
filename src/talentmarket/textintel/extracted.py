"""The vocabulary of skill extraction: the labels of a skill it reads, what it finds (a
skill with its score and the spans of text behind it), and the helpers that turn labels
into encoder rows and job-ad frequencies into a prior."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class SkillLabels:
    """What the extractor needs to know about one skill."""

    id: int
    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    skill_type: str = ""
    reuse_level: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """Characters `original[start:end] == text` that support a skill."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ExtractedSkill:
    """A skill found in a text: score in [0, 1] and the spans that support it."""

    skill_id: int
    uri: str
    label: str
    score: float
    spans: tuple[Span, ...]


def variant_texts(skill: SkillLabels) -> list[str]:
    """The preferred label then the distinct alternative labels (case-insensitive)."""
    seen: set[str] = set()
    out: list[str] = []
    for text in (skill.label, *skill.alt_labels):
        text = text.strip()
        if text and text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


def distinct_rows(
    vectors: NDArray[np.float32],
    owner: NDArray[np.int64],
    threshold: float,
    *,
    rows: NDArray[np.int64] | None = None,
) -> NDArray[np.int64]:
    """Rows to keep: per owner, greedily drop rows with cosine >= threshold to a kept one.

    Row i is vectors[i] (unit length), or vectors[rows[i]] when `rows` is given; owner (n,)
    is sorted, and the first row of each owner is kept.
    """
    n = len(owner)
    if threshold >= 1.0 or n == 0:
        return np.arange(n, dtype=np.int64)
    where = np.arange(n, dtype=np.int64) if rows is None else rows
    starts = np.flatnonzero(np.r_[True, np.diff(owner) != 0])
    sizes = np.diff(np.r_[starts, n])
    keep = np.ones(n, dtype=bool)
    # Owners with the same number of rows go together: one batched Gram matrix, and the
    # greedy pass runs over positions (at most the largest group), not over owners.
    for size in np.unique(sizes[sizes > 1]).tolist():
        group = starts[sizes == size][:, None] + np.arange(size)  # (m, size)
        block = vectors[where[group]]  # (m, size, dim)
        sims = block @ block.transpose(0, 2, 1)  # (m, size, size)
        kept = np.zeros(group.shape, dtype=bool)
        kept[:, 0] = True
        for j in range(1, size):
            kept[:, j] = ~((sims[:, j, :j] >= threshold) & kept[:, :j]).any(axis=1)
        keep[group] = kept
    return np.flatnonzero(keep).astype(np.int64)


def frequency_prior(frequency: Mapping[int, float], ids: Sequence[int]) -> NDArray[np.float32]:
    """log(1 + count) scaled to [0, 1] for each id (0 when unknown): shape (len(ids),)."""
    counts = np.array([max(float(frequency.get(i, 0.0)), 0.0) for i in ids], dtype=np.float64)
    top = float(np.log1p(counts.max())) if counts.size else 0.0
    if top <= 0.0:
        return np.zeros(len(ids), dtype=np.float32)
    return (np.log1p(counts) / top).astype(np.float32)
