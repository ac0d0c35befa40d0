"""Embedding work: encode only what is not stored yet, in batches, with progress.

Text vectors are keyed by (model, hash of the exact text), so a label, title or sentence
is encoded once per model wherever it appears. Document vectors of skills, roles,
employees and openings are mean-pooled chunk vectors, keyed by a hash of their source
(`talentmarket.embeddings.sources`) and recomputed only when it or the model changes.
Services flush and never commit; a caller that wants resumable work passes `checkpoint`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.db.versions import note_rows
from talentmarket.embeddings.recent import encode_recent
from talentmarket.embeddings.sources import (
    ENTITY_NAMES,
    SourceReader,
    entity_sources,
    label_texts,
    source_hash,
)
from talentmarket.textintel.encoders import Encoder, text_hash
from talentmarket.textintel.vectors import as_chunks, mean_pool, split_chunks
from talentmarket.vectorstore.repository import VectorRepository

Progress = Callable[[str, int, int], None]
FloatArray = NDArray[np.float32]
IdArray = NDArray[np.int64]
BATCH_SIZE = 64
DOCS_PER_BLOCK = 512  # documents pooled and stored per step (then `checkpoint` runs)
TEXTS_PER_BLOCK = 1024  # encoded texts stored per step
ANALYZE_AFTER = 1000  # document vectors written in one pass before statistics are refreshed
# PostgreSQL keeps an HNSW index up to date at ~100-150 rows/s on a busy 2-core machine but
# builds one over 100,000 rows in ~90 s: drop and rebuild around passes at least this big.
BULK_INDEX_REBUILD = 5000


def no_progress(stage: str, done: int, total: int) -> None:
    """Progress callback that shows nothing."""


def vector_version_name(entity: str) -> str:
    """Data-version name bumped when an entity's stored document vectors change."""
    return f"vectors:{entity}"


@dataclass
class EmbedStats:
    """What one embedding pass did."""

    kind: str
    texts: int = 0
    texts_computed: int = 0
    texts_reused: int = 0
    documents: int = 0
    documents_computed: int = 0
    documents_reused: int = 0
    documents_removed: int = 0
    seconds: float = 0.0

    @property
    def computed(self) -> int:
        """Vectors encoded or pooled in this pass (texts and documents)."""
        return self.texts_computed + self.documents_computed

    def as_dict(self) -> dict[str, float | int | str]:
        """Plain values, for JSON."""
        return asdict(self)


