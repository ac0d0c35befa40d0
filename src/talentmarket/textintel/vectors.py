"""Vector search: one protocol, an exact in-process implementation, and document pooling.

Vectors are float32 rows; scores are cosine similarities in [-1, 1], best first. The
pgvector implementation of the same protocol lives in `talentmarket.embeddings`, since
it needs the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from talentmarket.textintel.encoders import Encoder
from talentmarket.textintel.textsplit import split_segments

IdArray = NDArray[np.int64]
FloatArray = NDArray[np.float32]

# all-MiniLM-L6-v2 reads at most 256 word pieces; 120 words stay below that for ordinary
# prose (about 1.3 pieces a word) and near the 128 pieces the model was trained on.
CHUNK_WORDS = 120
_BLOCK_ROWS = 256  # queries per matrix product in search_many: (256, n) float32 at a time


@runtime_checkable
class VectorIndex(Protocol):
    """Nearest neighbours by cosine similarity over a fixed set of (id, vector) rows."""

    dim: int

    def __len__(self) -> int:
        """Number of indexed vectors."""
        ...

    def search(
        self, query: FloatArray, k: int, *, allowed: Iterable[int] | None = None
    ) -> tuple[IdArray, FloatArray]:
        """Top k of one query (dim,): ids (k',) int64 and scores (k',) float32, best first.

        k' = min(k, candidates); `allowed` restricts the candidates to these ids.
        """
        ...

    def search_many(self, queries: FloatArray, k: int) -> tuple[IdArray, FloatArray]:
        """Top k of each query (m, dim): ids (m, k') int64 and scores (m, k'), best first."""
        ...


def normalise_rows(matrix: ArrayLike) -> FloatArray:
    """Rows scaled to unit length, float32 (n, dim); zero rows stay zero."""
    m = np.asarray(matrix, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    if m.size and np.allclose(norms, 1.0, atol=1e-4):
        return np.ascontiguousarray(m)
    return np.ascontiguousarray(m / np.where(norms == 0.0, 1.0, norms)).astype(np.float32)


def top_k(scores: FloatArray, k: int) -> NDArray[np.intp]:
    """Positions of the k largest scores (n,), best first; ties go to the lower position."""
    n = scores.shape[0]
    k = min(k, n)
    if k <= 0:
        return np.zeros(0, dtype=np.intp)
    part = np.arange(n) if k == n else np.argpartition(-scores, k - 1)[:k]
    order = np.lexsort((part, -scores[part]))
    return part[order]


def top_k_rows(scores: FloatArray, k: int) -> NDArray[np.intp]:
    """Positions of the k largest scores of each row of (m, n): (m, min(k, n)), best first."""
    m, n = scores.shape
    k = min(k, n)
    if k <= 0:
        return np.zeros((m, 0), dtype=np.intp)
    part = (
        np.broadcast_to(np.arange(n), (m, n))
        if k == n
        else np.argpartition(-scores, k - 1, axis=1)[:, :k]
    )
    picked = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-picked, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


class NumpyIndex:
    """Exact cosine search in memory: one matrix product and a partial sort per query.

    ids (n,) int64 and matrix (n, dim) float32; rows are normalised once here. 100,000 x
    384 rows take 147 MB and answer one query in a few milliseconds on two cores.
    """

    def __init__(self, ids: ArrayLike, matrix: ArrayLike) -> None:
        self.ids: IdArray = np.asarray(ids, dtype=np.int64).reshape(-1)
        mat = np.asarray(matrix, dtype=np.float32)
        if mat.ndim != 2 or mat.shape[0] != self.ids.shape[0]:
            msg = f"matrix {mat.shape} does not fit {self.ids.shape[0]} ids"
            raise ValueError(msg)
        self.matrix: FloatArray = normalise_rows(mat) if mat.shape[0] else mat
        self.dim = int(mat.shape[1])
        self._sorter = np.argsort(self.ids, kind="stable")

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def _query(self, query: ArrayLike) -> FloatArray:
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.dim:
            msg = f"query has {q.shape[0]} dimensions, the index {self.dim}"
            raise ValueError(msg)
        unit: FloatArray = normalise_rows(q)[0]
        return unit

    def positions(self, ids: Iterable[int]) -> NDArray[np.intp]:
        """Row positions (p,) of the given ids that are in the index, ascending."""
        wanted = np.unique(np.fromiter(ids, dtype=np.int64))
        if wanted.size == 0 or len(self) == 0:
            return np.zeros(0, dtype=np.intp)
        at = np.searchsorted(self.ids, wanted, sorter=self._sorter)
        at = np.minimum(at, len(self) - 1)
        rows = self._sorter[at]
        return np.sort(rows[self.ids[rows] == wanted])

    def search(
        self, query: FloatArray, k: int, *, allowed: Iterable[int] | None = None
    ) -> tuple[IdArray, FloatArray]:
        """Top k of one query (dim,): ids (k',) int64 and scores (k',) float32, best first."""
        q = self._query(query)
        if allowed is None:
            scores = self.matrix @ q
            best = top_k(scores, k)
            return self.ids[best], scores[best]
        rows = self.positions(allowed)
        # A small subset is cheaper to gather than to score in full.
        sub = self.matrix[rows] @ q if rows.size * 4 < len(self) else (self.matrix @ q)[rows]
        best = top_k(sub, k)
        return self.ids[rows[best]], sub[best]

    def search_many(self, queries: FloatArray, k: int) -> tuple[IdArray, FloatArray]:
        """Top k of each query (m, dim): ids (m, k') int64 and scores (m, k'), best first."""
        qs = normalise_rows(queries)
        if qs.shape[1] != self.dim:
            msg = f"queries have {qs.shape[1]} dimensions, the index {self.dim}"
            raise ValueError(msg)
        kk = min(k, len(self))
        out_ids = np.zeros((qs.shape[0], kk), dtype=np.int64)
        out_scores = np.zeros((qs.shape[0], kk), dtype=np.float32)
        for start in range(0, qs.shape[0], _BLOCK_ROWS):
            scores = qs[start : start + _BLOCK_ROWS] @ self.matrix.T
            best = top_k_rows(scores, kk)
            out_ids[start : start + _BLOCK_ROWS] = self.ids[best]
            out_scores[start : start + _BLOCK_ROWS] = np.take_along_axis(scores, best, axis=1)
        return out_ids, out_scores


def split_chunks(text: str, max_words: int = CHUNK_WORDS) -> list[str]:
    """Sentence-like chunks of a long text (lines, bullets, sentences), each short enough
    for the encoder's window; word windows cut sentences longer than max_words."""
    return [seg.text for seg in split_segments(text, max_words=max_words)]


