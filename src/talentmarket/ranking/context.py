"""What one ranking call uses: the data versions it read, the skill and role spaces, the
pools, role relatedness and the scorer, each cached per the data versions it is built from.

`BUILT_FROM` is the one place that says which data versions a cached piece depends on;
a piece is rebuilt when one of them moves (any worker or replica that writes bumps them
in the database). The pools also follow their area (`FOLLOWS`): a write to a few people or
openings records which rows changed, and the next ranking patches those rows into the
cached pool (milliseconds) instead of rebuilding it (seconds at 100,000 people); a change
without such a record rebuilds. Nothing here writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.db.versions import changed_since, data_versions
from talentmarket.matching.engine import Matcher
from talentmarket.matching.opening_pool import OpeningPool
from talentmarket.matching.pools import EmployeePool
from talentmarket.matching.scoring import PARTS, ScoringConfig, configured
from talentmarket.people.repository import PeopleRepository
from talentmarket.rankers import repository as rankers
from talentmarket.ranking import repository
from talentmarket.ranking.pools import build_employee_pool, build_opening_pool, fill_vectors
from talentmarket.ranking.spaces import RoleSpace, SkillSpace, build_role_space, build_skill_space
from talentmarket.relatedness.service import RoleRelatednessView, get_relatedness
from talentmarket.runtime import Runtime
from talentmarket.shapes import Provenance
from talentmarket.taxonomy.service import release_label

log = logging.getLogger(__name__)
T = TypeVar("T")
F32 = NDArray[np.float32]
I32 = NDArray[np.int32]
I64 = NDArray[np.int64]

EAGER_VECTOR_LIMIT = 256  # pool members without a stored vector get one in memory at build
BUILT_FROM: dict[str, tuple[str, ...]] = {
    "skill-space": ("taxonomy",),
    "role-space": ("taxonomy",),
    "matcher": ("taxonomy", "rankers"),
    "scoring": ("rankers",),
    "shadow": ("rankers",),
    "employee-pool": ("taxonomy",),
    "opening-pool": ("taxonomy",),
}
# pools built once per BUILT_FROM versions, then patched row by row as this area moves
FOLLOWS: dict[str, tuple[str, ...]] = {
    "employee-pool": ("people", "vectors:employee"),
    "opening-pool": ("openings", "vectors:opening"),
}
MAX_PATCH = 5000  # changed rows patched at once; more rebuild the pool
ROW_BY_ROW = 4  # up to this many changed people are patched row by row (about 22 ms a row at
# 100,000 people; a merge of any number costs about 110 ms)


def scoring_config(runtime: Runtime) -> ScoringConfig:
    """The configured scorer: defaults, overridden by TALENTMARKET_SCORING."""
    return configured(runtime.settings.scoring)


def with_weights(config: ScoringConfig, weights: dict[str, float], version: str) -> ScoringConfig:
    """The configured scorer with a learned ranker's part weights and version."""
    fields = {f"w_{part}": float(weights.get(part, 0.0)) for part in PARTS}
    return replace(config, **fields, version=version)


@dataclass(frozen=True)
class Shadow:
    """A learned ranker in shadow: its version and part weights (PARTS order)."""

    version: str
    weights: NDArray[np.float64]


