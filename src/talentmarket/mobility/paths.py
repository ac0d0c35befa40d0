"""Career paths: cheapest sequences of role moves over a role-relatedness graph (a core:
plain arrays in, no database).

The graph: each role links to its k most related roles (`neighbours(row, k)`), and a
target links back to the roles among its own k most related, so the graph is the
symmetric k-nearest-neighbour graph of relatedness, without links weaker than
`min_relatedness` (a small taxonomy would otherwise link everything). A move u -> v costs

    effort x (1 + penalty x (1 - relatedness(u, v))) + step_cost

where effort is the skill-levels the person still has to gain for v's essential needs
(`levels.levels_to_gain`, 1-5 scale). The person's own levels count for the first move;
after each move they are assumed to hold the role's essential needs at its levels, so
later moves cost only what is new. Because skills only grow, one long jump never costs
fewer levels than a chain; the relatedness penalty is what makes a chain of close moves
cheaper than a jump between distant roles, and the step cost keeps chains short.

Search is a beam search, one depth per step, candidate moves scored as arrays. With a
target, the beam is ordered by cost so far plus the effort still missing for the target
(a lower bound of the rest), and every path reaching the target is kept; without one,
the cheapest path to every role reached is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from talentmarket.mobility.coverage import HELD_FLOOR, SkillMatrix
from talentmarket.mobility.levels import levels_to_gain

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
Neighbours = Callable[[int, int], tuple[IntArray, FloatArray]]


@dataclass(frozen=True)
class Move:
    """One move of a path: the role (row) moved to, levels gained, relatedness, cost."""

    row: int
    levels: float
    relatedness: float
    cost: float


@dataclass(frozen=True)
class CareerPath:
    """A sequence of moves from a start, with its total cost and levels gained."""

    moves: tuple[Move, ...]
    cost: float
    levels: float

    @property
    def rows(self) -> tuple[int, ...]:
        """Roles (rows) visited, in order, without the start."""
        return tuple(m.row for m in self.moves)


@dataclass(frozen=True)
class StepGap:
    """What one move asks on top of what is held: essential needs (skill columns) that
    are missing or under level, with held and required levels on [0, 1]."""

    columns: IntArray
    held: FloatArray
    required: FloatArray
    importance: FloatArray
    levels: FloatArray


def essential_levels(needs: SkillMatrix) -> sp.csr_matrix:
    """Required level of every essential need (optional needs left out); (rows, skills),
    levels at least HELD_FLOOR so a need at level 0 still reads as held once reached."""
    keep = needs.essential
    data = np.where(keep, np.maximum(needs.level, HELD_FLOOR), 0.0)
    out = sp.csr_matrix((data, needs.indices, needs.indptr), shape=needs.shape)
    out.eliminate_zeros()
    return out


def move_levels(ess: sp.csr_matrix, rows: IntArray, held: FloatArray) -> FloatArray:
    """Skill-levels to gain for each row's essential needs given held levels (m,); (k,)."""
    sub = ess[rows]
    gains = levels_to_gain(held[sub.indices], sub.data)
    sums = np.add.reduceat(np.append(gains, 0.0), sub.indptr[:-1])
    sums[np.diff(sub.indptr) == 0] = 0.0
    out: FloatArray = sums[: len(rows)]
    return out


def grow(held: FloatArray, ess: sp.csr_matrix, row: int) -> FloatArray:
    """Held levels after taking a role: each essential need raised to the role's level."""
    out = held.copy()
    start, end = ess.indptr[row], ess.indptr[row + 1]
    cols = ess.indices[start:end]
    out[cols] = np.maximum(out[cols], ess.data[start:end])
    return out


def step_gaps(needs: SkillMatrix, held: FloatArray, rows: tuple[int, ...]) -> list[StepGap]:
    """Replay a path: per move, the essential needs not yet held at the role's level."""
    ess = essential_levels(needs)
    out = []
    current = held
    for row in rows:
        cols, imp, lvl, essential = needs.row(row)
        required = np.maximum(lvl, HELD_FLOOR)
        have = current[cols]
        short = essential & (have + 1e-9 < required)
        gains = levels_to_gain(have[short], lvl[short])
        order = np.lexsort((cols[short], -gains * np.maximum(imp[short], 0.05)))
        out.append(
            StepGap(
                columns=cols[short][order].astype(np.intp),
                held=have[short][order],
                required=lvl[short][order],
                importance=imp[short][order],
                levels=gains[order],
            )
        )
        current = grow(current, ess, row)
    return out


@dataclass
class _State:
    rows: tuple[int, ...]
    moves: tuple[Move, ...]
    held: FloatArray
    cost: float
    levels: float


@dataclass(frozen=True)
class _Goal:
    """A search target: its row, the rows leading into it with their relatedness, and
    its essential needs (columns and levels)."""

    row: int
    into: dict[int, float]
    cols: IntArray
    req: FloatArray


# (cost plus levels ahead, cost, state, row, levels, relatedness)
_Expansion = tuple[float, float, _State, int, float, float]


