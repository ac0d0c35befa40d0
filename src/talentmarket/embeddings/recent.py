"""Vectors a reader encoded lately, kept in memory for the next reader.

Readers never write, so a ranking whose query side has no stored vector (an opening not
embedded yet, a recruiter's free-text search) encodes its text in memory. Without a
memory every repeat of that ranking paid the model pass again: on the demo database,
where openings are not embedded, a model pass was 55% of the busy time of
`GET /v1/openings/{id}/candidates`. The last `CAPACITY` texts per process are kept,
keyed by model and text hash, least recently used first out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from talentmarket.textintel.encoders import Encoder
from talentmarket.textintel.memory import RecentMemory
from talentmarket.textintel.remembering import encode_remembered

CAPACITY = 20_000  # about 31 MB of 384-dimensional float32 rows

_recent: RecentMemory[NDArray[np.float32]] = RecentMemory(CAPACITY)


def encode_recent(
    encoder: Encoder, texts: Sequence[str], hashes: Sequence[str], batch_size: int
) -> NDArray[np.float32]:
    """Vectors of texts (n, dim): those encoded lately from memory, the rest encoded now
    and remembered. `hashes[i]` is the text hash of `texts[i]`."""
    keys = [(encoder.model_id, key) for key in hashes]
    return encode_remembered(encoder, _recent, texts, keys, batch_size)[0]


def forget() -> None:
    """Drop every remembered vector (tests; a model change keys new entries anyway)."""
    _recent.clear()
