"""The extractor's encoder memory: the same vectors as the model, each distinct text
encoded once, the least recently used forgotten first."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from talentmarket.textintel.encoders import HashingEncoder
from talentmarket.textintel.remembering import RememberingEncoder


class Counting(HashingEncoder):
    def __init__(self) -> None:
        super().__init__(dim=64)
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        self.seen.extend(texts)
        return super().encode(texts, batch_size)


def test_vectors_equal_the_inner_encoders_and_each_text_is_encoded_once() -> None:
    inner = Counting()
    memory = RememberingEncoder(inner, capacity=10)
    texts = ["Strong SQL skills", "Fluent English", "Strong SQL skills"]

    first = memory.encode(texts)
    again = memory.encode(["Fluent English", "Team player"])

    np.testing.assert_allclose(first, HashingEncoder(dim=64).encode(texts), atol=1e-6)
    np.testing.assert_allclose(again[0], first[1], atol=0)
    assert inner.seen == ["Strong SQL skills", "Fluent English", "Team player"]
    assert (memory.hits, memory.misses) == (1, 3)  # the repeat within a call is no hit
    assert memory.model_id == inner.model_id
    assert memory.dim == 64
    assert memory.encode([]).shape == (0, 64)


def test_the_least_recently_used_text_is_forgotten_first() -> None:
    inner = Counting()
    memory = RememberingEncoder(inner, capacity=2)
    memory.encode(["a b", "c d"])
    memory.encode(["a b"])  # "a b" is now the most recent
    memory.encode(["e f"])  # "c d" goes
    inner.seen.clear()
    memory.encode(["a b", "c d", "e f"])
    assert inner.seen == ["c d"]
    memory.forget()
    inner.seen.clear()
    memory.encode(["a b"])
    assert inner.seen == ["a b"]


class Together(Counting):
    """An encoder that runs several lists at once (as ONNX Runtime does)."""

    passes_at_once = True

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[list[str]]] = []

    def encode_together(self, groups: Sequence[Sequence[str]]) -> list[NDArray[np.float32]]:
        self.calls.append([list(g) for g in groups])
        return [self.encode(g) for g in groups]


def test_lists_encoded_together_skip_what_the_memory_holds() -> None:
    inner = Together()
    memory = RememberingEncoder(inner, capacity=10)
    memory.encode(["Strong SQL skills"])
    segments, phrases = memory.encode_together(
        [["Strong SQL skills", "Fluent English"], ["SQL", "English", "SQL"]]
    )
    # only the texts not remembered reach the model, in one call, each once
    assert inner.calls == [[["Fluent English"], ["SQL", "English"]]]
    plain = HashingEncoder(dim=64)
    np.testing.assert_allclose(segments, plain.encode(["Strong SQL skills", "Fluent English"]))
    np.testing.assert_allclose(phrases, plain.encode(["SQL", "English", "SQL"]))
    assert (memory.hits, memory.misses) == (1, 4)
    assert memory.passes_at_once  # the inner encoder's ability shows through
    again = memory.encode_together([["Fluent English"], ["SQL"]])
    assert len(inner.calls) == 2
    assert inner.calls[-1] == [[], []]
    np.testing.assert_allclose(again[1], phrases[:1])


def test_a_memory_smaller_than_the_lists_still_answers_every_text() -> None:
    memory = RememberingEncoder(Together(), capacity=1)
    memory.encode(["a b"])
    texts = [["a b", "c d"], ["e f", "a b", "g h"]]
    out = memory.encode_together(texts)
    plain = HashingEncoder(dim=64)
    for got, want in zip(out, texts, strict=True):
        np.testing.assert_allclose(got, plain.encode(want))
