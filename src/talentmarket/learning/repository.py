"""SQL of the learning catalogue."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from talentmarket.db.keyset import keyset_rows
from talentmarket.errors import NotFound
from talentmarket.learning.models import Course, CourseSkill
from talentmarket.paging import PageRequest
from talentmarket.taxonomy.models import Skill


@dataclass(frozen=True)
class CourseFilters:
    """What a catalogue list may be narrowed by."""

    q: str | None = None
    skill_id: int | None = None
    language: str | None = None
    difficulty: str | None = None
    provider: str | None = None
    status: str | None = "active"


class CourseRepository:
    """Courses and their skills."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, course: Course) -> Course:
        self.session.add(course)
        self.session.flush()
        return course

    def stage(self, row: CourseSkill) -> None:
        self.session.add(row)

    def flush(self) -> None:
        self.session.flush()

    def get(self, course_id: int) -> Course:
        found = self.session.get(Course, course_id)
        if found is None:
            raise NotFound(f"course {course_id} does not exist")
        return found

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(Course)) or 0)

    def by_external_id(self, external_id: str) -> Course | None:
        return self.session.scalar(select(Course).where(Course.external_id == external_id))

    def delete(self, course: Course) -> None:
        self.session.delete(course)
        self.session.flush()

    def page(self, filters: CourseFilters, page: PageRequest) -> tuple[list[Course], int, bool]:
        """Courses by id, narrowed by the filters."""
        stmt = select(Course)
        if filters.status:
            stmt = stmt.where(Course.status == filters.status)
        if filters.language:
            stmt = stmt.where(func.lower(Course.language) == filters.language.lower())
        if filters.difficulty:
            stmt = stmt.where(Course.difficulty == filters.difficulty)
        if filters.provider:
            stmt = stmt.where(func.lower(Course.provider) == filters.provider.lower())
        if filters.q:
            like = f"%{filters.q.lower()}%"
            stmt = stmt.where(
                or_(func.lower(Course.title).like(like), func.lower(Course.description).like(like))
            )
        if filters.skill_id is not None:
            stmt = stmt.where(
                exists().where(
                    CourseSkill.course_id == Course.id,
                    CourseSkill.skill_id == filters.skill_id,
                    CourseSkill.status == "accepted",
                )
            )
        return keyset_rows(self.session, stmt, Course.id, page)

    def skill_rows(self, course_id: int) -> dict[int, CourseSkill]:
        """skill id -> the course's row for it (any status)."""
        rows = self.session.scalars(select(CourseSkill).where(CourseSkill.course_id == course_id))
        return {r.skill_id: r for r in rows}

    def skills(self, course_ids: Collection[int]) -> list[tuple[CourseSkill, Skill]]:
        """The skill rows of these courses with their skills, by course then skill label."""
        if not course_ids:
            return []
        stmt = (
            select(CourseSkill, Skill)
            .join(Skill, Skill.id == CourseSkill.skill_id)
            .where(CourseSkill.course_id.in_(sorted(course_ids)))
            .order_by(CourseSkill.course_id, Skill.label)
        )
        return [(r, s) for r, s in self.session.execute(stmt).all()]

    def teaching(self, skill_ids: Collection[int]) -> list[tuple[Course, int, int]]:
        """(course, skill id, level it teaches) for each accepted skill among these, over
        active courses."""
        if not skill_ids:
            return []
        stmt = (
            select(Course, CourseSkill.skill_id, CourseSkill.proficiency)
            .join(CourseSkill, CourseSkill.course_id == Course.id)
            .where(
                CourseSkill.skill_id.in_(sorted(skill_ids)),
                CourseSkill.status == "accepted",
                Course.status == "active",
            )
            .order_by(Course.id)
        )
        return [(c, int(s), int(p)) for c, s, p in self.session.execute(stmt).all()]
