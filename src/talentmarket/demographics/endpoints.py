"""HTTP endpoints of self-reported demographic data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from talentmarket.api.deps import PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.demographics import service
from talentmarket.demographics.config import DemographicsSettings, get_demographics_settings
from talentmarket.demographics.schemas import DemographicsIn, DemographicsRead
from talentmarket.ids import ID_MAX

router = APIRouter(prefix="/v1", tags=["fairness"])
EmployeeId = Annotated[int, Path(ge=1, le=ID_MAX, description="employee id")]
SettingsDep = Annotated[DemographicsSettings, Depends(get_demographics_settings)]


@router.get(
    "/employees/{employee_id}/demographics",
    response_model=DemographicsRead,
    responses=problem_responses(403, 404, 422),
)
def get_demographics(
    employee_id: EmployeeId, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> DemographicsRead:
    """What the person chose to tell (the person and admins only; never used in ranking)."""
    return service.get_demographics(session, employee_id, settings)


@router.put(
    "/employees/{employee_id}/demographics",
    response_model=DemographicsRead,
    responses=problem_responses(400, 403, 404, 422),
)
def put_demographics(
    employee_id: EmployeeId,
    body: DemographicsIn,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> DemographicsRead:
    """Self-reported sex, race/ethnicity, age band and disability, each optional, kept only
    with consent (for fairness audits); `consent: false` deletes what was kept."""
    return service.put_demographics(session, employee_id, body, settings)
