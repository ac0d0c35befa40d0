"""Disk cache of text embeddings for benchmark and research scripts.

Encoding the whole ESCO taxonomy takes minutes on two cores; scripts that run many
experiments share vectors through this cache (a SQLite file, safe for several processes).
The service itself stores vectors in its own database (`talentmarket embed`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from talentmarket.textintel.encoders import Encoder, text_hash

CACHE_PATH = Path(os.environ.get("TALENTMARKET_EMBED_CACHE", "/work/cache/embeddings.sqlite"))


class CachedEncoder:
    """Wrap an encoder; vectors already in the cache are not recomputed."""

    def __init__(self, encoder: Encoder, path: Path = CACHE_PATH) -> None:
        self.encoder = encoder
        self.model_id = encoder.model_id
        self.dim = encoder.dim
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=120)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vec (model TEXT, h TEXT, v BLOB, PRIMARY KEY (model, h))"
        )

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        """Encode texts through the cache; shape (len(texts), dim)."""
        hashes = [text_hash(t) for t in texts]
        found: dict[str, NDArray[np.float32]] = {}
        unique = list(dict.fromkeys(hashes))
        for i in range(0, len(unique), 900):
            chunk = unique[i : i + 900]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT h, v FROM vec WHERE model=? AND h IN ({marks})",
                [self.model_id, *chunk],
            )
            for h, blob in rows:
                found[h] = np.frombuffer(blob, dtype=np.float32)
        missing = [i for i, h in enumerate(hashes) if h not in found]
        if missing:
            todo = list(dict.fromkeys(texts[i] for i in missing))
            vecs = self.encoder.encode(todo, batch_size=batch_size)
            rows_to_add = []
            for text, vec in zip(todo, vecs, strict=True):
                h = text_hash(text)
                found[h] = vec.astype(np.float32)
                rows_to_add.append((self.model_id, h, found[h].tobytes()))
            with self._db:
                self._db.executemany("INSERT OR IGNORE INTO vec VALUES (?, ?, ?)", rows_to_add)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[h] for h in hashes])
