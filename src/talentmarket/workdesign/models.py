"""A task's labelled exposure to language models, kept beside the taxonomy's task."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base


class TaskExposure(Base):
    """People's label (E0, E1, E2) of an O*NET task, GPT-4's label and automation level
    beside it, from the "GPTs are GPTs" data (Eloundou, Manning, Mishkin and Rock, 2023)."""

    __tablename__ = "task_exposure"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    )
    human: Mapped[str] = mapped_column(String(4))
    gpt4: Mapped[str] = mapped_column(String(4), default="")
    automation: Mapped[str] = mapped_column(String(4), default="")
    source: Mapped[str] = mapped_column(String(64), default="gpts-are-gpts-2023")
