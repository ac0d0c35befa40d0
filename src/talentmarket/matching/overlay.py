"""Rows of a vector matrix replaced since it was copied, kept beside it instead of in it.

Updating one person's vector used to copy the whole (E, d) matrix into the next pool (150
MB at 100,000 people: 21 ms alone, over 100 ms beside other work, and the first ranking
after each update of an HRIS sync waited for it). Now the next pool shares the matrix and
carries the replaced rows (positions ascending, with their vectors); pools read vectors
through `rows_of`, `row_of` and `product` (`EmployeePool.vector_rows`, `vector_of`,
`vector_product`), which apply them, so no pool a request holds changes under it. After
`FOLD` replaced rows, or an insertion or removal (which moves positions), the rows are
written into one copy of the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from talentmarket.matching.blocks import matvec

F32 = NDArray[np.float32]
I64 = NDArray[np.int64]

FOLD = 1024  # replaced rows kept beside a matrix before one copy takes them in (1.5 MB)


@dataclass(frozen=True)
class Overlay:
    """Replaced rows of a matrix: positions (k,) ascending and their rows (k, d)."""

    positions: I64
    rows: F32

    @classmethod
    def empty(cls, dim: int) -> Overlay:
        """No replaced rows."""
        return cls(np.zeros(0, dtype=np.int64), np.zeros((0, dim), dtype=np.float32))

    def __len__(self) -> int:
        return len(self.positions)

    def with_row(self, at: int, vector: F32) -> Overlay:
        """A new overlay with row `at` replaced by `vector` (this one is not changed)."""
        i = int(np.searchsorted(self.positions, at))
        row = np.asarray(vector, dtype=np.float32)[None, :]
        if i < len(self.positions) and self.positions[i] == at:
            rows = self.rows.copy()
            rows[i] = row[0]
            return Overlay(self.positions, rows)
        positions = np.insert(self.positions, i, at)
        return Overlay(positions, np.insert(self.rows, i, row, axis=0))

    def rows_of(self, base: F32, index: I64) -> F32:
        """base[index] (a copy) with the replaced rows in; index: positions (n,)."""
        out: F32 = base[index]
        if len(self.positions) and len(index):
            at = np.minimum(np.searchsorted(self.positions, index), len(self.positions) - 1)
            hit = self.positions[at] == index
            out[hit] = self.rows[at[hit]]
        return out

    def row_of(self, base: F32, e: int) -> F32:
        """Row e as it reads now (a view of the base or of the overlay)."""
        i = int(np.searchsorted(self.positions, e))
        source, row = (
            (self.rows, i) if i < len(self.positions) and self.positions[i] == e else (base, e)
        )
        out: F32 = source[row]
        return out

    def product(self, base: F32, vector: F32) -> F32:
        """(base with the replaced rows in) @ vector, as (E,)."""
        out = matvec(base, vector)
        if len(self.positions):
            out[self.positions] = self.rows @ vector
        return out

    def folded(self, base: F32) -> F32:
        """A copy of the base with the replaced rows in (the base when there are none)."""
        if not len(self.positions):
            return base
        out = base.copy()
        out[self.positions] = self.rows
        return out
