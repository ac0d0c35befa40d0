"""Role relatedness of the running service: one fitted `RoleRelatedness` over every active
occupation in the database, built once per (taxonomy version, role-vector version, model)
and shared by every request and thread until one of them changes.

This is the one place that answers "how close is role A to role B" for the rest of the
service (related roles, career paths, the matching engine's role proximity):

- `RoleRelatednessView.proximity(origin_ids, dest_ids)`: (P,) float32 in [0, 1], NaN
  where a role is unknown, vectorised for one origin and many destinations or many
  origins and one destination (either way it computes one row or one column);
- `RoleRelatednessView.proximity_rows(origin_ids)`: (k, n) float32 against every role of
  `role_ids` (column order), NaN rows for unknown origins.

Proximity is asymmetric: 20% the share of the destination's weighted skill needs that
the origin role covers (level-aware), 80% the symmetric relatedness score; a role's
proximity to itself is 1.

Embeddings are the stored role document vectors (title, alternative titles and
description chunks, mean-pooled; `talentmarket embed --what roles`). A build computes the
missing or stale ones in memory (a build may run on a GET, and reads never write) when
there are at most `MAX_ENCODE_AT_BUILD`; with more it uses the stored ones, and turns the
embedding signal off when fewer than `MIN_VECTOR_SHARE` of the roles have one (the other
signals still rank well: nDCG@10 0.73 against 0.76 on O*NET's related occupations).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from sqlalchemy.orm import Session

from talentmarket.db.versions import data_versions
from talentmarket.embeddings.current import current_vectors, stale_entities
from talentmarket.embeddings.service import load_entity_matrix
from talentmarket.mobility.coverage import HELD_FLOOR, level_credit
from talentmarket.mobility.paths import PathSearch
from talentmarket.mobility.relatedness import RelatedRole, RoleRelatedness
from talentmarket.relatedness.profiles import ProfileData, RoleInfo, load_profiles
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.graph.service import configured_model_id

log = logging.getLogger(__name__)

CACHE_NAME = "role-relatedness"
MAX_ENCODE_AT_BUILD = 200
MIN_VECTOR_SHARE = 0.9
NEIGHBOUR_CACHE = 50_000  # rows of cached top neighbours (a few hundred bytes each)
# proximity rows and columns kept per view, most recently used (12 KB each for ESCO's
# 3,007 occupations): the pages of one ranking, and the next ranking of the same opening
# or person, ask for the same one again
PROXIMITY_CACHE = 1_024
F32 = NDArray[np.float32]
IntArray = NDArray[np.intp]
_BUILD_LOCK = threading.Lock()

Key = tuple[int, int, str]


@dataclass(frozen=True)
class BuildInfo:
    """How a view was built: seconds per step, role count and the embedding used."""

    load_s: float
    vectors_s: float
    fit_s: float
    roles: int
    embedding: str

    @property
    def total_s(self) -> float:
        """Seconds from the first query to a usable view."""
        return round(self.load_s + self.vectors_s + self.fit_s, 3)


class RoleRelatednessView:
    """A fitted relatedness model addressed by database role ids (read-only, thread-safe)."""

    def __init__(
        self, model: RoleRelatedness | None, data: ProfileData, key: Key, info: BuildInfo
    ) -> None:
        self.model = model
        self.key = key
        self.info = info
        self.roles: list[RoleInfo] = data.roles
        self.role_ids: NDArray[np.int64] = np.array([r.role_id for r in data.roles], np.int64)
        self.role_ids.setflags(write=False)
        self.skill_labels = data.skill_labels
        self.skill_uris = data.skill_uris
        self._held: sp.csc_matrix | None = None  # columns are what a proximity reads
        if model is not None:
            sm = model.skill_matrix_
            self._held = sp.csr_matrix(
                (np.maximum(sm.level, HELD_FLOOR), sm.indices, sm.indptr), shape=sm.shape
            ).tocsc()
        skill_ids = model.skill_matrix_.skill_ids if model is not None else []
        self.skill_ids: NDArray[np.int64] = np.array([int(s) for s in skill_ids], np.int64)
        self._skill_column = {int(s): k for k, s in enumerate(skill_ids)}
        self._neighbours: dict[tuple[int, int], tuple[IntArray, NDArray[np.float64]]] = {}
        self._lock = threading.Lock()
        self._proximities: OrderedDict[tuple[str, int], F32] = OrderedDict()
        self._paths: PathSearch | None = None

    @property
    def version(self) -> str:
        """Taxonomy version, role-vector version and model, as one string for answers."""
        return f"taxonomy {self.key[0]}, role vectors {self.key[1]}, {self.key[2]}"

    def __len__(self) -> int:
        return int(self.role_ids.size)

    # -- addressing --------------------------------------------------------------------------
    def rows(self, role_ids: ArrayLike) -> IntArray:
        """Model rows of role ids (P,); -1 where a role is not an active occupation."""
        ids = np.asarray(role_ids, dtype=np.int64).ravel()
        if self.role_ids.size == 0:
            return np.full(ids.size, -1, dtype=np.intp)
        at = np.minimum(np.searchsorted(self.role_ids, ids), self.role_ids.size - 1)
        return np.where(self.role_ids[at] == ids, at, -1).astype(np.intp)

    def row(self, role_id: int) -> int | None:
        """The model row of one role id, None if it is not an active occupation."""
        at = int(self.rows([role_id])[0])
        return None if at < 0 else at

    @property
    def skill_count(self) -> int:
        """Skill columns of the model (every skill some active role needs)."""
        return int(self.skill_ids.size)

    def skill_column(self, skill_id: int) -> int | None:
        """The column of a skill id, None if no active role needs it."""
        return self._skill_column.get(skill_id)

    def skill_uri(self, skill_id: int) -> str:
        """URI of a skill some active role needs ("" for another)."""
        return self.skill_uris.get(str(skill_id), "")

    def skill_label(self, column: int) -> str:
        """Preferred label of the skill at a column."""
        return self.skill_labels.get(str(int(self.skill_ids[column])), "")

    def path_search(self) -> PathSearch:
        """A `PathSearch` over this view's roles and neighbours (built once)."""
        with self._lock:
            if self._paths is None:
                if self.model is None:
                    msg = "no active roles: nothing to search"
                    raise ValueError(msg)
                self._paths = PathSearch().fit(self.model.skill_matrix_, self.neighbours)
            return self._paths

    def info_of(self, row: int) -> RoleInfo:
        """Title, code, source and URI of the role at a model row."""
        return self.roles[row]

    # -- proximity: the interface other services call ----------------------------------------
    def proximity_row(self, origin_row: int) -> F32:
        """Proximity of one origin (model row) to every role; (n,) float32, self = 1,
        read-only (remembered)."""
        return self._remembered("row", origin_row, self._proximity_row)

    def proximity_column(self, dest_row: int) -> F32:
        """Proximity of every role to one destination (model row); (n,) float32, self = 1,
        read-only (remembered)."""
        return self._remembered("column", dest_row, self._proximity_column)

    def _remembered(self, kind: str, row: int, compute: Callable[[int], F32]) -> F32:
        """A proximity row or column from the view's memory, computed on a miss (one
        column took 2.5-2.9 ms for ESCO's 3,007 occupations)."""
        key = (kind, row)
        with self._lock:
            hit = self._proximities.get(key)
            if hit is not None:
                self._proximities.move_to_end(key)
                return hit
        value = compute(row)
        value.setflags(write=False)
        with self._lock:
            self._proximities[key] = value
            while len(self._proximities) > PROXIMITY_CACHE:
                self._proximities.popitem(last=False)
        return value

    def _proximity_row(self, origin_row: int) -> F32:
        if self.model is None:
            return np.zeros(0, dtype=np.float32)
        out = self.model.proximities_from(origin_row).astype(np.float32)
        out[origin_row] = 1.0
        return out

    def _proximity_column(self, dest_row: int) -> F32:
        if self.model is None or self._held is None:
            return np.zeros(0, dtype=np.float32)
        model = self.model
        cols, imp, lvl, _ = model.skill_matrix_.row(dest_row)
        coverage = np.zeros(len(self), dtype=np.float64)
        total = float(imp.sum())
        if cols.size and total > 0.0:
            held = self._held[:, cols].toarray()
            coverage = (level_credit(held, lvl[np.newaxis, :]) @ imp) / total
        # relatedness is symmetric, so the destination's row is everyone's column
        blend = model.coverage_blend
        out = (blend * coverage + (1.0 - blend) * model.scores_from(dest_row)).astype(np.float32)
        out[dest_row] = 1.0
        return out

    def proximity_rows(self, origin_ids: ArrayLike) -> F32:
        """Proximity of each origin role id to every role (columns in `role_ids` order);
        (k, n) float32, NaN rows for origins that are not active occupations."""
        rows = self.rows(origin_ids)
        out = np.full((rows.size, len(self)), np.nan, dtype=np.float32)
        for i, r in enumerate(rows.tolist()):
            if r >= 0:
                out[i] = self.proximity_row(r)
        return out

    def proximity(self, origin_ids: ArrayLike, dest_ids: ArrayLike) -> F32:
        """Asymmetric proximity of role-id pairs: origin_ids (P,), dest_ids (P,) -> (P,)
        float32 in [0, 1], NaN where either role is unknown. Cost: one row per distinct
        origin or one column per distinct destination, whichever is fewer."""
        o = self.rows(origin_ids)
        d = self.rows(dest_ids)
        if o.size != d.size:
            msg = f"{o.size} origins for {d.size} destinations"
            raise ValueError(msg)
        out = np.full(o.size, np.nan, dtype=np.float32)
        known = (o >= 0) & (d >= 0)
        if not known.any():
            return out
        uo, ud = np.unique(o[known]), np.unique(d[known])
        if uo.size <= ud.size:
            for origin in uo.tolist():
                sel = known & (o == origin)
                out[sel] = self.proximity_row(origin)[d[sel]]
        else:
            for dest in ud.tolist():
                sel = known & (d == dest)
                out[sel] = self.proximity_column(dest)[o[sel]]
        return out

    # -- ranking -----------------------------------------------------------------------------
    def related(self, role_id: int, limit: int = 10) -> list[RelatedRole]:
        """The most related other occupations of a role, best first, with reasons."""
        row = self.row(role_id)
        if row is None or self.model is None:
            return []
        return self.model.related(row, limit)

    def neighbours(self, row: int, k: int) -> tuple[IntArray, NDArray[np.float64]]:
        """The k most related other rows of a row and their relatedness scores, best first
        (cached: path searches expand the same roles again and again)."""
        if self.model is None:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        with self._lock:
            hit = self._neighbours.get((row, k))
        if hit is not None:
            return hit
        fused = self.model.fused_from(row)
        fused[row] = -np.inf
        k = max(0, min(k, fused.size - 1))
        top = np.argpartition(-fused, k - 1)[:k] if k else np.zeros(0, dtype=np.intp)
        top = top[np.lexsort((top, -fused[top]))].astype(np.intp)
        scores = -np.expm1(-np.maximum(fused[top], 0.0))
        with self._lock:
            if len(self._neighbours) >= NEIGHBOUR_CACHE:
                self._neighbours.clear()
            self._neighbours[(row, k)] = (top, scores)
        return top, scores

    def relatedness_from(self, row: int) -> NDArray[np.float64]:
        """Relatedness score in [0, 1) of one row to every row; (n,)."""
        if self.model is None:
            return np.zeros(0)
        return self.model.scores_from(row)


