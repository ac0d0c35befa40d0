"""HTTP endpoint of workforce analytics: JSON pages or a CSV download."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import StreamingResponse

from talentmarket.analytics import schemas
from talentmarket.analytics import service as analytics_service
from talentmarket.analytics.config import AnalyticsSettings, get_analytics_settings
from talentmarket.analytics.moves import MovesBy, moves
from talentmarket.api.deps import PageParams, PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.approvals.config import ApprovalSettings, get_approval_settings
from talentmarket.csvsafe import safe_row
from talentmarket.ids import ID_MAX
from talentmarket.paging import Page
from talentmarket.shapes import SkillBrief

router = APIRouter(prefix="/v1/analytics", tags=["analytics"])
AnalyticsSettingsDep = Annotated[AnalyticsSettings, Depends(get_analytics_settings)]


def _csv(records: Iterator[tuple[Any, ...]], block: int = 5000) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(safe_row(analytics_service.CSV_COLUMNS))
    pending = 0
    for record in records:
        writer.writerow(safe_row(record))
        pending += 1
        if pending == block:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def _gap(row: dict[str, Any]) -> schemas.GroupSkillGap:
    """A CSV row's values as the JSON shape (the skill as one `SkillBrief`)."""
    skill = SkillBrief(
        id=row.pop("skill_id"), uri=row.pop("skill_uri"), label=row.pop("skill_label")
    )
    return schemas.GroupSkillGap(skill=skill, **row)


@router.get(
    "/skills",
    response_model=schemas.GroupSkillGapPage,
    responses={
        **problem_responses(403, 422),
        200: {"content": {"text/csv": {}}, "description": "JSON page, or the whole table as CSV"},
    },
)
def skill_analytics(
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    settings: AnalyticsSettingsDep,
    page: PageParams,
    group_by: Annotated[Literal["department", "location", "role"], Query()] = "department",
    min_proficiency: Annotated[
        int, Query(ge=1, le=5, description="lowest proficiency counted")
    ] = 3,
    skill_id: Annotated[int | None, Query(ge=1, le=ID_MAX, description="one skill only")] = None,
    format: Annotated[Literal["json", "csv"] | None, Query()] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Any:
    """Skill supply (employees at min_proficiency or above), demand (people wanted by open
    openings) and gap per skill and group, largest shortage first; small groups and counts
    are suppressed so no figure singles anyone out. `format=csv` downloads every row."""
    as_csv = format == "csv" or (format is None and "text/csv" in (accept or ""))
    if as_csv:
        records = analytics_service.gap_records(
            runtime, session, principal, group_by, min_proficiency, settings.min_cell, skill_id
        )
        first = list(itertools.islice(records, 1))  # access and parameters checked now
        return StreamingResponse(
            _csv(itertools.chain(first, records)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="skill-gaps-by-{group_by}.csv"'},
        )
    rows, total = analytics_service.skill_gaps(
        runtime, session, principal, group_by, min_proficiency, settings.min_cell, skill_id, page
    )
    items = [_gap(r.as_dict(group_by)) for r in rows]
    base = page.page(items, total)
    return schemas.GroupSkillGapPage(
        **base.model_dump(exclude={"items"}),
        items=items,
        min_proficiency=min_proficiency,
        min_cell=settings.min_cell,
    )


@router.get(
    "/moves",
    response_model=Page[schemas.MoveRow],
    responses=problem_responses(403, 422),
)
def move_analytics(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParams,
    approval_settings: Annotated[ApprovalSettings, Depends(get_approval_settings)],
    by: Annotated[MovesBy, Query(description="one row per manager or per department")] = "manager",
) -> Page[schemas.MoveRow]:
    """People moved in and out through the marketplace (jobs) or lent (gigs, projects,
    mentorships), and how managers answered requests for their people's time (counts,
    escalations to HR, working days taken), per manager or department."""
    return page.slice(moves(session, by, approval_settings))