@dataclass
class Context:
    """Everything one ranking call uses, with the versions it used."""

    session: Session
    runtime: Runtime
    versions: dict[str, int]
    model_id: str
    dim: int

    @classmethod
    def load(cls, session: Session, runtime: Runtime) -> Context:
        """The context of the database's current data versions."""
        encoder = runtime.encoder
        return cls(session, runtime, data_versions(session), encoder.model_id, encoder.dim)

    def followed(self, name: str, build: Callable[[], T], patch: Callable[[T, list[int]], T]) -> T:
        """A pool cached per `BUILT_FROM`, patched with the rows changed since in its
        `FOLLOWS` areas (rebuilt when the changes are unknown or too many)."""
        key = (*(self.versions.get(v, 0) for v in BUILT_FROM[name]), self.model_id)
        areas = FOLLOWS[name]
        version = tuple(self.versions.get(a, 0) for a in areas)

        def step(value: T, since: tuple[int, ...]) -> T | None:
            ids: set[int] = set()
            for area, old, new in zip(areas, since, version, strict=True):
                moved = changed_since(self.session, area, old, new)
                if moved is None:
                    return None
                ids |= moved
            if len(ids) > MAX_PATCH:
                return None
            return patch(value, sorted(ids)) if ids else value

        return self.runtime.following(f"ranking:{name}", key, version, build, step)

    def changed_rows(self, pool: EmployeePool, area: str, since: int) -> I64:
        """Positions in the pool of rows changed in `area` since a version (all recorded
        changes; empty when unknown, as a cache that far behind rebuilds)."""
        ids = changed_since(self.session, area, since, self.versions.get(area, 0)) or set()
        if not ids:
            return np.zeros(0, dtype=np.int64)
        wanted = np.fromiter(sorted(ids), dtype=np.int64)
        at = np.minimum(np.searchsorted(pool.ids, wanted), max(len(pool.ids) - 1, 0))
        hit = (len(pool.ids) > 0) & (pool.ids[at] == wanted)
        return np.asarray(at[hit], dtype=np.int64)

    def cached(self, name: str, build: Callable[[], T]) -> T:
        """A piece cached per the data versions `BUILT_FROM` lists for it, and the model."""
        key = (*(self.versions.get(v, 0) for v in BUILT_FROM[name]), self.model_id)
        return self.runtime.cached(f"ranking:{name}", key, build)

    # -- spaces, scorer, relatedness ------------------------------------------------------
    @property
    def skills(self) -> SkillSpace:
        """Skill positions and adjacency of the current taxonomy."""
        return self.cached("skill-space", lambda: build_skill_space(self.session))

    @property
    def roles(self) -> RoleSpace:
        """Role positions of the current taxonomy."""
        return self.cached("role-space", lambda: build_role_space(self.session))

    @property
    def matcher(self) -> Matcher:
        """The scorer over the current skill graph."""
        return self.cached("matcher", lambda: Matcher(self.skills.neighbours, self.config))

    @property
    def config(self) -> ScoringConfig:
        """The scorer's configuration: the active learned ranker's weights, else the
        configured ones."""

        def build() -> ScoringConfig:
            config = scoring_config(self.runtime)
            active = rankers.in_status(self.session, "active")
            return (
                config if active is None else with_weights(config, active.weights, active.version)
            )

        return self.cached("scoring", build)

    @property
    def shadow(self) -> Shadow | None:
        """The learned ranker in shadow, ranked beside the live scorer and logged only."""

        def build() -> Shadow | None:
            ranker = rankers.in_status(self.session, "shadow")
            if ranker is None:
                return None
            weights = np.array([ranker.weights.get(p, 0.0) for p in PARTS], dtype=np.float64)
            return Shadow(ranker.version, weights)

        return self.cached("shadow", build)

    @property
    def relatedness(self) -> RoleRelatednessView:
        """Role relatedness (cached by the relatedness service on its own versions)."""
        return get_relatedness(self.session, self.runtime, versions=self.versions)

    def role_proximity(self, origin: I32, dest: I32) -> F32:
        """Proximity of role positions origin (P,) to dest (P,): (P,) float32, NaN unknown."""
        ids = self.roles.ids
        o = np.where(origin >= 0, ids[np.maximum(origin, 0)], -1) if len(ids) else origin
        d = np.where(dest >= 0, ids[np.maximum(dest, 0)], -1) if len(ids) else dest
        return self.relatedness.proximity(o, d)

    def provenance(self) -> Provenance:
        """Model, taxonomy release and scoring version of this call."""
        config = self.matcher.config
        release = release_label(self.session, self.runtime, self.versions)
        weights = dict(zip(PARTS, config.part_weights().tolist(), strict=True))
        return Provenance(
            model=self.model_id,
            taxonomy_release=release,
            scoring_version=config.version,
            weights=weights,
        )

    # -- pools ---------------------------------------------------------------------------
    def visible_pool(self) -> EmployeePool:
        """Employees ranking may show, through the visibility seam (cached)."""
        return self._employee_pool()[0]

    def unstored_employees(self) -> I64:
        """Positions in `visible_pool` whose vector was computed in memory (no stored one:
        an external vector index cannot find them)."""
        pool, unstored = self._employee_pool()
        return np.searchsorted(pool.ids, unstored).astype(np.int64)

    def _employee_pool(self) -> tuple[EmployeePool, I64]:
        def build() -> tuple[EmployeePool, I64]:
            stmt = PeopleRepository(self.session).visible_candidates()
            pool = build_employee_pool(
                self.session, stmt, self.skills, self.roles, self.model_id, self.dim
            )
            stored = pool.has_vector.copy()
            self._fill_missing("employee", pool)
            return pool, pool.ids[pool.has_vector & ~stored]

        def patch(value: tuple[EmployeePool, I64], ids: list[int]) -> tuple[EmployeePool, I64]:
            pool, unstored = value
            stmt = PeopleRepository(self.session).visible_candidates(only_ids=ids)
            fresh = build_employee_pool(
                self.session, stmt, self.skills, self.roles, self.model_id, self.dim
            )
            stored = fresh.has_vector.copy()
            fill_vectors(self.session, self.runtime.encoder, "employee", fresh)
            if len(ids) > ROW_BY_ROW:
                pool = pool.merged(fresh, ids)
            for employee_id in ids if len(ids) <= ROW_BY_ROW else ():
                at = fresh.position(employee_id)
                pool = (
                    pool.remove_employee(employee_id)
                    if at is None
                    else pool.patch_employee(fresh.row(at))
                )
            computed = fresh.ids[fresh.has_vector & ~stored]
            unstored = np.union1d(np.setdiff1d(unstored, ids), computed)
            return pool, unstored.astype(np.int64)

        return self.followed("employee-pool", build, patch)

    def open_openings(self) -> OpeningPool:
        """Open openings with requirements (cached, patched as openings change)."""

        def build() -> OpeningPool:
            stmt = repository.open_openings()
            pool = build_opening_pool(
                self.session, stmt, self.skills, self.roles, self.model_id, self.dim
            )
            self._fill_missing("opening", pool)
            return pool

        def patch(pool: OpeningPool, ids: list[int]) -> OpeningPool:
            stmt = repository.open_openings(only_ids=ids)
            fresh = build_opening_pool(
                self.session, stmt, self.skills, self.roles, self.model_id, self.dim
            )
            fill_vectors(self.session, self.runtime.encoder, "opening", fresh)
            return pool.merged(fresh, ids)

        return self.followed("opening-pool", build, patch)

    def one_opening(self, opening_id: int) -> OpeningPool:
        """A pool of one opening, read fresh (it may be a draft or just edited), with its
        stored vector as every list uses it (one of its current text when none is stored),
        so that a pair scores the same on every route at the same moment."""
        stmt = repository.one_opening(opening_id)
        pool = build_opening_pool(
            self.session, stmt, self.skills, self.roles, self.model_id, self.dim
        )
        fill_vectors(self.session, self.runtime.encoder, "opening", pool)
        return pool

    def one_employee(self, employee_id: int, *, visible_only: bool) -> EmployeePool:
        """A pool of one employee (empty when visible_only and they may not be shown),
        read fresh, with their stored vector as every list uses it (one of their current
        text when none is stored), so that a pair scores the same on every route."""
        people = PeopleRepository(self.session)
        stmt = (
            people.visible_candidates(only_ids=[employee_id])
            if visible_only
            else repository.one_employee(employee_id)
        )
        pool = build_employee_pool(
            self.session, stmt, self.skills, self.roles, self.model_id, self.dim
        )
        fill_vectors(self.session, self.runtime.encoder, "employee", pool)
        return pool

    def _fill_missing(self, entity: str, pool: EmployeePool | OpeningPool) -> None:
        """Vectors in memory for a few members without a stored one; a warning for many."""
        missing = int((~pool.has_vector).sum())
        if 0 < missing <= EAGER_VECTOR_LIMIT:
            fill_vectors(self.session, self.runtime.encoder, entity, pool)
        elif missing:
            log.warning("%d %ss have no stored vector; run `talentmarket embed`", missing, entity)
