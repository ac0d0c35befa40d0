"""Rules of the learning catalogue: upsert courses, find and confirm their skills, and
choose the courses that close most of a gap per hour of learning.

A course's skills come from two places: the skills its catalogue names, and the skills
the extractor finds in its title and description (with the words it found them in).
Both wait as suggestions until an admin accepts or rejects them; only accepted skills
make a course a recommendation. A decision is never overwritten by a later import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.errors import NotFound
from talentmarket.learning.models import Course, CourseSkill
from talentmarket.learning.repository import CourseFilters, CourseRepository
from talentmarket.learning.schemas import (
    CourseIn,
    CourseOffer,
    CourseRead,
    CourseSkillDecision,
    CourseSkillRead,
    CourseUpsertResult,
)
from talentmarket.paging import Page, PageRequest
from talentmarket.people.shared import assign, resolve_skills
from talentmarket.runtime import Runtime
from talentmarket.shapes import SkillBrief
from talentmarket.skillintel.service import extract_skills
from talentmarket.skillintel.suggest import evidence_of
from talentmarket.taxonomy.repository import SkillRepository

FIELDS = (
    "title",
    "provider",
    "description",
    "url",
    "format",
    "duration_hours",
    "difficulty",
    "language",
    "status",
)
EXTRACTED_PER_COURSE = 12
LEVEL_REACHED = {"beginner": 2, "intermediate": 3, "advanced": 4}


def course_reads(session: Session, courses: list[Course]) -> list[CourseRead]:
    """Courses with their skills (rejected ones included, marked)."""
    by_course: dict[int, list[CourseSkillRead]] = defaultdict(list)
    for row, skill in CourseRepository(session).skills([c.id for c in courses]):
        by_course[row.course_id].append(
            CourseSkillRead(
                skill=SkillBrief.model_validate(skill),
                status=row.status,
                source=row.source,
                proficiency=row.proficiency,
                confidence=row.confidence,
                evidence=row.evidence,
            )
        )
    return [
        CourseRead.model_validate(
            {
                **{f: getattr(c, f) for f in FIELDS},
                "id": c.id,
                "external_id": c.external_id,
                "updated_at": c.updated_at,
                "skills": by_course[c.id],
            }
        )
        for c in courses
    ]


def get_course(session: Session, course_id: int) -> CourseRead:
    """One course with its skills."""
    return course_reads(session, [CourseRepository(session).get(course_id)])[0]


def list_courses(session: Session, filters: CourseFilters, page: PageRequest) -> Page[CourseRead]:
    """The catalogue by id, narrowed by the filters."""
    rows, total, more = CourseRepository(session).page(filters, page)
    return page.keyed(course_reads(session, rows), total, more, key=lambda c: c.id)


def _found_in_text(
    session: Session, runtime: Runtime, course: Course, known: Mapping[int, CourseSkill]
) -> list[CourseSkill]:
    """Suggestions from the course's own words, for skills it has no row for."""
    text = f"{course.title}.\n{course.description}"[: runtime.settings.max_text_chars]
    found = extract_skills(session, runtime, text, EXTRACTED_PER_COURSE)
    return [
        CourseSkill(
            course_id=course.id,
            skill_id=f.skill_id,
            status="suggested",
            source="extracted",
            proficiency=LEVEL_REACHED.get(course.difficulty, 3),
            confidence=round(f.score, 4),
            evidence=evidence_of(f),
        )
        for f in found
        if f.skill_id not in known
    ]


def _write(
    session: Session, runtime: Runtime, course: Course, body: CourseIn, confirm_named: bool
) -> bool:
    """Apply the body; add the named and found skills it has no row for. True on change."""
    repo = CourseRepository(session)
    created = course.id is None
    reread = created or (course.title, course.description) != (body.title, body.description)
    changed = assign(course, {f: getattr(body, f) for f in FIELDS})
    if created:
        repo.add(course)
    rows = repo.skill_rows(course.id)
    added: list[CourseSkill] = []
    for item, skill in zip(
        body.skills, resolve_skills(session, body.skills, "skills"), strict=True
    ):
        if skill.id not in rows:
            row = CourseSkill(
                course_id=course.id,
                skill_id=skill.id,
                status="accepted" if confirm_named else "suggested",
                source="catalogue",
                proficiency=item.proficiency,
            )
            rows[skill.id] = row
            added.append(row)
    if reread:
        added += _found_in_text(session, runtime, course, rows)
    for row in added:
        repo.stage(row)
    if added and not changed:
        course.updated_at = utcnow()
    repo.flush()
    return changed or bool(added)