def _unique_hashes(texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """Unique texts (first occurrence order) and their hashes."""
    unique = list(dict.fromkeys(texts))
    return unique, [text_hash(t) for t in unique]


def _encode_and_store(
    repo: VectorRepository,
    encoder: Encoder,
    texts: Sequence[str],
    hashes: Sequence[str],
    batch_size: int,
    progress: Progress,
    stage: str,
    checkpoint: Callable[[], None] | None,
    keep: bool = True,
) -> FloatArray:
    """Encode texts (shortest first, less padding) and store them; returns (n, dim), or
    (0, dim) when keep is False."""
    out = np.zeros((len(texts) if keep else 0, encoder.dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    progress(stage, 0, len(texts))
    for start in range(0, len(order), TEXTS_PER_BLOCK):
        block = order[start : start + TEXTS_PER_BLOCK]
        block_texts = [texts[i] for i in block]
        vectors = np.zeros((len(block), encoder.dim), dtype=np.float32)
        for b in range(0, len(block), batch_size):
            batch = block_texts[b : b + batch_size]
            vectors[b : b + batch_size] = encoder.encode(batch, batch_size)
            progress(stage, start + min(b + batch_size, len(block)), len(texts))
        repo.add_text_vectors(encoder.model_id, [hashes[i] for i in block], vectors)
        if keep:
            out[block] = vectors
        repo.session.flush()
        if checkpoint is not None:
            checkpoint()
    return out


def _count(stats: EmbedStats | None, unique: int, computed: int) -> None:
    """Add a pass over `unique` distinct texts, `computed` of them encoded, to stats."""
    if stats is not None:
        stats.texts += unique
        stats.texts_computed += computed
        stats.texts_reused += unique - computed


def _store_missing(
    repo: VectorRepository,
    encoder: Encoder,
    unique: Sequence[str],
    hashes: Sequence[str],
    missing: Sequence[int],
    batch_size: int,
    progress: Progress,
    stage: str,
    stats: EmbedStats | None,
    checkpoint: Callable[[], None] | None,
    *,
    keep: bool,
) -> FloatArray | None:
    """Encode and store the texts at `missing` of unique and count the pass in stats;
    returns their vectors (len(missing), dim), or None when keep is False or none is
    missing (the encoder, which may load a model, is touched only when one is)."""
    out = None
    if missing:
        out = _encode_and_store(
            repo,
            encoder,
            [unique[i] for i in missing],
            [hashes[i] for i in missing],
            batch_size,
            progress,
            stage,
            checkpoint,
            keep=keep,
        )
    _count(stats, len(unique), len(missing))
    return out


def embed_texts(
    session: Session,
    encoder: Encoder,
    texts: Sequence[str],
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress = no_progress,
    stage: str = "texts",
    stats: EmbedStats | None = None,
    checkpoint: Callable[[], None] | None = None,
    store: bool = True,
) -> FloatArray:
    """Vectors of texts (n, dim) float32, unit rows: stored ones read, the rest encoded
    (and stored, unless store=False: one-off query texts need not be kept)."""
    repo = VectorRepository(session)
    unique, hashes = _unique_hashes(texts)
    matrix, found = repo.read_text_vectors(encoder.model_id, hashes, encoder.dim)
    missing = np.flatnonzero(~found)
    if not store:
        if missing.size:
            wanted = missing.tolist()
            matrix[missing] = encode_recent(
                encoder, [unique[i] for i in wanted], [hashes[i] for i in wanted], batch_size
            )
        _count(stats, len(unique), int(missing.size))
    else:
        matrix[missing] = _store_missing(
            repo,
            encoder,
            unique,
            hashes,
            missing.tolist(),
            batch_size,
            progress,
            stage,
            stats,
            checkpoint,
            keep=True,
        )
    if len(unique) == len(texts):
        return matrix
    where = {t: i for i, t in enumerate(unique)}
    return matrix[[where[t] for t in texts]]


def ensure_texts(
    session: Session,
    encoder: Encoder,
    texts: Sequence[str],
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress = no_progress,
    stage: str = "texts",
    stats: EmbedStats | None = None,
    checkpoint: Callable[[], None] | None = None,
) -> None:
    """Make sure every text has a stored vector, reading none of the stored ones."""
    repo = VectorRepository(session)
    unique, hashes = _unique_hashes(texts)
    have = repo.existing_hashes(encoder.model_id, hashes)
    missing = [i for i, h in enumerate(hashes) if h not in have]
    _store_missing(
        repo,
        encoder,
        unique,
        hashes,
        missing,
        batch_size,
        progress,
        stage,
        stats,
        checkpoint,
        keep=False,
    )


def document_vectors(
    session: Session,
    encoder: Encoder,
    documents: Sequence[Sequence[str]],
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress = no_progress,
    stage: str = "chunks",
    stats: EmbedStats | None = None,
    checkpoint: Callable[[], None] | None = None,
    store: bool = True,
) -> FloatArray:
    """One unit vector per document (n, dim); a document is a list of pieces (see
    `as_chunks`). Chunk vectors are stored (unless store=False: readers keep them in
    memory), so a repeated sentence is encoded once. A document without text gets a zero
    row."""
    chunked = [as_chunks(doc) for doc in documents]
    flat = [c for chunks in chunked for c in chunks]
    vectors = embed_texts(
        session,
        encoder,
        flat,
        batch_size=batch_size,
        progress=progress,
        stage=stage,
        stats=stats,
        checkpoint=checkpoint,
        store=store,
    )
    out = np.zeros((len(documents), encoder.dim), dtype=np.float32)
    at = 0
    for i, chunks in enumerate(chunked):
        if chunks:
            out[i] = mean_pool(vectors[at : at + len(chunks)])
        at += len(chunks)
    return out


def document_vector(
    session: Session, encoder: Encoder, text: str, *, store: bool = True
) -> FloatArray:
    """One unit vector (dim,) for a text of any length (a CV, a job ad), nothing cut off:
    sentence chunks that fit the model's window, encoded (or read), mean-pooled."""
    chunks = split_chunks(text) or [text.strip() or text]
    return mean_pool(embed_texts(session, encoder, chunks, store=store))


def ensure_label_vectors(
    session: Session,
    encoder: Encoder,
    kind: str,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress = no_progress,
    checkpoint: Callable[[], None] | None = None,
) -> EmbedStats:
    """Store vectors of every skill label variant ('skills') or role title ('roles')."""
    stats = EmbedStats(kind=f"{kind[:-1]} labels")
    started = time.perf_counter()
    texts = label_texts(session, kind)
    ensure_texts(
        session,
        encoder,
        texts,
        batch_size=batch_size,
        progress=progress,
        stage=stats.kind,
        stats=stats,
        checkpoint=checkpoint,
    )
    stats.seconds = round(time.perf_counter() - started, 2)
    return stats


def ensure_entity_vectors(
    session: Session,
    encoder: Encoder,
    entity: str,
    ids: Iterable[int] | None = None,
    *,
    reader: SourceReader | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress = no_progress,
    checkpoint: Callable[[], None] | None = None,
) -> EmbedStats:
    """Recompute the document vectors of an entity kind (all, or these ids) whose source
    text or model changed; drop those of deleted entities or empty sources. Employees and
    openings need their feature's `reader` (see `embeddings.sources.entity_sources`)."""
    if entity not in ENTITY_NAMES:
        msg = f"unknown entity {entity!r}; expected one of {', '.join(ENTITY_NAMES)}"
        raise ValueError(msg)
    started = time.perf_counter()
    stats = EmbedStats(kind=f"{entity} documents")
    repo = VectorRepository(session)
    wanted = None if ids is None else sorted(set(ids))
    sources = entity_sources(session, entity, wanted, reader)
    stored = repo.entity_hashes(entity, encoder.model_id, wanted)
    hashes = {eid: source_hash(pieces) for eid, pieces in sources.items() if pieces}
    stale = sorted(eid for eid, h in hashes.items() if stored.get(eid) != h)
    gone = sorted(set(stored) - set(hashes))
    stats.documents = len(hashes)
    stats.documents_reused = len(hashes) - len(stale)
    if gone:
        stats.documents_removed = repo.delete_entity_vectors(entity, encoder.model_id, gone)
    stage = f"{entity} documents"
    progress(stage, 0, len(stale))
    # Searches meanwhile run exact (slower, still right); the index comes back at the end
    # of this pass, or of the next one if this one is interrupted.
    if len(stale) >= BULK_INDEX_REBUILD:
        repo.drop_hnsw_index(entity)
    _write_documents(
        session, encoder, entity, stale, sources, hashes, batch_size, progress, stats, checkpoint
    )
    repo.ensure_hnsw_index(entity)
    if len(stale) >= ANALYZE_AFTER:
        repo.refresh_statistics()
    if stale or gone:  # a few named rows are recorded, so caches patch them
        note_rows(session, vector_version_name(entity), None if wanted is None else stale + gone)
        if checkpoint is not None:
            checkpoint()
    stats.seconds = round(time.perf_counter() - started, 2)
    return stats


def _write_documents(
    session: Session,
    encoder: Encoder,
    entity: str,
    stale: list[int],
    sources: Mapping[int, Sequence[str]],
    hashes: Mapping[int, str],
    batch_size: int,
    progress: Progress,
    stats: EmbedStats,
    checkpoint: Callable[[], None] | None,
) -> None:
    """Compute and store the stale documents' vectors, a block at a time."""
    repo = VectorRepository(session)
    for start in range(0, len(stale), DOCS_PER_BLOCK):
        block = stale[start : start + DOCS_PER_BLOCK]
        vectors = document_vectors(
            session,
            encoder,
            [sources[eid] for eid in block],
            batch_size=batch_size,
            progress=progress,
            stage=f"{entity} chunks",
            stats=stats,
            checkpoint=None,
        )
        repo.upsert_entity_vectors(
            entity, encoder.model_id, block, [hashes[eid] for eid in block], vectors
        )
        stats.documents_computed += len(block)
        session.flush()
        progress(f"{entity} documents", start + len(block), len(stale))
        if checkpoint is not None:
            checkpoint()


def load_entity_matrix(
    session: Session, entity: str, model_id: str, ids: Iterable[int] | None = None
) -> tuple[IdArray, FloatArray]:
    """Stored document vectors of an entity kind: ids (n,) int64 ascending, (n, dim) float32."""
    return VectorRepository(session).entity_matrix(entity, model_id, ids)