def mean_pool(vectors: FloatArray) -> FloatArray:
    """Mean of unit rows (n, dim), re-normalised: (dim,). Zero rows give a zero vector."""
    if vectors.shape[0] == 0:
        msg = "cannot pool zero vectors"
        raise ValueError(msg)
    mean = vectors.mean(axis=0, dtype=np.float64)
    norm = float(np.linalg.norm(mean))
    pooled: FloatArray = (mean / norm if norm > 0 else mean).astype(np.float32)
    return pooled


def document_vector(encoder: Encoder, text: str, max_words: int = CHUNK_WORDS) -> FloatArray:
    """One vector (dim,) for a text of any length: its chunks encoded, mean-pooled, unit.

    Nothing is cut off: a 20,000-character CV becomes a few hundred chunks. Stored chunk
    vectors are reused by `talentmarket.embeddings.service.document_vectors` instead.
    """
    chunks = split_chunks(text, max_words) or [text.strip()]
    return mean_pool(encoder.encode(chunks))


def as_chunks(pieces: Sequence[str], max_words: int = CHUNK_WORDS) -> list[str]:
    """Chunks of a document given as pieces: short pieces whole, long ones split."""
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if len(piece) <= 200 and "\n" not in piece:
            out.append(piece)
        else:
            out.extend(split_chunks(piece, max_words))
    return out
