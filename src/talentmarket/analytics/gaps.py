"""The skill-gap table as arrays: merge supply and demand counts per (skill, group),
suppress small cells and sort by gap, without a Python loop per cell (a core: plain rows
in, no database)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]


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
    def coverage_ratio(self) -> float | None:
        """supply / demand, None without demand or with supply suppressed."""
        if self.supply is None or self.demand == 0:
            return None
        return round(self.supply / self.demand, 4)


def group_key(value: Any) -> str | None:
    """A group as the API shows it: text, or None for empty / missing."""
    return None if value is None or value == "" else str(value)


@dataclass(frozen=True)
class GapTable:
    """Cells sorted largest shortage first; arrays (n,) aligned by position."""

    groups: list[str | None]
    skill: IntArray
    group: IntArray
    supply: IntArray
    demand: IntArray
    requirements: IntArray
    must_have: IntArray
    suppressed: NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.skill.shape[0])

    def cells(self, start: int = 0, stop: int | None = None) -> Iterator[GapCell]:
        """The cells in [start, stop), as objects."""
        end = len(self) if stop is None else min(stop, len(self))
        for i in range(start, end):
            hidden = bool(self.suppressed[i])
            yield GapCell(
                skill_id=int(self.skill[i]),
                group=self.groups[int(self.group[i])],
                supply=None if hidden else int(self.supply[i]),
                demand=int(self.demand[i]),
                requirements=int(self.requirements[i]),
                must_have=int(self.must_have[i]),
                suppressed=hidden,
            )


def _columns(rows: list[tuple[Any, ...]], width: int) -> list[IntArray]:
    if not rows:
        return [np.zeros(0, dtype=np.int64) for _ in range(width)]
    return [np.asarray(col, dtype=np.int64) for col in zip(*rows, strict=True)]


def build_gap_table(
    supply: Iterable[tuple[int, Any, int]],
    demand: Iterable[tuple[int, Any, int, int, int]],
    headcounts: Mapping[Any, int],
    min_cell: int,
) -> GapTable:
    """Merge (skill, group, people) supply rows and (skill, group, wanted, requirements,
    must-haves) demand rows. Supply is suppressed in groups of 1 to min_cell - 1 people
    and in cells where 1 to min_cell - 1 people hold the skill (a group nobody is in
    reveals nothing). Sorted by gap
    descending; a suppressed cell sorts as if supply were 1 (its largest possible gap),
    then by demand descending, skill id and group name."""
    sup = [(s, group_key(g), n) for s, g, n in supply]
    dem = [(s, group_key(g), c, r, m) for s, g, c, r, m in demand]
    heads: dict[str | None, int] = {}
    for g, n in headcounts.items():
        heads[group_key(g)] = heads.get(group_key(g), 0) + int(n)
    names = sorted(
        {g for _, g, _ in sup} | {g for _, g, *_ in dem} | set(heads),
        key=lambda g: (g is not None, g or ""),
    )
    code = {g: i for i, g in enumerate(names)}
    width = max(len(names), 1)
    s_skill, s_n = _columns([(s, n) for s, _, n in sup], 2)
    s_group = np.asarray([code[g] for _, g, _ in sup], dtype=np.int64)
    d_skill, d_cap, d_req, d_must = _columns([(s, c, r, m) for s, _, c, r, m in dem], 4)
    d_group = np.asarray([code[g] for _, g, *_ in dem], dtype=np.int64)
    s_key = s_skill * width + s_group
    d_key = d_skill * width + d_group
    keys = np.union1d(s_key, d_key)
    n = keys.shape[0]
    supply_n = np.zeros(n, dtype=np.int64)
    demand_n = np.zeros(n, dtype=np.int64)
    reqs = np.zeros(n, dtype=np.int64)
    musts = np.zeros(n, dtype=np.int64)
    np.add.at(supply_n, np.searchsorted(keys, s_key), s_n)
    at = np.searchsorted(keys, d_key)
    np.add.at(demand_n, at, d_cap)
    np.add.at(reqs, at, d_req)
    np.add.at(musts, at, d_must)
    skill = keys // width
    group = keys % width
    head = np.asarray([heads.get(g, 0) for g in names] or [0], dtype=np.int64)
    small_group = (head[group] > 0) & (head[group] < min_cell)
    hidden = small_group | ((supply_n > 0) & (supply_n < min_cell))
    sort_gap = demand_n - np.where(hidden, 1, supply_n)
    order = np.lexsort((group, skill, -demand_n, -sort_gap))
    return GapTable(
        groups=names or [None],
        skill=skill[order],
        group=group[order],
        supply=supply_n[order],
        demand=demand_n[order],
        requirements=reqs[order],
        must_have=musts[order],
        suppressed=hidden[order],
    )
