"""An encoder that remembers the vectors of the texts it encoded lately.

Job ads, profiles, course texts and searches repeat themselves at the level of lines and
phrases ("Strong SQL skills", "Fluent English", "You work in an agile team"), and a text
is often extracted more than once (an opening saved again, the same search paged). The
extractor encodes every segment and phrase; this wrapper answers the ones it saw lately
from memory, encodes the rest in one call, and encodes a text repeated within one call
once. The vectors are the model's own (a text encoded alone or in a batch differs by
rounding only, below 1e-6), so extraction results do not change.

`capacity` texts are kept, least recently used out first: 20,000 of 384 float32 values
is about 31 MB. Counters say how often the memory answered.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from talentmarket.textintel.encoders import Encoder, encode_together
from talentmarket.textintel.memory import RecentMemory


def encode_remembered(
    encoder: Encoder,
    memory: RecentMemory[NDArray[np.float32]],
    texts: Sequence[str],
    keys: Sequence[Hashable],
    batch_size: int = 64,
) -> tuple[NDArray[np.float32], int, int]:
    """Vectors of texts (len(texts), dim), how many came from memory and how many distinct
    texts were encoded: `keys[i]` names `texts[i]` in the memory; the distinct keys not in
    it are encoded in one call and kept."""
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    todo: dict[Hashable, list[int]] = {}
    for row, key in enumerate(keys):
        vector = memory.get(key)
        if vector is None:
            todo.setdefault(key, []).append(row)
        else:
            out[row] = vector
    if todo:
        firsts = [rows[0] for rows in todo.values()]
        encoded = np.asarray(encoder.encode([texts[r] for r in firsts], batch_size))
        for (key, rows), vector in zip(todo.items(), encoded, strict=True):
            out[rows] = vector
            memory.put(key, np.array(vector, dtype=np.float32))
    return out, len(texts) - sum(len(rows) for rows in todo.values()), len(todo)


class RememberingEncoder:
    """`inner`, with the vectors of the last `capacity` texts kept."""

    def __init__(self, inner: Encoder, capacity: int) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self._memory: RecentMemory[NDArray[np.float32]] = RecentMemory(capacity)
        self.hits = 0  # texts answered from memory
        self.misses = 0  # distinct texts encoded

    @property
    def dim(self) -> int:
        """Vector size of the inner encoder."""
        return self.inner.dim

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        """Vectors of texts (len(texts), dim): remembered ones from memory, the other
        distinct texts encoded in one call and remembered."""
        out, hits, misses = encode_remembered(self.inner, self._memory, texts, texts, batch_size)
        self.hits += hits
        self.misses += misses
        return out

    def encode_together(self, groups: Sequence[Sequence[str]]) -> list[NDArray[np.float32]]:
        """`encode` of several lists of texts, the distinct texts not remembered of each
        encoded side by side (the inner encoder's `encode_together`) and remembered."""
        known: dict[str, NDArray[np.float32]] = {}
        missing: list[list[str]] = []
        for group in groups:
            missing.append([])
            for text in dict.fromkeys(group):
                vector = self._memory.get(text)
                if vector is None:
                    missing[-1].append(text)
                else:
                    known[text] = vector
        fresh: dict[str, NDArray[np.float32]] = {}
        for texts, vectors in zip(missing, encode_together(self.inner, missing), strict=True):
            fresh.update(zip(texts, np.asarray(vectors, dtype=np.float32), strict=True))
        out = []
        for group in groups:
            rows = np.zeros((len(group), self.dim), dtype=np.float32)
            for i, text in enumerate(group):
                rows[i] = fresh[text] if text in fresh else known[text]
            self.hits += sum(1 for text in group if text not in fresh)
            out.append(rows)
        for text, vector in fresh.items():
            self._memory.put(text, vector)
        self.misses += len(fresh)
        return out

    def forget(self) -> None:
        """Drop every remembered vector."""
        self._memory.clear()

    def __getattr__(self, name: str) -> Any:
        # what the inner encoder offers beyond `encode` (one-pass `encode_spans`)
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.inner, name)
