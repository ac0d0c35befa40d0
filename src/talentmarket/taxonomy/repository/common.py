"""What the taxonomy repositories share: reads by id, the skill reference, LIKE terms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import where_in

T = TypeVar("T")


def by_ids(session: Session, model: type[T], ids: Sequence[int]) -> list[T]:
    """Rows of a model by id, read in chunks of distinct ids, in id order."""
    column = model.id  # type: ignore[attr-defined]
    return [row for q in where_in(select(model), column, ids) for row in session.scalars(q)]


@dataclass(frozen=True)
class SkillRef:
    """A skill named by id or by URI, as API payloads do."""

    skill_id: int | None = None
    skill_uri: str | None = None

    def describe(self) -> str:
        """How the caller named the skill, for error messages."""
        return f"id {self.skill_id}" if self.skill_id is not None else f"URI {self.skill_uri}"


def like_term(term: str) -> str:
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
