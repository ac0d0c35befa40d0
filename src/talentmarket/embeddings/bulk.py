"""What `talentmarket embed` does over the whole database: label vectors, then document
vectors, per kind of entity."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlalchemy.orm import Session

from talentmarket.embeddings.service import (
    BATCH_SIZE,
    EmbedStats,
    Progress,
    ensure_entity_vectors,
    ensure_label_vectors,
    no_progress,
)
from talentmarket.embeddings.sources import SourceReader
from talentmarket.textintel.encoders import Encoder

KINDS = ("skills", "roles", "employees", "openings")
ENTITY_OF_KIND = dict(zip(KINDS, ("skill", "role", "employee", "opening"), strict=True))


def run_embed(
    session: Session,
    encoder: Encoder,
    kinds: Sequence[str] = KINDS,
    *,
    readers: Mapping[str, SourceReader] | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress = no_progress,
    checkpoint: Callable[[], None] | None = None,
) -> list[EmbedStats]:
    """What `talentmarket embed` does: label vectors, then document vectors, per kind;
    `readers` maps "employee" and "opening" to their features' source readers."""
    out: list[EmbedStats] = []
    for kind in kinds:
        if kind not in KINDS:
            msg = f"unknown kind {kind!r}; expected some of {', '.join(KINDS)}"
            raise ValueError(msg)
        if kind in ("skills", "roles"):
            out.append(
                ensure_label_vectors(
                    session,
                    encoder,
                    kind,
                    batch_size=batch_size,
                    progress=progress,
                    checkpoint=checkpoint,
                )
            )
        out.append(
            ensure_entity_vectors(
                session,
                encoder,
                ENTITY_OF_KIND[kind],
                reader=(readers or {}).get(ENTITY_OF_KIND[kind]),
                batch_size=batch_size,
                progress=progress,
                checkpoint=checkpoint,
            )
        )
    return out