def relatedness_key(
    session: Session, model_id: str, versions: Mapping[str, int] | None = None
) -> Key:
    """What a view depends on: taxonomy version, role-vector version, model ('off': none);
    `versions` when the caller has read the data versions already."""
    versions = data_versions(session) if versions is None else versions
    return versions.get("taxonomy", 0), versions.get("vectors:role", 0), model_id


def role_vectors(
    session: Session, runtime: Runtime, model_id: str, role_ids: Sequence[int]
) -> tuple[NDArray[np.float32] | None, str]:
    """Role vectors in `role_ids` order (zero rows where missing) and what was used; None
    when too few roles have one (see the module docstring)."""
    if not role_ids:
        return None, "off: no roles"
    _, stale = stale_entities(session, "role", model_id, role_ids)
    if stale and len(stale) <= MAX_ENCODE_AT_BUILD and runtime.encoder.model_id == model_id:
        ids, matrix = current_vectors(session, runtime.encoder, "role", role_ids)
        stale = []
    else:
        ids, matrix = load_entity_matrix(session, "role", model_id, role_ids)
    share = ids.size / len(role_ids)
    if share < MIN_VECTOR_SHARE:
        note = (
            f"off: {ids.size} of {len(role_ids)} roles have {model_id} vectors "
            "(run `talentmarket embed --what roles`)"
        )
        log.warning("role relatedness: embedding signal %s", note)
        return None, note
    wanted = np.asarray(role_ids, dtype=np.int64)
    out = np.zeros((wanted.size, matrix.shape[1]), dtype=np.float32)
    out[np.searchsorted(wanted, ids)] = matrix
    note = f"{model_id} role vectors ({ids.size} of {wanted.size} roles"
    note += f", {len(stale)} stale)" if stale else ")"
    return out, note


