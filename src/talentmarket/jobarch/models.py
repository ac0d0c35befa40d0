"""What keeps role profiles current besides the vacancy counts (`openings.market`): the
admins' decisions on suggested profile changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base, UtcDateTime, utcnow


class ProfileDecision(Base):
    """An admin's answer to a suggestion to add a skill to a role profile or drop one; the
    latest answer per role, skill and action counts."""

    __tablename__ = "role_profile_decisions"

    role_id: Mapped[int] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True
    )
    action: Mapped[str] = mapped_column(String(8), primary_key=True)  # add | drop
    decision: Mapped[str] = mapped_column(String(8))  # accept | reject
    reason: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_by: Mapped[str] = mapped_column(String(128), default="")
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
