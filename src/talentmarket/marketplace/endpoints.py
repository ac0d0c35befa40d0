"""HTTP endpoints of the marketplace: ranked lists, one explained pair, feedback."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from talentmarket.api.deps import PageParams, PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.approvals.config import ApprovalSettings, get_approval_settings
from talentmarket.ids import ID_MAX
from talentmarket.marketplace import feedback, schemas
from talentmarket.paging import Page
from talentmarket.ranking import schemas as ranked
from talentmarket.ranking.filters import OpportunityFilters
from talentmarket.ranking.ranker import Ranker
from talentmarket.rankrecord import RankingAudit, RankingObserver, RankingRecord

router = APIRouter(prefix="/v1")

EmployeeId = Annotated[int, Path(ge=1, le=ID_MAX, description="employee id")]
OpeningId = Annotated[int, Path(ge=1, le=ID_MAX, description="opening id")]
Kind = Literal["job", "gig", "project", "mentorship"]


def get_ranker(
    request: Request, session: SessionDep, runtime: RuntimeDep, principal: PrincipalDep
) -> Ranker:
    """The ranking pipeline for this request's caller and route. Every ranking goes to the
    app's ranking audit (`app.state.ranking_audit(session, principal, record)`, written in
    this request's transaction) and to `app.state.ranking_observer` (tests), when set."""
    route = getattr(request.scope.get("route"), "path", request.url.path)
    audit: RankingAudit | None = getattr(request.app.state, "ranking_audit", None)
    watch: RankingObserver | None = getattr(request.app.state, "ranking_observer", None)

    def observe(record: RankingRecord) -> None:
        """Audit the ranking in this request's session, then tell the watcher."""
        if audit is not None:
            audit(session, principal, record)
        if watch is not None:
            watch(record)

    observer = observe if audit is not None or watch is not None else None
    return Ranker(session, runtime, caller=principal, route=route, observer=observer)


RankerDep = Annotated[Ranker, Depends(get_ranker)]
ApprovalSettingsDep = Annotated[ApprovalSettings, Depends(get_approval_settings)]


@router.get(
    "/employees/{employee_id}/opportunities",
    response_model=ranked.RankedPage[ranked.OpportunityMatch],
    tags=["matching"],
    responses=problem_responses(404, 422),
)
def list_opportunities(
    employee_id: EmployeeId,
    ranker: RankerDep,
    page: PageParams,
    kind: Annotated[Kind | None, Query()] = None,
    location: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    remote: Annotated[bool | None, Query()] = None,
    include_dismissed: bool = False,
) -> ranked.RankedPage[ranked.OpportunityMatch]:
    """Open jobs, gigs, projects and mentorships ranked for an employee, with reasons."""
    filters = OpportunityFilters(kind, location, remote, include_dismissed)
    return ranker.opportunities(employee_id, filters, page)


@router.get(
    "/openings/{opening_id}/candidates",
    response_model=ranked.RankedPage[ranked.CandidateMatch],
    tags=["matching"],
    responses=problem_responses(404, 422),
)
def list_candidates(
    opening_id: OpeningId,
    ranker: RankerDep,
    page: PageParams,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
    include_partial: Annotated[
        bool, Query(description="include people with unmet must-haves (shown, not hidden)")
    ] = True,
) -> ranked.RankedPage[ranked.CandidateMatch]:
    """Visible, consenting employees ranked for an opening, with matched/partial/missing skills."""
    return ranker.candidates(opening_id, page, min_score=min_score, include_partial=include_partial)


@router.post(
    "/candidates/search",
    response_model=ranked.RankedPage[ranked.CandidateMatch],
    tags=["matching"],
    responses=problem_responses(404, 413, 422),
)
def search_candidates(
    body: ranked.CandidateSearch,
    ranker: RankerDep,
    page: PageParams,
) -> ranked.RankedPage[ranked.CandidateMatch]:
    """The recruiter's search: free text and/or skills with levels, plus filters."""
    return ranker.search(body, page)


@router.get(
    "/matches",
    response_model=ranked.MatchDetail,
    tags=["matching"],
    responses=problem_responses(404, 422),
)
def get_match(
    ranker: RankerDep,
    employee_id: Annotated[int, Query(ge=1, le=ID_MAX)],
    opening_id: Annotated[int, Query(ge=1, le=ID_MAX)],
) -> ranked.MatchDetail:
    """One employee and one opening, scored as the lists score them, fully explained."""
    return ranker.pair(employee_id, opening_id)


@router.post(
    "/openings/{opening_id}/decisions",
    response_model=schemas.DecisionRead,
    status_code=status.HTTP_201_CREATED,
    tags=["feedback"],
    responses=problem_responses(404, 422),
)
def create_decision(
    opening_id: OpeningId,
    body: schemas.DecisionCreate,
    session: SessionDep,
    ranker: RankerDep,
    principal: PrincipalDep,
    settings: ApprovalSettingsDep,
) -> schemas.DecisionRead:
    """Record a person's decision (shortlist, reject, select, withdraw) with a reason.
    Selecting someone for a gig, project or mentorship asks their manager to approve the
    time (`/v1/approvals`)."""
    score = ranker.decision_score(body.employee_id, opening_id)
    return feedback.record_decision(session, principal, opening_id, body, score, settings)


@router.get(
    "/openings/{opening_id}/decisions",
    response_model=Page[schemas.DecisionRead],
    tags=["feedback"],
    responses=problem_responses(404, 422),
)
def list_decisions(
    opening_id: OpeningId,
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParams,
    employee_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
) -> Page[schemas.DecisionRead]:
    """Decisions recorded for an opening, oldest first."""
    return feedback.list_decisions(session, principal, opening_id, page, employee_id)


@router.post(
    "/employees/{employee_id}/interests",
    response_model=schemas.InterestRead,
    status_code=status.HTTP_201_CREATED,
    tags=["feedback"],
    responses={
        200: {"model": schemas.InterestRead, "description": "Already recorded (idempotent)"},
        **problem_responses(404, 422),
    },
)
def create_interest(
    employee_id: EmployeeId,
    body: schemas.InterestCreate,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
    settings: ApprovalSettingsDep,
) -> schemas.InterestRead:
    """Record an employee's view, save, apply or dismiss of an opening (201). Saving,
    applying or dismissing again answers the first record (200); every view is kept.
    Applying for a gig, project or mentorship asks the person's manager to approve the
    time share and dates; a job application stays confidential from the manager."""
    interest, created = feedback.record_interest(session, employee_id, body, settings)
    if not created:
        response.status_code = status.HTTP_200_OK
    return interest


@router.get(
    "/employees/{employee_id}/interests",
    response_model=Page[schemas.InterestRead],
    tags=["feedback"],
    responses=problem_responses(404, 422),
)
def list_interests(
    employee_id: EmployeeId,
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParams,
    action: Annotated[Literal["view", "save", "apply", "dismiss"] | None, Query()] = None,
) -> Page[schemas.InterestRead]:
    """An employee's recorded interests, oldest first."""
    return feedback.list_interests(session, employee_id, page, action)


@router.get(
    "/employees/{employee_id}/applications",
    response_model=Page[schemas.ApplicationRead],
    tags=["feedback"],
    responses=problem_responses(404, 422),
)
def list_applications(
    employee_id: EmployeeId, session: SessionDep, principal: PrincipalDep, page: PageParams
) -> Page[schemas.ApplicationRead]:
    """Where the employee applied or was decided about, and where they stand: applied,
    shortlisted, selected, declined or withdrawn (newest opening first)."""
    return feedback.list_applications(session, employee_id, page)
