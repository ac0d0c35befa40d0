"""Readers remember what they encoded lately: a repeated ranking or search skips the model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from talentmarket.embeddings import recent
from talentmarket.textintel.encoders import HashingEncoder, text_hash
from talentmarket.textintel.memory import RecentMemory


class Counting(HashingEncoder):
    """The test encoder, counting the texts it encodes."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        self.seen.extend(texts)
        return super().encode(texts, batch_size)


def test_a_text_is_encoded_once_then_remembered() -> None:
    recent.forget()
    encoder = Counting()
    texts = ["Build dashboards in SQL", "Mentor junior analysts"]
    hashes = [text_hash(t) for t in texts]
    first = recent.encode_recent(encoder, texts, hashes, 64)
    again = recent.encode_recent(encoder, texts[::-1], hashes[::-1], 64)
    assert encoder.seen == texts
    np.testing.assert_array_equal(first, again[::-1])
    np.testing.assert_array_equal(first, encoder.encode(texts))


def test_the_memory_drops_the_least_recently_used() -> None:
    memory: RecentMemory[int] = RecentMemory(2)
    memory.put("a", 1)
    memory.put("b", 2)
    assert memory.get("a") == 1  # a is now the most recent
    memory.put("c", 3)
    assert memory.get("b") is None
    assert (memory.get("a"), memory.get("c"), len(memory)) == (1, 3, 2)
