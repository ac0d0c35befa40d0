"""Dense products of a few query vectors with many label vectors: torch's CPU kernels
when torch is there, else numpy.

The products here are a few dozen query rows against up to ~100k label rows. On this
project's first 2-core machine (AVX-512) torch's kernels ran them about twice as fast as
numpy's BLAS build in float32 (25 x 384 against 98,763 x 384: 33 ms against 48-66 ms on
one thread), and bfloat16 copies of the label rows faster again where the CPU multiplies
bfloat16 in hardware (docs/MEASUREMENTS.md). Elsewhere products run in float32, but for
a single query (a job title, a search text), which reads a float16 copy.

Products are computed rows first, (n, d) @ (d, m): on a 2-core AVX2 host (torch 2.13,
two threads, 33,075 x 384 rows) that orientation took 3.4 ms for 2 queries, 3.3 ms for
4 and 20.2 ms for 27 where queries first, (m, d) @ (d, n), took 10.7, 16.9 and 32.2 ms;
at 99,397 rows and 27 queries 60.4 against 95.4 ms. A single query is bound by the bytes
it reads: 2.5 ms in float16 against 5.6 ms in float32 (99,397 rows: 7.4 against 16.4
ms); from two queries on, float16 costs more than it saves on a CPU that converts it.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from talentmarket.textintel.compute import on_compute_thread
from talentmarket.textintel.cpu import native_bfloat16


class Rows:
    """A matrix of unit rows that query vectors meet again and again (label vectors),
    with copies for the products in the precision the CPU multiplies fastest, made on
    first use and never pickled.

    Where the CPU multiplies bfloat16 in hardware (AVX-512 BF16, AMX, Arm BF16) the copy
    is bfloat16: a product of a few queries with ~100k rows reads half as much, and scores
    come back rounded to bfloat16 (8 bits of mantissa: steps of 1/256 between 0.5 and 1;
    on the validation sets the extractor's RP@5 did not move, docs/MEASUREMENTS.md).
    Elsewhere bfloat16 would be emulated, several times slower than float32 for many
    queries, so products read the float32 matrix itself, and a single query a float16
    copy (11 bits of mantissa: scores within about 1e-3). Without torch numpy multiplies
    the float32 matrix.
    """

    def __init__(self, matrix: NDArray[np.float32]) -> None:
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self._product_rows: Any = None
        self._single_rows: Any = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"matrix": self.matrix}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["matrix"])  # type: ignore[misc]

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    def against(
        self, queries: NDArray[np.float32], rows_first: bool = False
    ) -> NDArray[np.float32]:
        """queries (m, d) @ rows.T as float32 (m, n); with `rows_first`, (n, m)."""
        q32 = np.ascontiguousarray(queries, dtype=np.float32)
        torch = _torch()
        if torch is None or q32.shape[0] == 0 or len(self) == 0:
            out = q32 @ self.matrix.T
            return np.ascontiguousarray(out.T) if rows_first else out

        def product() -> NDArray[np.float32]:
            with torch.inference_mode():
                scores: NDArray[np.float32] = self._scores(torch, q32).numpy()
            return scores if rows_first else np.ascontiguousarray(scores.T)

        return on_compute_thread(product)

    def group_max(
        self,
        queries: NDArray[np.float32],
        starts: NDArray[np.int64],
        penalty: NDArray[np.float32],
    ) -> NDArray[np.float32]:
        """Per group of consecutive rows (starting at `starts`), the best score of each
        query, less the row's `penalty`: (groups, m) float32. In torch on the same thread
        as the product (the 98,763 ESCO label rows against 18 segments: 11.7 ms against
        15.1 ms with numpy's maximum.reduceat on the product, the same values)."""
        torch = _torch()
        q32 = np.ascontiguousarray(queries, dtype=np.float32)
        if torch is None or q32.shape[0] == 0 or len(self) == 0:
            scores = self.against(q32, rows_first=True) - penalty[:, None]
            out: NDArray[np.float32] = np.maximum.reduceat(scores, starts, axis=0)
            return out
        lengths = torch.from_numpy(np.diff(np.r_[starts, len(self)]).astype(np.int64))
        minus = torch.from_numpy(np.ascontiguousarray(penalty, dtype=np.float32))[:, None]

        def product() -> NDArray[np.float32]:
            with torch.inference_mode():
                scores = self._scores(torch, q32)
                scores -= minus
                best = torch.segment_reduce(scores, "max", lengths=lengths, axis=0)
                result: NDArray[np.float32] = best.numpy()
            return result

        return on_compute_thread(product)

    def _scores(self, torch: Any, q32: NDArray[np.float32]) -> Any:
        """rows @ queries.T as a float32 tensor (n, m), from the copy the queries read."""
        rows = self._copy(torch, q32.shape[0])
        return (rows @ torch.from_numpy(q32).to(rows.dtype).T).float()  # no copy if float32

    def _copy(self, torch: Any, queries: int) -> Any:
        """The rows as a product of this many queries reads them: the bfloat16 copy where
        the CPU has bfloat16 arithmetic; elsewhere a float16 copy for a single query and
        the float32 matrix for more."""
        with self._lock:
            if self._product_rows is None:
                rows = torch.from_numpy(self.matrix)
                self._product_rows = rows.to(torch.bfloat16) if product_bfloat16() else rows
            if queries > 1 or product_bfloat16():
                return self._product_rows
            if self._single_rows is None:
                self._single_rows = torch.from_numpy(self.matrix).to(torch.float16)
            return self._single_rows


@cache
def product_bfloat16() -> bool:
    """Whether label products run in bfloat16 on this CPU (read once per process)."""
    return native_bfloat16()


def _torch() -> Any:
    """The torch module, imported on first use (it takes a second; the web app and
    commands that never multiply many vectors should not pay it), or None without it."""
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency of the service
        return None
    return torch
