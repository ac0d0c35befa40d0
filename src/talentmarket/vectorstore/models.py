"""Stored vectors: one row per (model, text) and one document vector per (entity, model).

Vectors are float32 bytes (little-endian) with their dimension beside them, so the same
tables serve SQLite and PostgreSQL. On PostgreSQL with pgvector, migration 0002 adds an
`embedding vector` column and HNSW indexes to `entity_vectors` that these models do not
declare (see `talentmarket.vectorstore.pgschema`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base, UtcDateTime, utcnow

ENTITIES = ("skill", "role", "employee", "opening")


class TextVector(Base):
    """The vector of one exact text (a label, a title, a sentence) under one model."""

    __tablename__ = "text_vectors"

    model_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(40), primary_key=True)
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class EntityVector(Base):
    """The document vector of one skill, role, employee or opening under one model."""

    __tablename__ = "entity_vectors"
    __table_args__ = (
        CheckConstraint("entity IN ('skill', 'role', 'employee', 'opening')", name="entity"),
    )

    entity: Mapped[str] = mapped_column(String(16), primary_key=True)
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    model_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(40))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
