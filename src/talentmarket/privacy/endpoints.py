"""HTTP endpoints of privacy rights: a person's data export."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from talentmarket.api.deps import PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.privacy import service

router = APIRouter(prefix="/v1", tags=["privacy"])


@router.get("/employees/{employee_id}/export", responses=problem_responses(403, 404, 422))
def export_employee(
    employee_id: Annotated[int, Path(ge=1, description="employee id")],
    session: SessionDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    """Everything held about the employee, as one JSON document (themself or an admin)."""
    return service.export_employee(session, principal, employee_id)
