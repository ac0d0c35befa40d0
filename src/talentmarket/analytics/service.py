"""Workforce analytics: skill supply, demand and the gap, per skill and group.

Definitions (also in the API description):
- supply: distinct active employees holding the skill with status 'accepted' at
  `min_level` or above (1-5 scale). All active employees count, whatever their
  visibility to recruiters: this is aggregate workforce planning, not a read of
  individuals, so it does not go through `PeopleRepository.visible_candidates`. Instead
  no figure may single anyone out: in a group with fewer than `min_cell` active employees,
  and in any cell where 1 to min_cell - 1 people hold the skill, supply is suppressed
  (null, `suppressed` true), and so are gap and ratio, which would reveal it;
- demand: people wanted for the skill: the capacity summed over open openings with an
  active requirement for it (`requirements` counts the requirement rows, `must_have`
  those that are must-haves). Openings are not personal data and are never suppressed;
- gap = demand - supply (positive: short of people), coverage_ratio = supply / demand.
Rows sort by gap, largest shortage first; a suppressed cell sorts as if supply were 1
(its largest possible gap), so the order reveals nothing either.
Whole tables are cached per data version (people, openings, taxonomy).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.analytics.repository import AnalyticsRepository, GroupBy
from talentmarket.api.pagination import PageRequest
from talentmarket.api.security import Principal
from talentmarket.errors import Forbidden
from talentmarket.runtime import Runtime, data_versions

ANALYTICS_ROLES = ("admin", "recruiter", "integration")
UNSPECIFIED = "(unspecified)"


@dataclass(frozen=True)
class GapCell:
    """Supply and demand of one skill in one group."""

    skill_id: int
    group: str | None
    supply: int | None
    demand: int
    requirements: int
    must_have: int
    suppressed: bool

    @property
    def gap(self) -> int | None:
        """demand - supply, None when supply is suppressed."""
        return None if self.supply is None else self.demand - self.supply

    @property
    def sort_gap(self) -> int:
        """The gap, or for a suppressed cell its largest possible value (supply 1)."""
        return self.demand - (1 if self.supply is None else self.supply)

    @property
    def coverage_ratio(self) -> float | None:
        """supply / demand, None without demand or with supply suppressed."""
        if self.supply is None or self.demand == 0:
            return None
        return round(self.supply / self.demand, 4)


def require_analytics_role(principal: Principal) -> None:
    """Workforce analytics are for admins, recruiters and integrations."""
    if principal.role not in ANALYTICS_ROLES:
        raise Forbidden(f"workforce analytics need one of {', '.join(ANALYTICS_ROLES)}")


def _key(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def compute_gaps(
    session: Session,
    group_by: GroupBy,
    min_level: int,
    min_cell: int,
    skill_id: int | None = None,
) -> list[GapCell]:
    """Every (skill, group) with supply or demand, suppressed where small, gap first."""
    repo = AnalyticsRepository(session)
    headcount: dict[str | None, int] = {}
    for g, n in repo.headcounts(group_by).items():
        headcount[_key(g)] = headcount.get(_key(g), 0) + n
    cells: dict[tuple[int, str | None], list[int]] = {}
    for sid, g, n in repo.supply(group_by, min_level, skill_id):
        cells.setdefault((sid, _key(g)), [0, 0, 0, 0])[0] += n
    for sid, g, wanted, reqs, must in repo.demand(group_by, skill_id):
        cell = cells.setdefault((sid, _key(g)), [0, 0, 0, 0])
        cell[1] += wanted
        cell[2] += reqs
        cell[3] += must
    out: list[GapCell] = []
    for (sid, group), (supply, demand, reqs, must) in cells.items():
        small = headcount.get(group, 0) < min_cell or 0 < supply < min_cell
        out.append(
            GapCell(sid, group, None if small else supply, demand, reqs, must, suppressed=small)
        )
    out.sort(key=lambda c: (-c.sort_gap, -c.demand, c.skill_id, c.group or ""))
    return out


def cached_gaps(
    runtime: Runtime, session: Session, group_by: GroupBy, min_level: int, min_cell: int
) -> list[GapCell]:
    """compute_gaps over all skills, cached until people, openings or taxonomy change."""
    versions = data_versions(session)
    key = tuple(versions.get(n, 0) for n in ("people", "openings", "taxonomy"))
    name = f"analytics:skills:{group_by}:{min_level}:{min_cell}"
    return runtime.cached(name, key, lambda: compute_gaps(session, group_by, min_level, min_cell))


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


def label_rows(session: Session, group_by: GroupBy, cells: list[GapCell]) -> list[GapRow]:
    """Attach skill labels and group labels (role titles when grouping by role)."""
    repo = AnalyticsRepository(session)
    skills = repo.skill_labels(c.skill_id for c in cells)
    roles: dict[int, tuple[str, str]] = {}
    if group_by == "role":
        roles = repo.role_titles(int(c.group) for c in cells if c.group is not None)
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
    min_level: int,
    min_cell: int,
    skill_id: int | None,
    page: PageRequest | None,
) -> tuple[list[GapRow], int]:
    """One page (or, with page None, all) of labelled gap rows, and the total."""
    require_analytics_role(principal)
    if skill_id is None:
        cells = cached_gaps(runtime, session, group_by, min_level, min_cell)
    else:
        cells = compute_gaps(session, group_by, min_level, min_cell, skill_id)
    chosen = cells if page is None else cells[page.offset : page.offset + page.limit]
    return label_rows(session, group_by, chosen), len(cells)
