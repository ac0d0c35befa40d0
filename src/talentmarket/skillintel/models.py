"""Confirmed title-to-role mappings: titles the company's HR (or its HRIS) has mapped, which
the title normaliser learns from at once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base, UtcDateTime, utcnow

MAPPING_SOURCES = ("api", "import", "confirmed")


class TitleMapping(Base):
    """One title as written, a role it means, and who said so; one row per title (compared
    cleaned and case-folded) and role, so posting it again changes nothing. A title may
    mean several roles (each confirmed); the memory then votes for each."""

    __tablename__ = "title_mappings"
    __table_args__ = (UniqueConstraint("title_key", "role_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    title_key: Mapped[str] = mapped_column(String(300), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(16), default="api")
    decided_by: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
