"""One row per person who chose to answer: their self-reported categories and consent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base, UtcDateTime, utcnow


class Demographics(Base):
    """Self-reported, optional, with consent: a person without consent has no row."""

    __tablename__ = "demographics"

    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True
    )
    sex: Mapped[str | None] = mapped_column(String(64), default=None)
    race_ethnicity: Mapped[str | None] = mapped_column(String(64), default=None)
    age_band: Mapped[str | None] = mapped_column(String(32), default=None)
    disability: Mapped[str | None] = mapped_column(String(16), default=None)
    consented_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
