"""HTTP endpoints of task exposure and work redesign."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from talentmarket.analytics.config import AnalyticsSettings, get_analytics_settings
from talentmarket.api.deps import PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.workdesign import service
from talentmarket.workdesign.schemas import (
    Reskilling,
    TaskExposurePrediction,
    TaskText,
    WorkforceExposure,
    WorkRedesign,
)

router = APIRouter(prefix="/v1", tags=["work redesign"])


@router.post(
    "/tasks/exposure",
    response_model=TaskExposurePrediction,
    responses=problem_responses(409, 422),
)
def predict_task_exposure(
    body: TaskText, session: SessionDep, runtime: RuntimeDep, principal: PrincipalDep
) -> TaskExposurePrediction:
    """A task in a company's own words: its exposure to language models (E0, E1, E2), the
    confidence and the nearest labelled tasks as the reason (409 until labels are imported)."""
    return service.predict(session, runtime, body)


@router.get(
    "/roles/{role_id}/work-redesign",
    response_model=WorkRedesign,
    responses=problem_responses(404, 409, 422),
)
def role_work_redesign(
    role_id: Annotated[int, Path(ge=1, le=ID_MAX)],
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    shrink: Annotated[
        float, Query(ge=0, le=1, description="what-if: share of exposed tasks' time that goes")
    ] = 0.5,
    remove: Annotated[
        list[int] | None, Query(max_length=200, description="what-if: task ids removed")
    ] = None,
) -> WorkRedesign:
    """A role's tasks grouped by exposure (people's labels, predictions elsewhere), the
    role's exposure score and how it was computed, and which skills grow or shrink in
    importance if exposed tasks shrink (a what-if: `shrink`, `remove`)."""
    return service.work_redesign(session, runtime, role_id, shrink, list(remove or []))


@router.get(
    "/analytics/exposure",
    response_model=WorkforceExposure,
    responses=problem_responses(403, 409, 422),
)
def workforce_exposure(
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    settings: Annotated[AnalyticsSettings, Depends(get_analytics_settings)],
    threshold: Annotated[
        float, Query(ge=0, le=1, description="beta at or above which a role is highly exposed")
    ] = 0.5,
) -> WorkforceExposure:
    """How many people hold highly exposed roles, by department (small groups hidden), and
    the most exposed roles people hold."""
    return service.workforce_exposure(session, runtime, threshold, settings.min_cell)


@router.get(
    "/employees/{employee_id}/reskilling",
    response_model=Reskilling,
    responses=problem_responses(403, 404, 409, 422),
)
def employee_reskilling(
    employee_id: Annotated[int, Path(ge=1, le=ID_MAX)],
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> Reskilling:
    """The person's role exposure, the skills that grow in it if exposed tasks shrink, and
    related roles less exposed than theirs, nearest first (the person and admins)."""
    return service.reskilling(session, runtime, employee_id)
