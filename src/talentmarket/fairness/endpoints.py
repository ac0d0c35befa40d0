"""HTTP endpoint of the fairness audit (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from talentmarket.api.deps import PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.fairness import render
from talentmarket.fairness.config import FairnessSettings, get_fairness_settings
from talentmarket.fairness.schemas import FairnessReport
from talentmarket.fairness.service import STAGES, fairness_report

router = APIRouter(prefix="/v1/audits", tags=["fairness"])
Stage = Literal["ranked_top_k", "shortlisted", "selected"]


@router.get(
    "/fairness",
    response_model=FairnessReport,
    responses={
        **problem_responses(403, 422),
        200: {
            "content": {"text/csv": {}, "text/html": {}},
            "description": "the report as JSON, CSV (its rows) or an HTML page",
        },
    },
)
def fairness_audit(
    session: SessionDep,
    principal: PrincipalDep,
    settings: Annotated[FairnessSettings, Depends(get_fairness_settings)],
    since: Annotated[datetime | None, Query(alias="from", description="start, inclusive")] = None,
    until: Annotated[datetime | None, Query(alias="to", description="end, exclusive")] = None,
    kind: Annotated[Literal["job", "gig", "project", "mentorship"] | None, Query()] = None,
    stage: Annotated[Stage | None, Query(description="one stage only")] = None,
    format: Annotated[Literal["json", "csv", "html"], Query()] = "json",
) -> Any:
    """Selection rates, impact ratios, Fisher's exact p-values and flags per stage and
    category of self-reported demographics (and sex x race/ethnicity), with exposure in
    rankings; small categories hidden; what it cannot conclude, said."""
    report = fairness_report(
        session,
        since,
        until,
        kind,
        (stage,) if stage else STAGES,
        top_k=settings.top_k,
        min_cell=settings.min_cell,
        alpha=settings.alpha,
    )
    if format == "csv":
        return Response(render.as_csv(report), media_type="text/csv; charset=utf-8")
    if format == "html":
        return HTMLResponse(render.as_html(report))
    return report
