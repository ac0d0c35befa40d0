"""Open openings as the arrays the matching core ranks over (see `pools.py` for the
employee side): requirement rows in CSR layout, ids ascending, fresh rows of changed
openings merged in (`merged`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

KINDS: tuple[str, ...] = ("job", "gig", "project", "mentorship")
F32 = NDArray[np.float32]
I32 = NDArray[np.int32]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]


def kind_mask(kinds: Sequence[str]) -> int:
    """Bit mask of preferred opening kinds (0 = no preference)."""
    return sum(1 << KINDS.index(k) for k in kinds if k in KINDS)


def position_of(ids: I64, wanted: int) -> int | None:
    """Row of an id in ascending ids, None when absent."""
    at = int(np.searchsorted(ids, wanted))
    return at if at < len(ids) and int(ids[at]) == wanted else None


@dataclass
class OpeningPool:
    """Open openings as arrays; requirement rows in CSR layout (req_ptr)."""

    ids: I64  # (O,) ascending
    role: I32  # (O,) role position, -1 unknown
    kind: NDArray[np.int8]  # (O,) index into KINDS; -1 for an ad-hoc search (no preferences)
    location: I32  # (O,) location code, -1 none
    remote: B  # (O,)
    need_share: F32  # (O,) share of a week needed, 0 unknown
    owner: I64  # (O,) owner employee id, -1 none
    req_ptr: I64  # (O + 1,)
    req_skill: I32  # (R,) skill position
    req_min: F32  # (R,)
    req_weight: F32  # (R,)
    req_must: B  # (R,)
    vectors: F32  # (O, d) unit rows, zeros when unknown
    has_vector: B  # (O,)

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, opening_id: int) -> int | None:
        """Row of an opening id, None when it is not in the pool."""
        return position_of(self.ids, opening_id)

    def take(self, rows: I64) -> OpeningPool:
        """A pool of these rows, in this order (their requirements follow them)."""
        starts = self.req_ptr[rows]
        lengths = self.req_ptr[rows + 1] - starts
        total = int(lengths.sum())
        offsets = np.cumsum(lengths) - lengths
        req = np.arange(total, dtype=np.int64) - np.repeat(offsets, lengths)
        req += np.repeat(starts, lengths)
        return OpeningPool(
            ids=self.ids[rows],
            role=self.role[rows],
            kind=self.kind[rows],
            location=self.location[rows],
            remote=self.remote[rows],
            need_share=self.need_share[rows],
            owner=self.owner[rows],
            req_ptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            req_skill=self.req_skill[req],
            req_min=self.req_min[req],
            req_weight=self.req_weight[req],
            req_must=self.req_must[req],
            vectors=self.vectors[rows],
            has_vector=self.has_vector[rows],
        )

    def merged(self, fresh: OpeningPool, changed: Sequence[int]) -> OpeningPool:
        """A copy with the changed ids' rows replaced by `fresh` (ids changed but not in
        `fresh` leave), in id order."""
        keep = np.flatnonzero(~np.isin(self.ids, np.asarray(changed, dtype=np.int64)))
        kept = self.take(keep)
        both = OpeningPool(
            ids=np.concatenate([kept.ids, fresh.ids]),
            role=np.concatenate([kept.role, fresh.role]),
            kind=np.concatenate([kept.kind, fresh.kind]),
            location=np.concatenate([kept.location, fresh.location]),
            remote=np.concatenate([kept.remote, fresh.remote]),
            need_share=np.concatenate([kept.need_share, fresh.need_share]),
            owner=np.concatenate([kept.owner, fresh.owner]),
            req_ptr=np.concatenate([kept.req_ptr, fresh.req_ptr[1:] + kept.req_ptr[-1]]),
            req_skill=np.concatenate([kept.req_skill, fresh.req_skill]),
            req_min=np.concatenate([kept.req_min, fresh.req_min]),
            req_weight=np.concatenate([kept.req_weight, fresh.req_weight]),
            req_must=np.concatenate([kept.req_must, fresh.req_must]),
            vectors=np.concatenate([kept.vectors, fresh.vectors]),
            has_vector=np.concatenate([kept.has_vector, fresh.has_vector]),
        )
        return both.take(np.argsort(both.ids, kind="stable").astype(np.int64))
