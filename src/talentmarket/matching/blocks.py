"""A matrix-vector product split in row blocks over the machine's cores.

The service keeps numpy's BLAS on one thread (its worker threads spin after each product
and take a core from whatever runs next; `textintel/compute.py`). One opening's vector
against 100,000 employee vectors reads 150 MB and took about 12.5 ms on one core of this
project's 2-core machine; numpy releases the GIL inside BLAS, so row blocks on a small
pool of threads run side by side (about 7.7 ms, as BLAS's own two threads).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.typing import NDArray

MIN_ROWS = 20_000  # below this one block is as fast as several
_PARTS = max(1, min(4, os.cpu_count() or 1))
_pool = ThreadPoolExecutor(max_workers=_PARTS, thread_name_prefix="matvec")


def matvec(matrix: NDArray[np.float32], vector: NDArray[np.float32]) -> NDArray[np.float32]:
    """matrix (n, d) @ vector (d,) as (n,), in row blocks on the cores when n is large."""
    n = matrix.shape[0]
    if _PARTS == 1 or n < MIN_ROWS:
        out: NDArray[np.float32] = matrix @ vector
        return out
    result = np.empty(n, dtype=np.result_type(matrix, vector))
    bounds = np.linspace(0, n, _PARTS + 1).astype(int)

    def block(i: int) -> None:
        lo, hi = bounds[i], bounds[i + 1]
        np.matmul(matrix[lo:hi], vector, out=result[lo:hi])

    list(_pool.map(block, range(_PARTS)))
    return result
