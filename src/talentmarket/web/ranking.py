"""The ranking pipeline for a page: the same `Ranker` as the API, audited the same way."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from talentmarket.principal import Principal
from talentmarket.ranking.ranker import Ranker
from talentmarket.rankrecord import RankingAudit, RankingRecord
from talentmarket.runtime import Runtime


def page_ranker(
    request: Request, session: Session, runtime: Runtime, principal: Principal
) -> Ranker:
    """A ranker whose every ranking goes to the audit log in this page's transaction."""
    audit: RankingAudit | None = getattr(request.app.state, "ranking_audit", None)

    def observe(record: RankingRecord) -> None:
        if audit is not None:
            audit(session, principal, record)

    route = getattr(request.scope.get("route"), "path", request.url.path)
    return Ranker(session, runtime, caller=principal, route=route, observer=observe)