def build_relatedness(
    session: Session, runtime: Runtime, model_id: str | None
) -> RoleRelatednessView:
    """Load the profiles (and vectors unless model_id is None) and fit a view."""
    started = time.perf_counter()
    data = load_profiles(session)
    loaded = time.perf_counter()
    vectors, note = None, "off"
    if model_id is not None:
        vectors, note = role_vectors(session, runtime, model_id, [r.role_id for r in data.roles])
    vectors_done = time.perf_counter()
    model = None
    if data.profiles:
        model = RoleRelatedness().fit(
            data.profiles, embeddings=vectors, skill_labels=data.skill_labels
        )
    done = time.perf_counter()
    info = BuildInfo(
        load_s=round(loaded - started, 3),
        vectors_s=round(vectors_done - loaded, 3),
        fit_s=round(done - vectors_done, 3),
        roles=len(data.profiles),
        embedding=note,
    )
    key = relatedness_key(session, model_id or "off")
    log.info(
        "role relatedness %s: %d roles in %.2f s (load %.2f, vectors %.2f, fit %.2f); %s",
        key,
        info.roles,
        info.total_s,
        info.load_s,
        info.vectors_s,
        info.fit_s,
        note,
    )
    return RoleRelatednessView(model, data, key, info)


def get_relatedness(
    session: Session,
    runtime: Runtime,
    *,
    embeddings: bool = True,
    versions: Mapping[str, int] | None = None,
) -> RoleRelatednessView:
    """The relatedness view of the database's current taxonomy (built if needed).

    embeddings=False gives a view from the text, title, activity and skill signals only,
    cached apart from the default one. `versions`: the data versions the caller read
    (a ranking reads them once), else read here.
    """
    model_id = configured_model_id(runtime) if embeddings else None
    name = CACHE_NAME if embeddings else f"{CACHE_NAME}:lexical"
    key = relatedness_key(session, model_id or "off", versions)
    with _BUILD_LOCK:
        return runtime.cached(name, key, lambda: build_relatedness(session, runtime, model_id))