class PathSearch:
    """Beam search for cheap career paths over the k-nearest-neighbour relatedness graph."""

    def __init__(
        self,
        k: int = 15,
        beam: int = 24,
        penalty: float = 1.0,
        step_cost: float = 2.0,
        min_relatedness: float = 0.05,
    ) -> None:
        self.k = k
        self.beam = beam
        self.penalty = penalty
        self.step_cost = step_cost
        self.min_relatedness = min_relatedness

    def fit(self, needs: SkillMatrix, neighbours: Neighbours) -> PathSearch:
        """Keep the roles' needs (rows = roles) and the neighbour function."""
        self.needs_ = needs
        self.neighbours_ = neighbours
        self.essential_ = essential_levels(needs)
        return self

    def _cost(self, levels: FloatArray, relatedness: FloatArray) -> FloatArray:
        """Cost of moves with these efforts and relatedness scores; same shape."""
        rel = np.clip(relatedness, 0.0, 1.0)
        out: FloatArray = levels * (1.0 + self.penalty * (1.0 - rel)) + self.step_cost
        return out

    def search(
        self,
        held: FloatArray,
        *,
        start: int | None = None,
        first: tuple[IntArray, FloatArray] | None = None,
        target: int | None = None,
        max_steps: int = 3,
        limit: int = 5,
    ) -> list[CareerPath]:
        """Cheapest paths from `start` (a row, or None with `first` = candidate first
        moves and their closeness) for a person holding levels `held` (m,) on [0, 1].

        With a target: up to `limit` paths that end at it within `max_steps` moves,
        cheapest first. Without: the cheapest path to every role reached (the caller
        ranks them), cheapest first.
        """
        if start is None and first is None:
            msg = "search needs a start row or candidate first moves"
            raise ValueError(msg)
        goal = self._goal(target)
        origin = () if start is None else (start,)
        beam = [_State(origin, (), held, 0.0, 0.0)]
        best: dict[int, CareerPath] = {}
        complete: list[CareerPath] = []
        for depth in range(max_steps):
            expansions = [x for state in beam for x in self._expand(state, first, goal)]
            if not expansions:
                break
            expansions.sort(key=lambda x: (x[0], x[3]))
            last = depth + 1 >= max_steps
            beam = self._advance(expansions, target, best, complete, last)
        found = complete if target is not None else list(best.values())
        found.sort(key=lambda p: (p.cost, len(p.moves), p.rows))
        return found[:limit] if target is not None else found

    def _goal(self, target: int | None) -> _Goal | None:
        """The target row with the roles that lead into it and its essential needs."""
        if target is None:
            return None
        ess = self.essential_
        t_rows, t_scores = self.neighbours_(target, self.k)
        s, e = ess.indptr[target], ess.indptr[target + 1]
        return _Goal(
            target,
            dict(zip(t_rows.tolist(), t_scores.tolist(), strict=True)),
            ess.indices[s:e],
            ess.data[s:e],
        )

    def _expand(
        self, state: _State, first: tuple[IntArray, FloatArray] | None, goal: _Goal | None
    ) -> list[_Expansion]:
        """Every allowed next move from a state: (cost plus the levels still ahead of the
        target, cost, state, row, levels, relatedness)."""
        ess = self.essential_
        if state.rows:
            cand, rel = self.neighbours_(state.rows[-1], self.k)
            if goal is not None and state.rows[-1] in goal.into:
                cand = np.append(cand, goal.row).astype(np.intp)
                rel = np.append(rel, goal.into[state.rows[-1]])
        else:
            assert first is not None
            cand, rel = first
        keep = ~np.isin(cand, np.asarray(state.rows, dtype=np.intp))
        keep &= rel >= self.min_relatedness
        cand, rel = cand[keep], rel[keep]
        if cand.size == 0:
            return []
        _, first_seen = np.unique(cand, return_index=True)
        cand, rel = cand[np.sort(first_seen)], rel[np.sort(first_seen)]
        levels = move_levels(ess, cand, state.held)
        cost = state.cost + self._cost(levels, rel)
        ahead = np.zeros(cand.size)
        if goal is not None and goal.cols.size:
            after = np.maximum(
                state.held[goal.cols][np.newaxis, :],
                ess[cand][:, goal.cols].toarray(),
            )
            ahead = levels_to_gain(after, goal.req[np.newaxis, :]).sum(axis=1)
            ahead = np.where(cand == goal.row, 0.0, ahead)
        return [
            (
                float(cost[j] + ahead[j]),
                float(cost[j]),
                state,
                int(cand[j]),
                float(levels[j]),
                float(rel[j]),
            )
            for j in range(cand.size)
        ]

    def _advance(
        self,
        expansions: list[_Expansion],
        target: int | None,
        best: dict[int, CareerPath],
        complete: list[CareerPath],
        last: bool,
    ) -> list[_State]:
        """The next beam from sorted expansions; records paths that reach the target in
        `complete`, or the cheapest path to each row in `best` when there is no target."""
        ess = self.essential_
        next_beam: list[_State] = []
        seen: set[int] = set()
        for _, cost_j, state, row, levels_j, rel_j in expansions:
            move = Move(row, levels_j, rel_j, cost_j - state.cost)
            path = CareerPath((*state.moves, move), cost_j, state.levels + levels_j)
            if target is not None and row == target:
                complete.append(path)
                continue
            if target is None and (row not in best or best[row].cost > cost_j):
                best[row] = path
            if row in seen or len(next_beam) >= self.beam or last:
                continue
            seen.add(row)
            next_beam.append(
                _State(
                    (*state.rows, row),
                    path.moves,
                    grow(state.held, ess, row),
                    cost_j,
                    path.levels,
                )
            )
        return next_beam
