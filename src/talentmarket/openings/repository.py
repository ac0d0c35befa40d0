"""Reads and writes of openings and their requirements."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import where_in
from talentmarket.db.keyset import keyset_rows
from talentmarket.errors import NotFound
from talentmarket.openings.market import VacancySkill
from talentmarket.openings.models import Decision, Interest, Opening, OpeningRequirement
from talentmarket.paging import PageRequest
from talentmarket.people.repository import like_pattern, linked_labels, same_text
from talentmarket.taxonomy.models import Role, Skill


@dataclass(frozen=True)
class OpeningFilters:
    """Filters of the opening list; None means 'any'."""

    kind: str | None = None
    status: str | None = None
    department: str | None = None
    location: str | None = None
    remote: bool | None = None
    role_id: int | None = None
    skill_id: int | None = None
    owner_id: int | None = None
    q: str | None = None


class OpeningRepository:
    """Openings and their requirements."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, opening_id: int) -> Opening:
        """An opening by id; raises NotFound."""
        opening = self.session.get(Opening, opening_id)
        if opening is None:
            raise NotFound(f"opening {opening_id} does not exist")
        return opening

    def by_external_id(self, external_id: str) -> Opening | None:
        """The opening with this ATS id, if any."""
        return self.session.scalar(select(Opening).where(Opening.external_id == external_id))

    def add(self, opening: Opening) -> Opening:
        """Stage a new opening and flush so it has an id."""
        self.session.add(opening)
        self.session.flush()
        return opening

    def role_of(self, opening: Opening) -> Role | None:
        """The opening's role, if any."""
        return self.session.get(Role, opening.role_id) if opening.role_id else None

    def stage(self, row: OpeningRequirement) -> None:
        """Add a requirement row (written at the next flush)."""
        self.session.add(row)

    def remove(self, row: OpeningRequirement) -> None:
        """Delete a requirement row."""
        self.session.delete(row)

    def flush(self) -> None:
        """Write staged changes (ids, timestamps) without committing."""
        self.session.flush()

    def delete(self, opening: Opening) -> None:
        """Delete an opening; the database cascades requirements, decisions and interests."""
        self.session.execute(delete(Opening).where(Opening.id == opening.id))

    def query(self, filters: OpeningFilters | None = None) -> Select[Opening]:
        """Openings filtered, in id order."""
        f = filters or OpeningFilters()
        stmt = select(Opening).order_by(Opening.id)
        if f.kind:
            stmt = stmt.where(Opening.kind == f.kind)
        if f.status:
            stmt = stmt.where(Opening.status == f.status)
        if f.department:
            stmt = stmt.where(same_text(Opening.department, f.department))
        if f.location:
            stmt = stmt.where(same_text(Opening.location, f.location))
        if f.remote is not None:
            stmt = stmt.where(Opening.remote.is_(f.remote))
        if f.role_id is not None:
            stmt = stmt.where(Opening.role_id == f.role_id)
        if f.owner_id is not None:
            stmt = stmt.where(Opening.owner_id == f.owner_id)
        if f.skill_id is not None:
            asking = select(OpeningRequirement.opening_id).where(
                OpeningRequirement.skill_id == f.skill_id, OpeningRequirement.status == "active"
            )
            stmt = stmt.where(Opening.id.in_(asking))
        if f.q:
            pattern = like_pattern(f.q)
            stmt = stmt.where(
                or_(
                    func.lower(Opening.title).like(pattern, escape="\\"),
                    func.lower(Opening.description).like(pattern, escape="\\"),
                )
            )
        return stmt

    def page(self, stmt: Select[Opening], page: PageRequest) -> tuple[list[Opening], int, bool]:
        """The rows of a page (by id, one more than shown) and the total."""
        return keyset_rows(self.session, stmt, Opening.id, page)

    def requirements(self, opening_id: int) -> list[tuple[OpeningRequirement, Skill]]:
        """The opening's requirements with their skills: must-haves first, heaviest first."""
        stmt = (
            select(OpeningRequirement, Skill)
            .join(Skill, Skill.id == OpeningRequirement.skill_id)
            .where(OpeningRequirement.opening_id == opening_id)
            .order_by(
                OpeningRequirement.status,
                OpeningRequirement.must_have.desc(),
                OpeningRequirement.weight.desc(),
                Skill.label,
            )
        )
        return [(row, skill) for row, skill in self.session.execute(stmt)]

    def skill_demand(self) -> dict[int, float]:
        """How many active requirements of openings ask for each skill."""
        stmt = (
            select(OpeningRequirement.skill_id, func.count())
            .join(Opening, Opening.id == OpeningRequirement.opening_id)
            .where(OpeningRequirement.status == "active")
            .group_by(OpeningRequirement.skill_id)
        )
        return {int(skill_id): float(n) for skill_id, n in self.session.execute(stmt)}

    def market_demand(self) -> dict[int, float]:
        """How many imported real vacancies ask for each skill (`openings.market`)."""
        stmt = select(VacancySkill.skill_id, func.sum(VacancySkill.vacancies)).group_by(
            VacancySkill.skill_id
        )
        return {int(skill_id): float(n) for skill_id, n in self.session.execute(stmt)}

    def requirement_rows(self, opening_id: int) -> dict[int, OpeningRequirement]:
        """The opening's requirement rows keyed by skill id (every status)."""
        stmt = select(OpeningRequirement).where(OpeningRequirement.opening_id == opening_id)
        return {row.skill_id: row for row in self.session.scalars(stmt)}

    def document_fields(self, ids: Sequence[int] | None) -> Iterator[tuple[int, str, str]]:
        """(id, title, description) of every opening or of these ids."""
        query = select(Opening.id, Opening.title, Opening.description)
        for q in where_in(query, Opening.id, ids):
            for oid, title, description in self.session.execute(q):
                yield int(oid), title, description

    def required_labels(self, ids: Sequence[int] | None) -> dict[int, list[str]]:
        """opening id -> sorted labels of the skills it requires (active requirements)."""
        return linked_labels(
            self.session,
            OpeningRequirement.opening_id,
            OpeningRequirement.skill_id,
            ids,
            OpeningRequirement.status == "active",
        )


