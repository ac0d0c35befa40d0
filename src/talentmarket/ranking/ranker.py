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
from dataclasses import replace

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.errors import NotFound
from talentmarket.matching.scoring import rescore
from talentmarket.openings.confidential import hidden_from
from talentmarket.openings.repository import application_statuses
from talentmarket.paging import PageRequest
from talentmarket.people.repository import PeopleRepository
from talentmarket.principal import Principal
from talentmarket.ranking import repository, schemas
from talentmarket.ranking.context import Context, Shadow
from talentmarket.ranking.filters import (
    OpportunityFilters,
    candidates_allowed,
    opportunities_allowed,
    search_allowed,
)
from talentmarket.ranking.oversight import SHORTLISTED, Oversight, hide_numbers, masked_name
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
        oversight = Oversight.for_caller(self.runtime.settings, self.caller)
        scored = replace(scored, order=oversight.order(scored.order, scored.ids, opening_id))
        out = build_page(ctx, scored, page, CANDIDATES)
        statuses = application_statuses(self.session, opening_id)
        shown = [item.employee.id for item in out.items if item.employee.id in statuses]
        secret = hidden_from(self.session, self.caller, opening, shown)
        for item in out.items:
            if item.employee.id not in secret:
                item.application_status = statuses.get(item.employee.id)
        params = {"min_score": min_score, "include_partial": include_partial}
        shadow = shadow_page(ctx.shadow, scored, page) if not oversight.neutral_order else None
        self._record(ctx, "candidates", scored, out, None, opening_id, page, params, shadow)
        oversight.apply(out, statuses)
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
        oversight = Oversight.for_caller(self.runtime.settings, self.caller)
        scored = replace(scored, order=oversight.order(scored.order, scored.ids, 0))
        out = build_page(ctx, scored, page, CANDIDATES)
        params = {
            "skills": len(body.skills),
            "text": bool(body.text.strip()),
            "filters": body.filters.model_dump(exclude_none=True),
            "min_score": body.min_score,
        }
        self._record(ctx, "search", scored, out, None, None, page, params)
        oversight.apply(out, {})
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
        out = self._pair(employee_id, opening_id, visible_only=not own, kind="match")
        oversight = Oversight.for_caller(self.runtime.settings, None if own else caller)
        if oversight.hide_scores:
            out.score = None
            out.explanation = hide_numbers(out.explanation)
        if oversight.mask_names:
            status = application_statuses(self.session, opening_id).get(employee_id)
            if status not in SHORTLISTED:
                out.employee.name = masked_name(employee_id)
        return out

    def decision_score(self, employee_id: int, opening_id: int) -> float:
        """The score a pair has now, stored with a decision about it. Recruiters decide
        only about people who consented to be found (others are not found); admins about
        anyone."""
        admin = self.caller is not None and self.caller.role == "admin"
        score = self._pair(employee_id, opening_id, visible_only=not admin, kind="decision").score
        return score or 0.0

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
        shadow: Mapping[str, object] | None = None,
    ) -> None:
        """Hand the whole ranking to the observer, if there is one: the rows shown with
        their scores, parts and gates, the versions, and a shadow ranker's page."""
        if self.observer is None:
            return
        shown: list[int] = [0]
        if page is not None:
            shown = scored.order[page.offset : page.offset + page.limit].tolist()
            params = {**params, "limit": page.limit, "offset": page.offset}
        s = scored.ranked.scores
        scores = tuple(round(float(s.total[p]), 6) for p in shown)
        parts = tuple(
            (*(None if np.isnan(v) else float(v) for v in s.parts[p]), float(s.gate[p]))
            for p in shown
        )
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
                parts=parts,
                weights=dict(out.provenance.weights or {}),
                shadow=shadow,
            )
        )


def shadow_page(
    shadow: Shadow | None, scored: Scored, page: PageRequest
) -> dict[str, object] | None:
    """The same page as a shadow ranker orders the kept pairs: its version and the rows
    [id, its score, its rank] (logged only, never shown)."""
    if shadow is None or len(scored.order) == 0:
        return None
    s = scored.ranked.scores
    totals = rescore(s.parts[scored.order], s.gate[scored.order], shadow.weights)
    order = scored.order[np.argsort(-totals, kind="stable")]
    window = order[page.offset : page.offset + page.limit]
    by_pos = dict(zip(scored.order.tolist(), totals.tolist(), strict=True))
    items = [
        [int(scored.ids[p]), round(by_pos[int(p)], 6), page.offset + i + 1]
        for i, p in enumerate(window.tolist())
    ]
    return {"version": shadow.version, "items": items}
