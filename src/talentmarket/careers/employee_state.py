"""What the career views read about an employee, and who may read them.

Access: career paths, skill gaps and learning recommendations are the employee's own
development views. Admins and integrations (an LMS, an HRIS) read anyone's; an employee
reads only their own (the principal's `employee_id`); recruiters get 403, since what an
employee might grow into is not a hiring signal (recruiters see gaps for an opening in
the marketplace's candidate explanations instead).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.errors import Forbidden
from talentmarket.mobility.levels import held_unit
from talentmarket.people.models import Employee
from talentmarket.people.repository import PeopleRepository
from talentmarket.principal import Principal
from talentmarket.relatedness.service import RoleRelatednessView
from talentmarket.requestctx import note_read
from talentmarket.taxonomy.models import Role, Skill

FloatArray = NDArray[np.float64]
READERS = ("admin", "integration")


def ensure_can_view(principal: Principal, employee_id: int, what: str) -> None:
    """Raise Forbidden unless the caller may read this employee's career views."""
    if principal.role in READERS:
        return
    if principal.role == "employee" and principal.employee_id == employee_id:
        return
    raise Forbidden(
        f"{what} of employee {employee_id} are visible only to that employee and to admins"
    )


@dataclass(frozen=True)
class EmployeeState:
    """An employee with accepted skills (id -> proficiency 1-5), labels and aspirations."""

    employee: Employee
    held: dict[int, int]
    labels: dict[int, str]
    target_roles: list[Role]
    grow_skills: list[Skill]


def load_state(session: Session, employee_id: int) -> EmployeeState:
    """The employee (NotFound if absent), accepted skills and aspirations; a noted read."""
    repo = PeopleRepository(session)
    employee = repo.get(employee_id)
    note_read([employee_id])
    held: dict[int, int] = {}
    labels: dict[int, str] = {}
    for row, skill in repo.skills(employee_id):
        if row.status == "accepted":
            held[skill.id] = int(row.proficiency)
            labels[skill.id] = skill.label
    roles, grow = repo.aspiration_targets(employee_id)
    return EmployeeState(employee, held, labels, roles, grow)


def held_vector(view: RoleRelatednessView, held: dict[int, int]) -> FloatArray:
    """Held levels on [0, 1] over the view's skill columns (0 = not held); (m,)."""
    out = np.zeros(view.skill_count, dtype=np.float64)
    for skill_id, proficiency in held.items():
        col = view.skill_column(skill_id)
        if col is not None:
            out[col] = held_unit(proficiency)
    return out
