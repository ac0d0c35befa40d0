"""The governance repository: set-based moves of all that refers to one skill over to another.

Each move is three statements, whatever the number of rows, on SQLite and PostgreSQL:
1. merge: rows of holders that already have the target take the stronger values of both;
2. delete the source rows that step 1 merged (nothing is lost: their values live on);
3. re-point every remaining source row to the target.
Counts come back for the change feed. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from talentmarket.db.base import utcnow
from talentmarket.learning.models import CourseSkill
from talentmarket.openings.models import OpeningRequirement
from talentmarket.people.models import EmployeeAspiration, EmployeeSkill
from talentmarket.taxonomy.models import RoleSkill, Skill, SkillRelation, TaskSkill

EVIDENCE_SEPARATOR = "\n"


def _greater(new: Any, old: Any) -> ColumnElement[Any]:
    """The larger of two values, NULL-aware (portable: no GREATEST in SQLite)."""
    return case((old.is_(None), new), (new.is_(None), old), (new > old, new), else_=old)


def _rank(status: Any, order: tuple[str, ...]) -> ColumnElement[int]:
    """Position of a status in order (best first): 0 best."""
    return case(*((status == s, i) for i, s in enumerate(order)), else_=len(order))


def _best_status(new: Any, old: Any, order: tuple[str, ...]) -> ColumnElement[Any]:
    return case((_rank(new, order) < _rank(old, order), new), else_=old)


def _union_text(new: Any, old: Any) -> ColumnElement[Any]:
    """Both texts kept: old, then new on its own line, unless empty or the same."""
    return case(
        (or_(new.is_(None), new == "", new == old), old),
        (or_(old.is_(None), old == ""), new),
        else_=old + EVIDENCE_SEPARATOR + new,
    )


@dataclass
class MoveCounts:
    """Rows re-pointed and rows merged into an existing target row, per kind."""

    counts: dict[str, int]

    def as_details(self) -> dict[str, int]:
        """Counts for the change feed (zeros left out)."""
        return {k: v for k, v in self.counts.items() if v}


class SkillMover:
    """Moves employee skills, requirements, aspirations, role and task links and
    relations from a source skill to a target skill, in bulk."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _run(self, stmt: Any) -> int:
        # Bulk statements: the ORM need not track the rows (the caller expires the
        # session afterwards), and must not fetch every changed id to do so.
        result = self.session.execute(stmt, execution_options={"synchronize_session": False})
        return int(getattr(result, "rowcount", 0) or 0)

    def _move(
        self,
        model: Any,
        owner: str,
        source_id: int,
        target_id: int,
        merged_values: Callable[[Any], dict[str, Any]],
        extra_where: tuple[ColumnElement[bool], ...] = (),
    ) -> tuple[int, int]:
        """Merge-delete-move for a table unique on (owner, skill_id); (moved, merged)."""
        src = aliased(model)
        tgt = aliased(model)
        owner_col = getattr(model, owner)
        src_of_target = and_(getattr(src, owner) == owner_col, src.skill_id == source_id)
        values = merged_values(src)
        if values:
            self._run(
                update(model)
                .where(model.skill_id == target_id, exists().where(src_of_target), *extra_where)
                .values(
                    {k: select(v).where(src_of_target).scalar_subquery() for k, v in values.items()}
                )
            )
        merged = self._run(
            delete(model).where(
                model.skill_id == source_id,
                exists().where(getattr(tgt, owner) == owner_col, tgt.skill_id == target_id),
                *extra_where,
            )
        )
        moved = self._run(
            update(model)
            .where(model.skill_id == source_id, *extra_where)
            .values(skill_id=target_id)
        )
        return moved, merged

    def employee_skills(self, source_id: int, target_id: int) -> tuple[int, int]:
        """Holders keep one row: the better status; its proficiency (the higher when the
        statuses tie); the higher confidence and last use; the evidence of both."""
        t = EmployeeSkill
        order = ("accepted", "suggested", "rejected")

        def values(s: Any) -> dict[str, Any]:
            better = _rank(s.status, order) < _rank(t.status, order)
            tie = _rank(s.status, order) == _rank(t.status, order)
            return {
                "proficiency": case(
                    (better, s.proficiency),
                    (tie, _greater(s.proficiency, t.proficiency)),
                    else_=t.proficiency,
                ),
                "status": _best_status(s.status, t.status, order),
                "confidence": _greater(s.confidence, t.confidence),
                "last_used": _greater(s.last_used, t.last_used),
                "evidence": _union_text(s.evidence, t.evidence),
                "updated_at": literal(utcnow()),
            }

        return self._move(t, "employee_id", source_id, target_id, values)

    def requirements(self, source_id: int, target_id: int) -> tuple[int, int]:
        """An opening keeps one requirement: must-have if either was, the higher minimum
        level and weight, the better status and confidence."""
        t = OpeningRequirement

        def values(s: Any) -> dict[str, Any]:
            return {
                "must_have": case((or_(s.must_have, t.must_have), True), else_=False),
                "min_proficiency": _greater(s.min_proficiency, t.min_proficiency),
                "weight": _greater(s.weight, t.weight),
                "status": _best_status(s.status, t.status, ("active", "suggested", "rejected")),
                "confidence": _greater(s.confidence, t.confidence),
            }

        return self._move(t, "opening_id", source_id, target_id, values)

    def aspirations(self, source_id: int, target_id: int) -> tuple[int, int]:
        """An employee who wants to grow both keeps one aspiration."""
        return self._move(EmployeeAspiration, "employee_id", source_id, target_id, lambda s: {})

    def role_skills(self, source_id: int, target_id: int) -> tuple[int, int]:
        """A role that needs both keeps one edge: essential if either, higher importance
        and level."""
        t = RoleSkill

        def values(s: Any) -> dict[str, Any]:
            essential = or_(s.relation == "essential", t.relation == "essential")
            return {
                "relation": case((essential, "essential"), else_="optional"),
                "importance": _greater(s.importance, t.importance),
                "level": _greater(s.level, t.level),
            }

        return self._move(t, "role_id", source_id, target_id, values)

    def task_skills(self, source_id: int, target_id: int) -> tuple[int, int]:
        """A task that uses both keeps one edge with the higher weight."""
        t = TaskSkill
        return self._move(
            t, "task_id", source_id, target_id, lambda s: {"weight": _greater(s.weight, t.weight)}
        )

    def course_skills(self, source_id: int, target_id: int) -> tuple[int, int]:
        """A course that teaches both keeps one row: the better status, the higher level."""
        t = CourseSkill
        order = ("accepted", "suggested", "rejected")

        def values(s: Any) -> dict[str, Any]:
            return {
                "status": _best_status(s.status, t.status, order),
                "proficiency": _greater(s.proficiency, t.proficiency),
            }

        return self._move(t, "course_id", source_id, target_id, values)

    def relations(self, source_id: int, target_id: int, *, copy_broader: bool) -> dict[str, int]:
        """Re-point the source's edges to the target: narrower skills, related, requires,
        essential/optional-for and same-as links, both directions. The source's own
        broader edges stay (it remains readable where it was); with copy_broader (merge)
        the target also joins the source's parents. Edges that would duplicate one of the
        target's or point at itself stay on the source, counted, never deleted."""
        r = SkillRelation
        x = aliased(SkillRelation)
        out_dup = exists().where(
            x.source_id == target_id, x.target_id == r.target_id, x.relation == r.relation
        )
        in_dup = exists().where(
            x.target_id == target_id, x.source_id == r.source_id, x.relation == r.relation
        )
        copied = 0
        if copy_broader:
            parents = select(
                literal(target_id), r.target_id, r.relation, r.weight, literal("merge")
            ).where(
                r.source_id == source_id,
                r.relation == "broader",
                r.target_id != target_id,
                ~out_dup,
            )
            # counted first: drivers differ on rowcount for INSERT ... SELECT
            copied = int(
                self.session.scalar(select(func.count()).select_from(parents.subquery())) or 0
            )
            self.session.execute(
                insert(SkillRelation).from_select(
                    ["source_id", "target_id", "relation", "weight", "origin"], parents
                )
            )
        moved = self._run(
            update(r)
            .where(r.source_id == source_id, r.relation != "broader", r.target_id != target_id)
            .where(~out_dup)
            .values(source_id=target_id)
        )
        moved += self._run(
            update(r)
            .where(r.target_id == source_id, r.source_id != target_id, ~in_dup)
            .values(target_id=target_id)
        )
        left = or_(
            and_(r.source_id == source_id, r.relation != "broader"), r.target_id == source_id
        )
        kept = int(self.session.scalar(select(func.count()).select_from(r).where(left)) or 0)
        return {"moved_relations": moved, "copied_broader": copied, "relations_kept": kept}

    def replacements(self, source_id: int, target_id: int) -> int:
        """Skills deprecated earlier in favour of the source now point at the target."""
        return self._run(
            update(Skill)
            .where(Skill.replaced_by_id == source_id, Skill.id != target_id)
            .values(replaced_by_id=target_id)
        )

    def move_all(self, source_id: int, target_id: int, *, copy_broader: bool) -> MoveCounts:
        """Every move above, in order; the counts for the change feed."""
        counts: dict[str, int] = {}
        for name, step in (
            ("employee_skills", self.employee_skills),
            ("requirements", self.requirements),
            ("aspirations", self.aspirations),
            ("role_skills", self.role_skills),
            ("task_skills", self.task_skills),
            ("course_skills", self.course_skills),
        ):
            moved, merged = step(source_id, target_id)
            counts[f"moved_{name}"] = moved
            counts[f"merged_{name}"] = merged
        counts.update(self.relations(source_id, target_id, copy_broader=copy_broader))
        counts["repointed_replacements"] = self.replacements(source_id, target_id)
        return MoveCounts(counts)
