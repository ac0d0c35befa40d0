"""Reads and writes of employees, their skills and aspirations.

Every read of employees for ranking or search goes through
`PeopleRepository.visible_candidates`, which applies visibility and consent.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from talentmarket.db.chunked import where_in
from talentmarket.db.keyset import keyset_rows
from talentmarket.errors import NotFound
from talentmarket.paging import PageRequest
from talentmarket.people.models import Employee, EmployeeAspiration, EmployeeSkill
from talentmarket.taxonomy.models import Role, Skill


def like_pattern(term: str) -> str:
    """A case-insensitive LIKE pattern matching term anywhere (escape character '\\')."""
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def same_text(column: InstrumentedAttribute[str], value: str) -> ColumnElement[bool]:
    """Case-insensitive equality, for free-text labels such as department or location."""
    return func.lower(column) == value.strip().lower()


def count_rows(session: Session, stmt: Select[Any]) -> int:
    """Rows a select would return."""
    counted = select(func.count()).select_from(stmt.order_by(None).subquery())
    return int(session.scalar(counted) or 0)


def linked_labels(
    session: Session, owner: Any, skill: Any, ids: Sequence[int] | None, *where: Any
) -> dict[int, list[str]]:
    """owner id -> sorted labels of the linked skills, for every owner or these ids
    (`owner` and `skill` are a link table's columns; `where` filters its rows)."""
    out: dict[int, list[str]] = {}
    query = select(owner, Skill.label).join(Skill, Skill.id == skill).where(*where)
    for q in where_in(query, owner, ids):
        for owner_id, label in session.execute(q):
            out.setdefault(int(owner_id), []).append(label)
    return {owner_id: sorted(labels) for owner_id, labels in out.items()}


@dataclass(frozen=True)
class EmployeeFilters:
    """Filters of the employee list; None means 'any'."""

    department: str | None = None
    location: str | None = None
    role_id: int | None = None
    skill_id: int | None = None
    min_proficiency: int = 1
    open_to_opportunities: bool | None = None
    visible_to_recruiters: bool | None = None
    status: str | None = None
    q: str | None = None


class PeopleRepository:
    """Employees, the skills they hold and their aspirations."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- single employees -------------------------------------------------------------

    def get(self, employee_id: int) -> Employee:
        """An employee by id; raises NotFound."""
        employee = self.session.get(Employee, employee_id)
        if employee is None:
            raise NotFound(f"employee {employee_id} does not exist")
        return employee

    def by_email(self, email: str) -> Employee | None:
        """The employee with this (lower-cased) email, if any."""
        return self.session.scalar(select(Employee).where(Employee.email == email.lower()))

    def by_external_id(self, external_id: str) -> Employee | None:
        """The employee with this HRIS id, if any."""
        return self.session.scalar(select(Employee).where(Employee.external_id == external_id))

    def add(self, employee: Employee) -> Employee:
        """Stage a new employee and flush so it has an id."""
        self.session.add(employee)
        self.session.flush()
        return employee

    def find(self, employee_id: int) -> Employee | None:
        """An employee by id, if any."""
        return self.session.get(Employee, employee_id)

    def current_role(self, employee: Employee) -> Role | None:
        """The employee's current role, if any."""
        return (
            self.session.get(Role, employee.current_role_id) if employee.current_role_id else None
        )

    def stage(self, row: EmployeeSkill | EmployeeAspiration) -> None:
        """Add a skill or aspiration row (written at the next flush)."""
        self.session.add(row)

    def add_skill_row(self, row: EmployeeSkill) -> EmployeeSkill | None:
        """Insert a new skill row now; when another writer added the same skill first,
        insert nothing and return theirs (so that two adds of one skill both succeed)."""
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return self.session.scalar(
                select(EmployeeSkill).where(
                    EmployeeSkill.employee_id == row.employee_id,
                    EmployeeSkill.skill_id == row.skill_id,
                )
            )
        return None

    def remove(self, row: EmployeeSkill | EmployeeAspiration) -> None:
        """Delete a skill or aspiration row."""
        self.session.delete(row)

    def flush(self) -> None:
        """Write staged changes (ids, timestamps) without committing."""
        self.session.flush()

    def first(self, stmt: Select[Employee]) -> Employee | None:
        """The first employee a select picks, if any."""
        return self.session.scalar(stmt)

    def delete(self, employee: Employee) -> None:
        """Delete an employee; the database cascades skills, aspirations and decisions."""
        self.session.execute(delete(Employee).where(Employee.id == employee.id))

    def manager_chain(self, manager_id: int, limit: int = 1000) -> list[int]:
        """Ids from manager_id up the management line (stops on a loop or after limit)."""
        chain: list[int] = []
        current: int | None = manager_id
        while current is not None and current not in chain and len(chain) < limit:
            chain.append(current)
            current = self.session.scalar(select(Employee.manager_id).where(Employee.id == current))
        return chain

    def first_report(self) -> Employee | None:
        """The first employee (by id) who has a manager: the demo's employee."""
        stmt = select(Employee).where(Employee.manager_id.is_not(None)).order_by(Employee.id)
        return self.session.scalars(stmt.limit(1)).first()

    def managed_by(self, manager_id: int, ids: Collection[int]) -> set[int]:
        """Of these people, those who report to `manager_id`, directly or further down."""
        found: set[int] = set()
        for employee_id in ids:
            first = self.session.scalar(
                select(Employee.manager_id).where(Employee.id == employee_id)
            )
            if first is not None and manager_id in self.manager_chain(first):
                found.add(employee_id)
        return found

    # --- lists --------------------------------------------------------------------------

    def query(self, filters: EmployeeFilters | None = None) -> Select[Employee]:
        """Every employee (admin and HR reads), filtered, in id order."""
        return self.filter(select(Employee).order_by(Employee.id), filters or EmployeeFilters())

    def visible_candidates(
        self,
        *,
        exclude_ids: Collection[int] = (),
        only_ids: Collection[int] | None = None,
        department: str | None = None,
        location: str | None = None,
        role_id: int | None = None,
        min_availability_pct: int | None = None,
    ) -> Select[Employee]:
        """THE read of employees for ranking and search: consent and visibility applied here.

        Selects only active employees who are open_to_opportunities AND
        visible_to_recruiters, minus exclude_ids (an opening's owner, people already
        selected), optionally within only_ids (a shortlist) and the given department,
        location, current role and minimum availability, in id order. Every ranking,
        matching or recruiter search of employees must start from this select; narrow it
        further (`.where(...)`, `.with_only_columns(Employee.id)` as a subquery for bulk
        skill reads, `page`) but never rebuild the employee set elsewhere.
        """
        stmt = (
            select(Employee)
            .where(
                Employee.status == "active",
                Employee.open_to_opportunities.is_(True),
                Employee.visible_to_recruiters.is_(True),
            )
            .order_by(Employee.id)
        )
        if exclude_ids:
            stmt = stmt.where(Employee.id.not_in(list(exclude_ids)))
        if only_ids is not None:
            stmt = stmt.where(Employee.id.in_(list(only_ids)))
        if min_availability_pct is not None:
            stmt = stmt.where(Employee.availability_pct >= min_availability_pct)
        return self.filter(
            stmt, EmployeeFilters(department=department, location=location, role_id=role_id)
        )

    def filter(self, stmt: Select[Employee], filters: EmployeeFilters) -> Select[Employee]:
        """Narrow a select of employees by the list filters."""
        f = filters
        if f.department:
            stmt = stmt.where(same_text(Employee.department, f.department))
        if f.location:
            stmt = stmt.where(same_text(Employee.location, f.location))
        if f.role_id is not None:
            stmt = stmt.where(Employee.current_role_id == f.role_id)
        if f.open_to_opportunities is not None:
            stmt = stmt.where(Employee.open_to_opportunities.is_(f.open_to_opportunities))
        if f.visible_to_recruiters is not None:
            stmt = stmt.where(Employee.visible_to_recruiters.is_(f.visible_to_recruiters))
        if f.status:
            stmt = stmt.where(Employee.status == f.status)
        if f.skill_id is not None:
            holders = select(EmployeeSkill.employee_id).where(
                EmployeeSkill.skill_id == f.skill_id,
                EmployeeSkill.status == "accepted",
                EmployeeSkill.proficiency >= f.min_proficiency,
            )
            stmt = stmt.where(Employee.id.in_(holders))
        if f.q:
            pattern = like_pattern(f.q)
            stmt = stmt.where(
                or_(
                    *(
                        func.lower(col).like(pattern, escape="\\")
                        for col in (Employee.name, Employee.email, Employee.job_title)
                    )
                )
            )
        return stmt

    def page(self, stmt: Select[Employee], page: PageRequest) -> tuple[list[Employee], int, bool]:
        """The rows of a page (by id, one more than shown) and the total."""
        return keyset_rows(self.session, stmt, Employee.id, page)

    def accepted_skills_of(self, employee_ids: Sequence[int]) -> dict[int, list[tuple[Skill, int]]]:
        """Employee id -> their accepted skills with levels (by label)."""
        out: dict[int, list[tuple[Skill, int]]] = {}
        stmt = (
            select(EmployeeSkill.employee_id, Skill, EmployeeSkill.proficiency)
            .join(Skill, Skill.id == EmployeeSkill.skill_id)
            .where(EmployeeSkill.status == "accepted")
            .order_by(EmployeeSkill.employee_id, Skill.label)
        )
        for query in where_in(stmt, EmployeeSkill.employee_id, employee_ids):
            for eid, skill, level in self.session.execute(query):
                out.setdefault(int(eid), []).append((skill, int(level)))
        return out

    # --- skills and aspirations ------------------------------------------------------------

    def skills(self, employee_id: int) -> list[tuple[EmployeeSkill, Skill]]:
        """The employee's skill rows with their skills: accepted first, highest level first."""
        stmt = (
            select(EmployeeSkill, Skill)
            .join(Skill, Skill.id == EmployeeSkill.skill_id)
            .where(EmployeeSkill.employee_id == employee_id)
            .order_by(EmployeeSkill.status, EmployeeSkill.proficiency.desc(), Skill.label)
        )
        return [(row, skill) for row, skill in self.session.execute(stmt)]

    def skill_rows(self, employee_id: int) -> dict[int, EmployeeSkill]:
        """The employee's skill rows keyed by skill id (every status)."""
        stmt = select(EmployeeSkill).where(EmployeeSkill.employee_id == employee_id)
        return {row.skill_id: row for row in self.session.scalars(stmt)}

    def skill_row(self, employee_id: int, skill_id: int) -> EmployeeSkill:
        """One skill row; raises NotFound when the employee has no row for the skill."""
        row = self.session.scalar(
            select(EmployeeSkill).where(
                EmployeeSkill.employee_id == employee_id, EmployeeSkill.skill_id == skill_id
            )
        )
        if row is None:
            raise NotFound(f"employee {employee_id} has no skill {skill_id}")
        return row

    def aspirations(self, employee_id: int) -> list[EmployeeAspiration]:
        """The employee's aspiration rows."""
        stmt = select(EmployeeAspiration).where(EmployeeAspiration.employee_id == employee_id)
        return list(self.session.scalars(stmt.order_by(EmployeeAspiration.id)))

    def aspiration_targets(self, employee_id: int) -> tuple[list[Role], list[Skill]]:
        """Target roles and skills to grow, in the order they were given."""
        roles = select(Role).join(EmployeeAspiration, EmployeeAspiration.role_id == Role.id)
        skills = select(Skill).join(EmployeeAspiration, EmployeeAspiration.skill_id == Skill.id)
        mine = EmployeeAspiration.employee_id == employee_id
        order = EmployeeAspiration.id
        return (
            list(self.session.scalars(roles.where(mine).order_by(order))),
            list(self.session.scalars(skills.where(mine).order_by(order))),
        )

    # --- document text ------------------------------------------------------------------

    def document_fields(self, ids: Sequence[int] | None) -> Iterator[tuple[int, str, str]]:
        """(id, job title, profile) of every employee or of these ids."""
        query = select(Employee.id, Employee.job_title, Employee.profile)
        for q in where_in(query, Employee.id, ids):
            for eid, title, profile in self.session.execute(q):
                yield int(eid), title, profile

    def held_labels(self, ids: Sequence[int] | None) -> dict[int, list[str]]:
        """employee id -> sorted labels of the skills they hold (accepted)."""
        return linked_labels(
            self.session,
            EmployeeSkill.employee_id,
            EmployeeSkill.skill_id,
            ids,
            EmployeeSkill.status == "accepted",
        )


def find_employee_id(
    session: Session, subject: str, email: str | None, employee_id: int | None
) -> int | None:
    """The employee a verified token speaks for: by the token's employee id, else by the
    subject as external id, else by the verified email (or a subject that is an email)."""
    if employee_id is not None:
        return session.scalar(select(Employee.id).where(Employee.id == employee_id))
    found = session.scalar(select(Employee.id).where(Employee.external_id == subject))
    if found is not None:
        return found
    emails = [e.lower() for e in (email, subject if "@" in subject else None) if e]
    if not emails:
        return None
    return session.scalar(select(Employee.id).where(or_(*(Employee.email == e for e in emails))))


def resolve_employee(session: Session, ref: str) -> Employee:
    """An employee by id, external id or email (the `--employee` of `auth token`)."""
    clauses = [Employee.external_id == ref, Employee.email == ref.lower()]
    if ref.isdigit():
        clauses.insert(0, Employee.id == int(ref))
    for clause in clauses:
        row = session.scalar(select(Employee).where(clause))
        if row is not None:
            return row
    raise NotFound(f"no employee with id, external id or email {ref!r}")


def sharing_skills_query() -> Select[Employee]:
    """Active employees who consented to share their skills with other systems, by id."""
    return (
        select(Employee)
        .where(Employee.share_skills.is_(True), Employee.status == "active")
        .order_by(Employee.id)
    )
