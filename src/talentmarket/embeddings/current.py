"""Document vectors as an entity's text reads now, for readers: nothing is written.

A ranking needs a vector for its query side that matches the current text, and one for
every pool member. Stored vectors are read; missing ones (and, when asked, stale ones:
computed from other text) are encoded in memory from their chunks (chunk vectors already
stored are reused) and not kept, because reads never write. Stored vectors are refreshed
where text is written (the people and openings services) and by `talentmarket embed`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.embeddings.service import document_vectors, load_entity_matrix
from talentmarket.embeddings.sources import SourceReader, entity_sources, source_hash
from talentmarket.textintel.encoders import Encoder
from talentmarket.vectorstore.repository import VectorRepository

FloatArray = NDArray[np.float32]
IdArray = NDArray[np.int64]


def stale_entities(
    session: Session,
    entity: str,
    model_id: str,
    ids: Iterable[int],
    reader: SourceReader | None = None,
) -> tuple[dict[int, list[str]], list[int]]:
    """Sources of the ids that have text, and those of them whose stored vector is missing
    or was computed from other text (ascending)."""
    sources = {e: p for e, p in entity_sources(session, entity, list(ids), reader).items() if p}
    stored = VectorRepository(session).entity_hashes(entity, model_id, sorted(sources))
    stale = sorted(e for e, pieces in sources.items() if stored.get(e) != source_hash(pieces))
    return sources, stale


def stale_vectors(
    session: Session,
    encoder: Encoder,
    entity: str,
    ids: Iterable[int],
    reader: SourceReader | None = None,
) -> tuple[list[int], IdArray, FloatArray]:
    """Ids that have text (ascending), and those of them whose stored vector is missing or
    stale (n,) with their vectors as the text is now (n, dim), encoded in memory."""
    sources, stale = stale_entities(session, entity, encoder.model_id, ids, reader)
    computed = document_vectors(session, encoder, [sources[e] for e in stale], store=False)
    return sorted(sources), np.asarray(stale, dtype=np.int64), computed


def current_vectors(
    session: Session,
    encoder: Encoder,
    entity: str,
    ids: Iterable[int],
    reader: SourceReader | None = None,
) -> tuple[IdArray, FloatArray]:
    """Vectors of these entity ids as their text is now: ids (n,) ascending (those with
    text) and (n, dim) float32 unit rows; fresh stored ones read, the rest encoded."""
    sources, stale = stale_entities(session, entity, encoder.model_id, ids, reader)
    fresh = sorted(set(sources) - set(stale))
    stored_ids, stored = load_entity_matrix(session, entity, encoder.model_id, fresh)
    if stored.shape[1] != encoder.dim:
        stored_ids, stored = np.zeros(0, np.int64), np.zeros((0, encoder.dim), np.float32)
        stale = sorted(sources)
    computed = document_vectors(session, encoder, [sources[e] for e in stale], store=False)
    all_ids = np.concatenate([stored_ids, np.asarray(stale, dtype=np.int64)])
    order = np.argsort(all_ids, kind="stable")
    matrix = np.concatenate([stored, computed]).astype(np.float32)
    return all_ids[order], matrix[order]