DECISION_STATUS = {
    "shortlist": "shortlisted",
    "select": "selected",
    "reject": "declined",
    "withdraw": "withdrawn",
}
APPLICATION_STATUSES = ("applied", *DECISION_STATUS.values())


def latest_decisions(session: Session, opening_id: int) -> dict[int, str]:
    """Each person's latest decision for an opening (shortlist, select, reject, withdraw);
    decisions about erased people are left out."""
    stmt = (
        select(Decision.employee_id, Decision.decision)
        .where(Decision.opening_id == opening_id, Decision.employee_id.is_not(None))
        .order_by(Decision.id)
    )
    return {int(e): str(d) for e, d in session.execute(stmt) if e is not None}


def application_statuses(session: Session, opening_id: int) -> dict[int, str]:
    """Each person's application status for an opening: their latest decision
    (shortlisted, selected, declined, withdrawn), else `applied` when they applied."""
    statuses = {e: DECISION_STATUS[d] for e, d in latest_decisions(session, opening_id).items()}
    applied = select(Interest.employee_id).where(
        Interest.opening_id == opening_id, Interest.action == "apply"
    )
    for employee_id in session.scalars(applied):
        statuses.setdefault(int(employee_id), "applied")
    return statuses


def applications_of(session: Session, employee_id: int) -> list[tuple[Opening, str]]:
    """The openings a person applied to or was decided about, with their status there,
    newest opening first."""
    decided = select(Decision.opening_id, Decision.decision).where(
        Decision.employee_id == employee_id
    )
    statuses = {
        int(o): DECISION_STATUS[str(d)] for o, d in session.execute(decided.order_by(Decision.id))
    }
    applied = select(Interest.opening_id).where(
        Interest.employee_id == employee_id, Interest.action == "apply"
    )
    for opening_id in session.scalars(applied):
        statuses.setdefault(int(opening_id), "applied")
    if not statuses:
        return []
    openings = session.scalars(
        select(Opening).where(Opening.id.in_(list(statuses))).order_by(Opening.id.desc())
    )
    return [(o, statuses[o.id]) for o in openings]


def ever_promoted(session: Session, opening_id: int) -> set[int]:
    """People ever shortlisted or selected for the opening."""
    stmt = select(Decision.employee_id).where(
        Decision.opening_id == opening_id,
        Decision.decision.in_(("shortlist", "select")),
        Decision.employee_id.is_not(None),
    )
    return {int(e) for e in session.scalars(stmt) if e is not None}


def selected_count(session: Session, opening_id: int) -> int:
    """People whose latest decision for the opening is `select`."""
    return sum(1 for d in latest_decisions(session, opening_id).values() if d == "select")
