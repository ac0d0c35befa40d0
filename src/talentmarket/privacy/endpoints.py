"""HTTP endpoints of privacy rights: a person's data export and erasure."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from talentmarket.api.deps import PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.privacy import service
from talentmarket.privacy.schemas import ErasureReport

router = APIRouter(prefix="/v1", tags=["privacy"])


@router.get("/employees/{employee_id}/export", responses=problem_responses(403, 404, 422))
def export_employee(
    employee_id: Annotated[int, Path(ge=1, le=ID_MAX, description="employee id")],
    session: SessionDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    """Everything held about the employee, as one JSON document (themself or an admin)."""
    return service.export_employee(session, principal, employee_id)


@router.post("/employees/{employee_id}/erase", responses=problem_responses(403, 404, 422))
def erase_employee(
    employee_id: Annotated[int, Path(ge=1, le=ID_MAX, description="employee id")],
    session: SessionDep,
) -> ErasureReport:
    """Erase the employee (admin): the profile, skills, vectors, interests and free text
    go; decisions and audit rows stay only without them, so counts still add up. An
    erased person never reappears in any ranking, search, export or analytics cell; a
    second erase answers 404."""
    return service.erase_employee(session, employee_id)
