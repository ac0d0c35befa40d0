"""Arrays with spare rows at their end, so that appending to the newest pool is cheap.

A new employee has the highest id, so their row goes at the end of every pool array.
Copying the arrays for it cost about 23 ms at 100,000 employees (the 100,000 x 384 vector
matrix alone 19 ms), paid by the first ranking after each write. Here each array is a
view of a longer buffer: appending writes the new rows into the buffer's spare end and
hands out a longer view of the same buffer. Views handed out before are shorter, so no
pool a request is scoring changes under it.

Only a view of the whole used part of a buffer may append in place: appending to an
older, shorter view (a branch from a pool that was patched since) would overwrite rows
that the newer view shows, so it copies into a new buffer instead, as does a full buffer.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

A = TypeVar("A", bound=NDArray[Any])

MIN_SPARE = 1024  # spare rows of a new buffer, at least
SPARE_SHARE = 32  # and 1/32 of its rows (3% more memory)

_LOCK = threading.Lock()


@dataclass
class Tail:
    """A buffer and how many of its rows are handed out (views of exactly those rows may
    append in place)."""

    buffer: NDArray[Any]
    used: int


Tails = dict[str, Tail]


def appended(values: A, extra: A, tail: Tail | None) -> tuple[A, Tail]:
    """`values` followed by the rows of `extra` (axis 0), and the tail to pass next time.

    O(len(extra)) when `values` is the used part of `tail`'s buffer and the buffer has
    room; otherwise one copy into a new buffer with spare room."""
    n, k = len(values), len(extra)
    with _LOCK:
        if tail is not None and _is_used_part(values, tail) and n + k <= len(tail.buffer):
            tail.buffer[n : n + k] = extra
            tail.used = n + k
            return tail.buffer[: n + k], tail  # type: ignore[return-value]
    spare = max(MIN_SPARE, (n + k) // SPARE_SHARE)
    buffer = np.empty((n + k + spare, *values.shape[1:]), dtype=values.dtype)
    buffer[:n] = values
    buffer[n : n + k] = extra
    return buffer[: n + k], Tail(buffer, n + k)  # type: ignore[return-value]


def spliced(values: A, start: int, end: int, insert: A) -> tuple[A, Tail]:
    """values[:start] + insert + values[end:] (axis 0) in a new buffer with spare room, so
    that rows appended after a replaced or inserted row are cheap again."""
    n = len(values) - (end - start) + len(insert)
    spare = max(MIN_SPARE, n // SPARE_SHARE)
    buffer = np.empty((n + spare, *values.shape[1:]), dtype=values.dtype)
    buffer[:start] = values[:start]
    buffer[start : start + len(insert)] = insert
    buffer[start + len(insert) : n] = values[end:]
    return buffer[:n], Tail(buffer, n)  # type: ignore[return-value]


def _is_used_part(values: NDArray[Any], tail: Tail) -> bool:
    """True when `values` is the buffer's used rows (scipy re-slices the arrays it is
    given, so the view object differs: compare where it starts and how long it is)."""
    return (
        len(values) == tail.used
        and values.dtype == tail.buffer.dtype
        and values.strides == tail.buffer.strides
        and values.__array_interface__["data"][0] == tail.buffer.__array_interface__["data"][0]
    )


def appended_row(
    m: sp.csr_matrix, cols: NDArray[Any], values: NDArray[Any], tails: Tails, name: str
) -> tuple[sp.csr_matrix, Tails]:
    """A CSR matrix with one row appended (its `cols` ascending), and the tails of its
    three arrays under `name`."""
    data, t_data = appended(m.data, values.astype(m.data.dtype), tails.get(f"{name}.data"))
    indices, t_indices = appended(
        m.indices, cols.astype(m.indices.dtype), tails.get(f"{name}.indices")
    )
    end = np.asarray([m.indptr[-1] + len(cols)], dtype=m.indptr.dtype)
    indptr, t_indptr = appended(m.indptr, end, tails.get(f"{name}.indptr"))
    out = sp.csr_matrix((data, indices, indptr), shape=(m.shape[0] + 1, m.shape[1]), copy=False)
    # scipy keeps the given memory (no copy) while the buffer is not much longer than the
    # view; when it does copy, the next append copies as well, which is only slower
    tail = {f"{name}.data": t_data, f"{name}.indices": t_indices, f"{name}.indptr": t_indptr}
    return out, tail


def keep_tail(tails: Tails, old: Tails, name: str) -> None:
    """Carry an array's spare room over to the pool that shares the array."""
    if name in old:
        tails[name] = old[name]


def same_row(m: sp.csr_matrix, at: int, cols: Sequence[int], values: Sequence[float]) -> bool:
    """True when row `at` of m holds exactly these (ascending) columns and values."""
    start, end = int(m.indptr[at]), int(m.indptr[at + 1])
    return np.array_equal(m.indices[start:end], np.asarray(cols)) and np.array_equal(
        m.data[start:end], np.asarray(values, dtype=m.dtype)
    )


def with_row(
    m: sp.csr_matrix,
    at: int,
    cols: Sequence[int],
    values: Sequence[float],
    replace: bool,
    name: str,
) -> tuple[sp.csr_matrix, Tails]:
    """A copy of a CSR matrix with row `at` replaced (or a row inserted before it), its
    arrays in buffers with spare room (their tails under `name`)."""
    start = int(m.indptr[at])
    end = int(m.indptr[at + 1]) if replace else start
    lengths = np.diff(m.indptr)
    lengths = lengths.copy() if replace else np.insert(lengths, at, 0)
    lengths[at] = len(cols)
    data, t_data = spliced(m.data, start, end, np.asarray(values, m.dtype))
    indices, t_indices = spliced(m.indices, start, end, np.asarray(cols, m.indices.dtype))
    pointers = np.concatenate([[0], np.cumsum(lengths)]).astype(m.indptr.dtype)
    indptr, t_indptr = spliced(pointers, 0, len(pointers), pointers)
    out = sp.csr_matrix((data, indices, indptr), shape=(len(lengths), m.shape[1]), copy=False)
    tails = {f"{name}.data": t_data, f"{name}.indices": t_indices, f"{name}.indptr": t_indptr}
    return out, tails
