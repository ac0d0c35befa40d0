"""The one ranking pipeline: candidates for an opening, opportunities for an employee, the
recruiter's search and one explained pair.

Every call runs the same stages: context (data versions; cached spaces, pools and role
relatedness) -> the query side (one opening, one person or a search's ad-hoc opening,
with the vector of its current text) -> filters and visibility (a mask over the other
side's pool) -> shortlist and score (`ranking.shortlist`, one scorer call) -> the page,
built once, with explanations and provenance -> one `RankingRecord` to the observer.
Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.errors import NotFound
from talentmarket.openings.confidential import hidden_from
from talentmarket.openings.repository import application_statuses
from talentmarket.paging import PageRequest
from talentmarket.people.repository import PeopleRepository
from talentmarket.principal import Principal
from talentmarket.ranking import repository, schemas
from talentmarket.ranking.context import Context
from talentmarket.ranking.filters import (
    OpportunityFilters,
    candidates_allowed,
    opportunities_allowed,
    search_allowed,
)
from talentmarket.ranking.page import (
    CANDIDATES,
    OPPORTUNITIES,
    build_page,
    employee_brief,
    explain_pair,
    opening_brief,
    pair_score,
)
from talentmarket.ranking.query import search_opening
from talentmarket.ranking.shortlist import Scored, score_employees, score_openings
from talentmarket.rankrecord import RankingObserver, RankingRecord
from talentmarket.runtime import Runtime


class Ranker:
    """Ranks and scores pairs for one caller; hands every ranking to the observer."""

    def __init__(
        self,
        session: Session,
        runtime: Runtime,
        *,
        caller: Principal | None = None,
        route: str = "",
        observer: RankingObserver | None = None,
    ) -> None:
        self.session = session
        self.runtime = runtime
        self.caller = caller
        self.route = route
        self.observer = observer

    def candidates(
        self,
        opening_id: int,
        page: PageRequest,
        *,
        min_score: float = 0.0,
        include_partial: bool = True,
    ) -> schemas.RankedPage[schemas.CandidateMatch]:
        """Visible, consenting employees ranked for an opening, best first, with reasons;
        never the opening's owner, never people already selected for it."""
        opening = repository.get_opening(self.session, opening_id)
        ctx = Context.load(self.session, self.runtime)
        pool = ctx.visible_pool()
        allowed = candidates_allowed(ctx, pool, opening)
        one = ctx.one_opening(opening_id)
        scored = score_employees(
            ctx, pool, one, allowed, min_score=min_score, include_partial=include_partial
        )
        out = build_page(ctx, scored, page, CANDIDATES)
        statuses = application_statuses(self.session, opening_id)
        shown = [item.employee.id for item in out.items if item.employee.id in statuses]
        secret = hidden_from(self.session, self.caller, opening, shown)
        for item in out.items:
            if item.employee.id not in secret:
                item.application_status = statuses.get(item.employee.id)
        params = {"min_score": min_score, "include_partial": include_partial}
        self._record(ctx, "candidates", scored, out, None, opening_id, page, params)
        return out

    def search(
        self, body: schemas.CandidateSearch, page: PageRequest
    ) -> schemas.RankedPage[schemas.CandidateMatch]:
        """Visible employees ranked for a free-text and/or skills query, with reasons."""
        ctx = Context.load(self.session, self.runtime)
        one = search_opening(ctx, body)
        pool = ctx.visible_pool()
        allowed = search_allowed(ctx, pool, body.filters)
        scored = score_employees(ctx, pool, one, allowed, min_score=body.min_score)
        out = build_page(ctx, scored, page, CANDIDATES)
        params = {
            "skills": len(body.skills),
            "text": bool(body.text.strip()),
            "filters": body.filters.model_dump(exclude_none=True),
            "min_score": body.min_score,
        }
        self._record(ctx, "search", scored, out, None, None, page, params)
        return out

    def opportunities(
        self, employee_id: int, filters: OpportunityFilters, page: PageRequest
    ) -> schemas.RankedPage[schemas.OpportunityMatch]:
        """Open openings ranked for an employee, best first, with reasons."""
        PeopleRepository(self.session).get(employee_id)
        ctx = Context.load(self.session, self.runtime)
        person = ctx.one_employee(employee_id, visible_only=False).person(0)
        pool = ctx.open_openings()
        allowed = opportunities_allowed(ctx, pool, employee_id, filters)
        scored = score_openings(ctx, person, pool, allowed)
        out = build_page(ctx, scored, page, OPPORTUNITIES)
        params = {k: v for k, v in vars(filters).items() if v is not None}
        self._record(ctx, "opportunities", scored, out, employee_id, None, page, params)
        return out

    def pair(self, employee_id: int, opening_id: int) -> schemas.MatchDetail:
        """One pair, scored exactly as the lists score it, fully explained.

        Recruiters and integrations see only employees who are visible and open to
        opportunities; employees see their own matches; admins see all.
        """
        caller = self.caller
        own = caller is not None and (caller.role == "admin" or caller.employee_id == employee_id)
        return self._pair(employee_id, opening_id, visible_only=not own, kind="match")

    def decision_score(self, employee_id: int, opening_id: int) -> float:
        """The score a pair has now, stored with a decision about it. Recruiters decide
        only about people who consented to be found (others are not found); admins about
        anyone."""
        admin = self.caller is not None and self.caller.role == "admin"
        return self._pair(employee_id, opening_id, visible_only=not admin, kind="decision").score

    def _pair(
        self, employee_id: int, opening_id: int, *, visible_only: bool, kind: str
    ) -> schemas.MatchDetail:
        employee = PeopleRepository(self.session).get(employee_id)
        opening = repository.get_opening(self.session, opening_id)
        ctx = Context.load(self.session, self.runtime)
        pool = ctx.one_employee(employee_id, visible_only=visible_only)
        if len(pool) == 0:
            raise NotFound(f"employee {employee_id} does not exist")
        one = ctx.one_opening(opening_id)
        scored = score_employees(ctx, pool, one, np.ones(1, dtype=bool), shortlist=False)
        out = schemas.MatchDetail(
            employee=employee_brief(employee),
            opening=opening_brief(opening),
            score=pair_score(scored, 0),
            explanation=explain_pair(ctx, scored, 0),
            provenance=ctx.provenance(),
        )
        self._record(ctx, kind, scored, out, employee_id, opening_id, None, {})
        return out

    def _record(
        self,
        ctx: Context,
        kind: str,
        scored: Scored,
        out: schemas.RankedPage[schemas.CandidateMatch]
        | schemas.RankedPage[schemas.OpportunityMatch]
        | schemas.MatchDetail,
        employee_id: int | None,
        opening_id: int | None,
        page: PageRequest | None,
        params: Mapping[str, object],
    ) -> None:
        """Hand the whole ranking to the observer, if there is one."""
        if self.observer is None:
            return
        shown: list[int] = [0]
        scores: tuple[float, ...] = ()
        if isinstance(out, schemas.MatchDetail):
            scores = (out.score,)
        elif page is not None:
            shown = scored.order[page.offset : page.offset + page.limit].tolist()
            scores = tuple(i.score for i in out.items)
        if page is not None:
            params = {**params, "limit": page.limit, "offset": page.offset}
        self.observer(
            RankingRecord(
                kind=kind,
                route=self.route or kind,
                caller_id=self.caller.id if self.caller else None,
                caller_role=self.caller.role if self.caller else None,
                employee_id=employee_id,
                opening_id=opening_id,
                result_ids=tuple(int(scored.ids[p]) for p in shown),
                scores=scores,
                total=scored.total,
                model_id=out.provenance.model,
                taxonomy_release=out.provenance.taxonomy_release,
                scoring_version=out.provenance.scoring_version,
                versions=dict(ctx.versions),
                params=params,
            )
        )