def create_course(session: Session, runtime: Runtime, body: CourseIn) -> CourseRead:
    """A new course; its skills are found in its text as suggestions."""
    course = Course()
    _write(session, runtime, course, body, confirm_named=False)
    return get_course(session, course.id)


def upsert_course(
    session: Session,
    runtime: Runtime,
    external_id: str,
    body: CourseIn,
    *,
    confirm_named: bool = False,
) -> CourseUpsertResult:
    """Create or update the course with the LMS's id; the same body twice changes nothing.
    `confirm_named`: the skills the catalogue names are accepted at once (an admin's
    import of a catalogue they vouch for)."""
    course = CourseRepository(session).by_external_id(external_id)
    if course is None:
        course = Course(external_id=external_id)
        _write(session, runtime, course, body, confirm_named)
        return CourseUpsertResult(result="created", course=get_course(session, course.id))
    changed = _write(session, runtime, course, body, confirm_named)
    return CourseUpsertResult(
        result="updated" if changed else "unchanged", course=get_course(session, course.id)
    )


def delete_course(session: Session, course_id: int) -> None:
    """Remove a course with its skills."""
    repo = CourseRepository(session)
    repo.delete(repo.get(course_id))


def decide_skill(
    session: Session, course_id: int, skill_id: int, body: CourseSkillDecision
) -> CourseRead:
    """An admin accepts (adding it if it was not suggested) or rejects a course's skill."""
    repo = CourseRepository(session)
    course = repo.get(course_id)
    row = repo.skill_rows(course_id).get(skill_id)
    if row is None:
        if body.decision == "reject":
            raise NotFound(f"course {course_id} has no skill {skill_id}")
        if not SkillRepository(session).by_ids([skill_id]):
            raise NotFound(f"skill {skill_id} does not exist", field="skill_id")
        row = CourseSkill(course_id=course_id, skill_id=skill_id, source="admin")
        row.proficiency = LEVEL_REACHED.get(course.difficulty, 3)
        repo.stage(row)
    row.status = "accepted" if body.decision == "accept" else "rejected"
    if body.proficiency is not None:
        row.proficiency = body.proficiency
    course.updated_at = utcnow()
    repo.flush()
    return get_course(session, course_id)


def offers(
    session: Session,
    gap: Mapping[int, tuple[float, float]],
    labels: Mapping[int, SkillBrief],
    limit: int,
) -> list[CourseOffer]:
    """Courses that teach skills of a gap, best first by how much of the gap they cover
    per hour. `gap`: skill id -> (weight, level asked); a course teaching a skill below
    the level asked covers that share of it (level taught / level asked)."""
    total = sum(w for w, _ in gap.values()) or 1.0
    covered: dict[int, float] = defaultdict(float)
    skills: dict[int, list[int]] = defaultdict(list)
    courses: dict[int, Course] = {}
    for course, skill_id, level in CourseRepository(session).teaching(list(gap)):
        weight, asked = gap[skill_id]
        covered[course.id] += weight / total * min(1.0, level / max(asked, 1.0))
        skills[course.id].append(skill_id)
        courses[course.id] = course
    per_hour = {cid: covered[cid] / courses[cid].duration_hours for cid in courses}
    ranked = sorted(per_hour, key=lambda cid: (-per_hour[cid], cid))[:limit]
    return [
        CourseOffer(
            id=cid,
            title=courses[cid].title,
            provider=courses[cid].provider,
            url=courses[cid].url,
            duration_hours=courses[cid].duration_hours,
            difficulty=courses[cid].difficulty,
            language=courses[cid].language,
            covers=[labels[s] for s in skills[cid] if s in labels],
            gap_per_hour=round(per_hour[cid], 4),
        )
        for cid in ranked
    ]
