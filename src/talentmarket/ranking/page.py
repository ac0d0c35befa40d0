"""The result page of a ranking, built once for every direction: the window of the kept
pairs, the rows it shows, each pair's explanation and the provenance."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from talentmarket.openings.models import Opening
from talentmarket.paging import PageRequest
from talentmarket.people.models import Employee
from talentmarket.ranking import repository, schemas
from talentmarket.ranking.context import Context
from talentmarket.ranking.explain import to_explanations
from talentmarket.ranking.shortlist import Scored

M = TypeVar("M")


@dataclass(frozen=True)
class Side(Generic[M]):
    """How a page shows the other side of its pairs: the rows it reads and one item."""

    read: Callable[[Session, Sequence[int]], Mapping[int, Any]]
    item: Callable[[int, Any, float, schemas.Explanation], M]
    page_type: type[schemas.RankedPage[M]]


def employee_brief(e: Employee) -> schemas.EmployeeBrief:
    """What a ranked result shows about an employee."""
    return schemas.EmployeeBrief.model_validate(e, from_attributes=True)


def opening_brief(o: Opening) -> schemas.OpeningBrief:
    """What a ranked result shows about an opening."""
    return schemas.OpeningBrief.model_validate(o, from_attributes=True)


CANDIDATES = Side[schemas.CandidateMatch](
    read=repository.employee_briefs,
    item=lambda rank, row, score, why: schemas.CandidateMatch(
        rank=rank, employee=schemas.EmployeeBrief(**row), score=score, explanation=why
    ),
    page_type=schemas.RankedPage[schemas.CandidateMatch],
)
OPPORTUNITIES = Side[schemas.OpportunityMatch](
    read=repository.opening_briefs,
    item=lambda rank, row, score, why: schemas.OpportunityMatch(
        rank=rank, opening=schemas.OpeningBrief(**row), score=score, explanation=why
    ),
    page_type=schemas.RankedPage[schemas.OpportunityMatch],
)


def explain_pair(ctx: Context, scored: Scored, p: int) -> schemas.Explanation:
    """The explanation of pair p of a scored shortlist."""
    return explain_window(ctx, scored, [p])[0]


def explain_window(ctx: Context, scored: Scored, pairs: list[int]) -> list[schemas.Explanation]:
    """The explanations of the pairs a page shows, in their order."""
    return to_explanations(scored.ranked, pairs, scored.openings, ctx.skills, ctx.matcher.config)


def pair_score(scored: Scored, p: int) -> float:
    """The score of pair p as answers show it."""
    return round(float(scored.ranked.scores.total[p]), 6)


def build_page(
    ctx: Context, scored: Scored, page: PageRequest, side: Side[M]
) -> schemas.RankedPage[M]:
    """The requested window of a scored shortlist, explained, with its provenance. A row
    deleted since the pool was built (a concurrent delete) is left out, not an error."""
    window = scored.order[page.offset : page.offset + page.limit].tolist()
    rows = side.read(ctx.session, [int(scored.ids[p]) for p in window])
    present = [p for p in window if int(scored.ids[p]) in rows]
    whys = explain_window(ctx, scored, present)
    items = [
        side.item(page.offset + i + 1, rows[int(scored.ids[p])], pair_score(scored, p), why)
        for i, (p, why) in enumerate(zip(present, whys, strict=True))
    ]
    base = page.page(items, scored.total - (len(window) - len(present)))
    return side.page_type(
        **base.model_dump(exclude={"items"}), items=items, provenance=ctx.provenance()
    )
