"""The arrays the matching core ranks over: employees and openings as pools.

Pools are plain arrays built by the ranking service from the database; this module never
sees a database. Pool ids are ascending, so `position` finds a row by binary search
(the id -> row index) without a dictionary to keep in step. An employee pool can publish
a copy with one row patched, inserted or removed (`patch_employee`, `remove_employee`),
so a write can reach a cached pool as a delta instead of a rebuild; an opening pool merges
the fresh rows of changed openings (`merged`). The pool a request is scoring is never
changed under it. Opening pools are in `opening_pool.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from talentmarket.matching.blocks import matvec
from talentmarket.matching.growable import (
    Tails,
    appended,
    appended_row,
    keep_tail,
    same_row,
    spliced,
    with_row,
)
from talentmarket.matching.opening_pool import position_of
from talentmarket.matching.overlay import FOLD, Overlay

F32 = NDArray[np.float32]
I32 = NDArray[np.int32]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]
A = TypeVar("A", bound=NDArray[Any])


@dataclass(frozen=True)
class EmployeeRow:
    """One employee as an employee pool holds it (skills and roles by position)."""

    id: int
    role: int = -1
    location: int = -1
    remote_ok: bool = False
    relocates: bool = False
    available_share: float = 0.0
    kinds: int = 0
    skills: tuple[tuple[int, float], ...] = ()  # (skill position, held level)
    grow: tuple[int, ...] = ()  # skill positions the employee wants to grow
    target_roles: tuple[int, ...] = ()  # role positions
    vector: F32 | None = None  # (d,)


@dataclass
class EmployeePool:
    """Employees that ranking may show (built through the visibility rule)."""

    ids: I64  # (E,) ascending
    role: I32  # (E,)
    location: I32  # (E,)
    remote_ok: B
    relocates: B
    available_share: F32
    kinds: NDArray[np.int8]  # (E,) preferred-kind bit masks
    levels: sp.csr_matrix  # (E, S) held proficiency of accepted skills
    grow: sp.csr_matrix  # (E, S) 1 where the employee wants to grow a skill
    target_roles: sp.csr_matrix  # (E, n_roles) 1 for target roles
    vectors: F32  # (E, d) read through vector_rows / vector_of / vector_product
    has_vector: B
    # spare room behind the arrays, for appending rows without a copy (growable.py)
    tails: Tails = field(default_factory=dict, compare=False, repr=False)
    # vector rows replaced since `vectors` was copied (overlay.py); None: none
    overlay: Overlay | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def vector_rows(self, index: I64) -> F32:
        """The vectors of the employees at `index`, (n, d), a copy."""
        return self.overlay.rows_of(self.vectors, index) if self.overlay else self.vectors[index]

    def vector_of(self, e: int) -> F32:
        """Employee e's vector, (d,), not to be written to."""
        return self.overlay.row_of(self.vectors, e) if self.overlay else self.vectors[e]

    def vector_product(self, query: F32) -> F32:
        """Every employee's vector @ query, (E,)."""
        if self.overlay:
            return self.overlay.product(self.vectors, query)
        return matvec(self.vectors, query)

    def flat_vectors(self) -> F32:
        """The vector matrix with replaced rows in (shared when there are none)."""
        return self.overlay.folded(self.vectors) if self.overlay else self.vectors

    def position(self, employee_id: int) -> int | None:
        """Row of an employee id, None when it is not in the pool."""
        return position_of(self.ids, employee_id)

    def row(self, e: int) -> EmployeeRow:
        """Employee e as a row (what `patch_employee` takes)."""
        levels = self.levels[e]
        return EmployeeRow(
            int(self.ids[e]),
            role=int(self.role[e]),
            location=int(self.location[e]),
            remote_ok=bool(self.remote_ok[e]),
            relocates=bool(self.relocates[e]),
            available_share=float(self.available_share[e]),
            kinds=int(self.kinds[e]),
            skills=tuple(
                (int(c), float(v)) for c, v in zip(levels.indices, levels.data, strict=True)
            ),
            grow=tuple(int(c) for c in self.grow[e].indices),
            target_roles=tuple(int(c) for c in self.target_roles[e].indices),
            vector=self.vector_of(e).copy() if self.has_vector[e] else None,
        )

    def person(self, e: int) -> Person:
        """The query-side view of employee e, for ranking openings for them."""
        return Person(
            id=int(self.ids[e]),
            role=int(self.role[e]),
            location=int(self.location[e]),
            remote_ok=bool(self.remote_ok[e]),
            relocates=bool(self.relocates[e]),
            available_share=float(self.available_share[e]),
            kinds=int(self.kinds[e]),
            levels=np.asarray(self.levels[e].toarray()).ravel().astype(np.float32),
            grow=np.asarray(self.grow[e].toarray()).ravel() > 0,
            target_roles=frozenset(int(t) for t in self.target_roles[e].indices),
            vector=self.vector_of(e) if self.has_vector[e] else None,
        )

    @classmethod
    def from_rows(
        cls, rows: Sequence[EmployeeRow], n_skills: int, n_roles: int, dim: int
    ) -> EmployeePool:
        """A pool of these rows (any order; the pool sorts them by id)."""
        empty = cls(
            ids=np.zeros(0, np.int64),
            role=np.zeros(0, np.int32),
            location=np.zeros(0, np.int32),
            remote_ok=np.zeros(0, bool),
            relocates=np.zeros(0, bool),
            available_share=np.zeros(0, np.float32),
            kinds=np.zeros(0, np.int8),
            levels=sp.csr_matrix((0, n_skills), dtype=np.float32),
            grow=sp.csr_matrix((0, n_skills), dtype=np.float32),
            target_roles=sp.csr_matrix((0, n_roles), dtype=np.float32),
            vectors=np.zeros((0, dim), np.float32),
            has_vector=np.zeros(0, bool),
        )
        for row in rows:
            empty = empty.patch_employee(row)
        return empty

    def patch_employee(self, row: EmployeeRow) -> EmployeePool:
        """A copy with this employee's row replaced, or inserted in id order when new.

        Cost: a new employee (the highest id) goes into the arrays' spare room, O(row).
        A replaced vector joins the pool's overlay, O(replaced rows). Otherwise each array
        whose row changes is copied (O(E) or O(non-zeros)) into a buffer with spare room,
        so that the appends after it are cheap again; arrays whose row is unchanged are
        shared.
        """
        at = int(np.searchsorted(self.ids, row.id))
        hit = at < len(self.ids) and int(self.ids[at]) == row.id
        if at == len(self.ids):
            return self._appended(row)

        tails: Tails = {}
        overlay = [self.overlay]

        def put_vector(value: F32) -> F32:
            vector = np.asarray(value, dtype=np.float32)
            if hit and (
                np.array_equal(self.vector_of(at), vector) or len(self.overlay or ()) < FOLD
            ):
                keep_tail(tails, self.tails, "vectors")  # shared, never copied
                if not np.array_equal(self.vector_of(at), vector):
                    replaced = self.overlay or Overlay.empty(len(vector))
                    overlay[0] = replaced.with_row(at, vector)
                return self.vectors
            overlay[0] = None  # an insertion moves positions, a full overlay is taken in
            end = at + 1 if hit else at
            out, tails["vectors"] = spliced(self.flat_vectors(), at, end, vector[None, :])
            return out

        def put(name: str, value: Any) -> Any:
            if name == "vectors":
                return put_vector(value)
            values = getattr(self, name)
            insert = np.asarray([value], dtype=values.dtype)
            if hit and np.array_equal(values[at : at + 1], insert):
                keep_tail(tails, self.tails, name)  # unchanged: shared, never copied
                return values
            out, tails[name] = spliced(values, at, at + 1 if hit else at, insert)
            return out

        def put_row(name: str, cols: Sequence[int], values: Sequence[float]) -> sp.csr_matrix:
            m = getattr(self, name)
            if hit and same_row(m, at, cols, values):
                for part in ("data", "indices", "indptr"):
                    keep_tail(tails, self.tails, f"{name}.{part}")
                return m
            out, tail = with_row(m, at, cols, values, hit, name)
            tails.update(tail)
            return out

        pool = self._rebuilt(row, put, put_row, tails)
        return replace(pool, overlay=overlay[0])

    def _appended(self, row: EmployeeRow) -> EmployeePool:
        """This pool with a row after the last (a new employee: ids grow), written into
        the arrays' spare room: O(row), not a copy of every row."""
        tails: Tails = {}

        def put(name: str, value: Any) -> Any:
            current = getattr(self, name)
            extra = np.asarray([value], dtype=current.dtype)
            out, tails[name] = appended(current, extra, self.tails.get(name))
            return out

        def put_row(name: str, cols: Sequence[int], values: Sequence[float]) -> sp.csr_matrix:
            c, v = np.asarray(cols, dtype=np.int64), np.asarray(values, dtype=np.float64)
            out, tail = appended_row(getattr(self, name), c, v, self.tails, name)
            tails.update(tail)
            return out

        return replace(self._rebuilt(row, put, put_row, tails), overlay=self.overlay)

    def _rebuilt(
        self,
        row: EmployeeRow,
        put: Callable[[str, Any], Any],
        put_row: Callable[[str, Sequence[int], Sequence[float]], sp.csr_matrix],
        tails: Tails,
    ) -> EmployeePool:
        """A pool whose arrays `put` (dense) and `put_row` (sparse, columns ascending)
        made with `row` in them."""
        skills = sorted(row.skills)
        vector = np.zeros(self.vectors.shape[1], np.float32) if row.vector is None else row.vector
        return EmployeePool(
            ids=put("ids", row.id),
            role=put("role", row.role),
            location=put("location", row.location),
            remote_ok=put("remote_ok", row.remote_ok),
            relocates=put("relocates", row.relocates),
            available_share=put("available_share", row.available_share),
            kinds=put("kinds", row.kinds),
            levels=put_row("levels", [s for s, _ in skills], [v for _, v in skills]),
            grow=put_row("grow", sorted(row.grow), [1.0] * len(row.grow)),
            target_roles=put_row(
                "target_roles", sorted(row.target_roles), [1.0] * len(row.target_roles)
            ),
            vectors=put("vectors", vector),
            has_vector=put("has_vector", row.vector is not None),
            tails=tails,
        )

    def merged(self, fresh: EmployeePool, changed: Sequence[int]) -> EmployeePool:
        """A copy with the changed ids' rows replaced by `fresh` (ids changed but not in
        `fresh` leave), in id order: two copies of each array whatever the number of rows
        (a patch of one row copies once)."""
        keep = ~np.isin(self.ids, np.asarray(changed, dtype=np.int64))
        ids = np.concatenate([self.ids[keep], fresh.ids])
        order = np.argsort(ids, kind="stable")

        def both(a: A, b: A) -> A:
            return cast(A, np.concatenate([a[keep], b])[order])

        def rows(a: sp.csr_matrix, b: sp.csr_matrix) -> sp.csr_matrix:
            return sp.csr_matrix(sp.vstack([a[keep], b], format="csr")[order])

        return EmployeePool(
            ids=ids[order],
            role=both(self.role, fresh.role),
            location=both(self.location, fresh.location),
            remote_ok=both(self.remote_ok, fresh.remote_ok),
            relocates=both(self.relocates, fresh.relocates),
            available_share=both(self.available_share, fresh.available_share),
            kinds=both(self.kinds, fresh.kinds),
            levels=rows(self.levels, fresh.levels),
            grow=rows(self.grow, fresh.grow),
            target_roles=rows(self.target_roles, fresh.target_roles),
            vectors=both(self.flat_vectors(), fresh.flat_vectors()),
            has_vector=both(self.has_vector, fresh.has_vector),
        )

    def remove_employee(self, employee_id: int) -> EmployeePool:
        """A copy without this employee (the same pool when it is not in it)."""
        at = self.position(employee_id)
        if at is None:
            return self
        keep = np.ones(len(self), dtype=bool)
        keep[at] = False
        return replace(
            self,
            ids=self.ids[keep],
            role=self.role[keep],
            location=self.location[keep],
            remote_ok=self.remote_ok[keep],
            relocates=self.relocates[keep],
            available_share=self.available_share[keep],
            kinds=self.kinds[keep],
            levels=self.levels[keep],
            grow=self.grow[keep],
            target_roles=self.target_roles[keep],
            vectors=self.flat_vectors()[keep],
            has_vector=self.has_vector[keep],
            overlay=None,  # positions moved: the replaced rows are in the copy
        )


@dataclass
class Person:
    """One employee as the query side of opportunity ranking."""

    id: int
    role: int
    location: int
    remote_ok: bool
    relocates: bool
    available_share: float
    kinds: int
    levels: F32  # (S,) dense proficiency, 0 = not held
    grow: B  # (S,)
    target_roles: frozenset[int]
    vector: F32 | None  # (d,)
