"""Workforce analytics: skill supply, demand and the gap, per skill and group.

Definitions (also in the API description):
- supply: distinct active employees holding the skill with status 'accepted' at
  `min_proficiency` or above (1-5 scale). Admins count the whole active workforce; recruiters
  count only the people who consented to be found (`visible_to_recruiters`). No figure
  may single anyone out: in a group of 1 to min_cell - 1 counted employees, and in any
  cell where 1 to min_cell - 1 people hold the skill, supply is suppressed (null,
  `suppressed` true), and so are gap and ratio, which would reveal it;
- demand: people wanted for the skill: the capacity summed over open openings with an
  active requirement for it (`requirements` counts the requirement rows, `must_have`
  those that are must-haves). Openings are not personal data and are never suppressed;
- gap = demand - supply (positive: short of people), coverage_ratio = supply / demand.
Rows sort by gap, largest shortage first; a suppressed cell sorts as if supply were 1
(its largest possible gap), so the order reveals nothing either.
The all-skills table is cached per data version (people, openings, taxonomy); a one-skill
query runs its (indexed) SQL each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.analytics.gaps import GapCell, GapTable, build_gap_table
from talentmarket.analytics.repository import AnalyticsRepository, GroupBy
from talentmarket.db.versions import data_versions
from talentmarket.errors import Forbidden
from talentmarket.paging import PageRequest
from talentmarket.principal import Principal
from talentmarket.runtime import Runtime

ANALYTICS_ROLES = ("admin", "recruiter", "integration")
UNSPECIFIED = "(unspecified)"


def require_analytics_role(principal: Principal) -> None:
    """Workforce analytics are for admins, recruiters and integrations."""
    if principal.role not in ANALYTICS_ROLES:
        raise Forbidden(f"workforce analytics need one of {', '.join(ANALYTICS_ROLES)}")


def compute_gaps(
    session: Session,
    group_by: GroupBy,
    min_proficiency: int,
    min_cell: int,
    skill_id: int | None = None,
    headcounts: dict[Any, int] | None = None,
    consenting_only: bool = False,
) -> GapTable:
    """Every (skill, group) with supply or demand, suppressed where small, gap first."""
    repo = AnalyticsRepository(session)
    return build_gap_table(
        repo.supply(group_by, min_proficiency, skill_id, consenting_only),
        repo.demand(group_by, skill_id),
        repo.headcounts(group_by, consenting_only) if headcounts is None else headcounts,
        min_cell,
    )


def _versions(session: Session) -> tuple[int, ...]:
    versions = data_versions(session)
    return tuple(versions.get(n, 0) for n in ("people", "openings", "taxonomy"))


def gap_table(
    runtime: Runtime,
    session: Session,
    group_by: GroupBy,
    min_proficiency: int,
    min_cell: int,
    skill_id: int | None = None,
    consenting_only: bool = False,
) -> GapTable:
    """The gap table: all skills cached until people, openings or taxonomy change; one
    skill computed each time (with cached group headcounts). Recruiters get the people
    who consented to be found (`consenting_only`); admins the whole workforce."""
    key = _versions(session)
    scope = "consenting" if consenting_only else "all"
    if skill_id is None:
        name = f"analytics:skills:{scope}:{group_by}:{min_proficiency}:{min_cell}"
        return runtime.cached(
            name,
            key,
            lambda: compute_gaps(
                session, group_by, min_proficiency, min_cell, consenting_only=consenting_only
            ),
        )
    heads = runtime.cached(
        f"analytics:headcounts:{scope}:{group_by}",
        key[0],
        lambda: AnalyticsRepository(session).headcounts(group_by, consenting_only),
    )
    return compute_gaps(
        session, group_by, min_proficiency, min_cell, skill_id, heads, consenting_only
    )


@dataclass(frozen=True)
class GapRow:
    """A gap cell with the labels of its skill and group, ready to render."""

    cell: GapCell
    skill_uri: str
    skill_label: str
    group_label: str

    def as_dict(self, group_by: str) -> dict[str, Any]:
        """Plain values, for JSON and CSV."""
        c = self.cell
        return {
            "skill_id": c.skill_id,
            "skill_uri": self.skill_uri,
            "skill_label": self.skill_label,
            "group_by": group_by,
            "group": c.group,
            "group_label": self.group_label,
            "supply": c.supply,
            "demand": c.demand,
            "requirements": c.requirements,
            "must_have": c.must_have,
            "gap": c.gap,
            "coverage_ratio": c.coverage_ratio,
            "suppressed": c.suppressed,
        }


def _labels(
    session: Session, group_by: GroupBy, cells: list[GapCell]
) -> tuple[dict[int, tuple[str, str]], dict[int, tuple[str, str]]]:
    repo = AnalyticsRepository(session)
    skills = repo.skill_labels({c.skill_id for c in cells})
    roles: dict[int, tuple[str, str]] = {}
    if group_by == "role":
        roles = repo.role_titles({int(c.group) for c in cells if c.group is not None})
    return skills, roles


def label_rows(session: Session, group_by: GroupBy, cells: list[GapCell]) -> list[GapRow]:
    """Attach skill labels and group labels (role titles when grouping by role)."""
    skills, roles = _labels(session, group_by, cells)
    rows = []
    for c in cells:
        uri, label = skills.get(c.skill_id, ("", ""))
        if c.group is None:
            group_label = UNSPECIFIED
        elif group_by == "role":
            group_label = roles.get(int(c.group), ("", c.group))[1]
        else:
            group_label = c.group
        rows.append(GapRow(c, uri, label, group_label))
    return rows


def skill_gaps(
    runtime: Runtime,
    session: Session,
    principal: Principal,
    group_by: GroupBy,
    min_proficiency: int,
    min_cell: int,
    skill_id: int | None,
    page: PageRequest | None,
) -> tuple[list[GapRow], int]:
    """One page (or, with page None, all) of labelled gap rows, and the total."""
    require_analytics_role(principal)
    table = gap_table(
        runtime, session, group_by, min_proficiency, min_cell, skill_id, principal.role != "admin"
    )
    if page is None:
        cells = list(table.cells())
    else:
        cells = list(table.cells(page.offset, page.offset + page.limit))
    return label_rows(session, group_by, cells), len(table)


CSV_COLUMNS = (
    "skill_id",
    "skill_uri",
    "skill_label",
    "group_by",
    "group",
    "group_label",
    "supply",
    "demand",
    "requirements",
    "must_have",
    "gap",
    "coverage_ratio",
    "suppressed",
)


def gap_records(
    runtime: Runtime,
    session: Session,
    principal: Principal,
    group_by: GroupBy,
    min_proficiency: int,
    min_cell: int,
    skill_id: int | None,
) -> Iterator[tuple[Any, ...]]:
    """Every row of the table as plain tuples in CSV_COLUMNS order (None for suppressed
    and missing values), read straight from the arrays for a fast download."""
    require_analytics_role(principal)
    table = gap_table(
        runtime, session, group_by, min_proficiency, min_cell, skill_id, principal.role != "admin"
    )
    repo = AnalyticsRepository(session)
    skills = repo.skill_labels(np.unique(table.skill).tolist())
    labels = [UNSPECIFIED if g is None else g for g in table.groups]
    if group_by == "role":
        titles = repo.role_titles(int(g) for g in table.groups if g is not None)
        labels = [
            UNSPECIFIED if g is None else titles.get(int(g), ("", g))[1] for g in table.groups
        ]
    columns = zip(
        table.skill.tolist(),
        table.group.tolist(),
        table.supply.tolist(),
        table.demand.tolist(),
        table.requirements.tolist(),
        table.must_have.tolist(),
        table.suppressed.tolist(),
        strict=True,
    )
    for sid, g, supply, demand, reqs, must, hidden in columns:
        uri, label = skills.get(sid, ("", ""))
        shown = None if hidden else supply
        yield (
            sid,
            uri,
            label,
            group_by,
            table.groups[g],
            labels[g],
            shown,
            demand,
            reqs,
            must,
            None if shown is None else demand - shown,
            None if shown is None or demand == 0 else round(shown / demand, 4),
            hidden,
        )
