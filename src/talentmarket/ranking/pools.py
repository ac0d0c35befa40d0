"""Pools read from the database: the arrays the matching core ranks over.

The employee pool is built only from `PeopleRepository.visible_candidates()` (the one
read of employees for ranking, which applies consent and visibility) or from the
employee's own record. Vectors are the stored ones; `fill_vectors` computes the missing
ones of a small pool in memory (reads never write).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sqlalchemy import Select
from sqlalchemy.orm import Session

from talentmarket.embeddings.current import stale_vectors
from talentmarket.embeddings.service import load_entity_matrix
from talentmarket.embeddings.sources import SourceReader
from talentmarket.matching.opening_pool import KINDS, OpeningPool, kind_mask
from talentmarket.matching.pools import EmployeePool
from talentmarket.openings.document import opening_sources
from talentmarket.people.document import employee_sources
from talentmarket.ranking import repository
from talentmarket.ranking.spaces import RoleSpace, SkillSpace, location_code, need_share
from talentmarket.textintel.encoders import Encoder

F32 = NDArray[np.float32]

# ranked entities own the text of their documents
SOURCE_READERS: dict[str, SourceReader] = {"employee": employee_sources, "opening": opening_sources}


def _vectors(
    session: Session, entity: str, model_id: str, ids: NDArray[np.int64], dim: int
) -> tuple[F32, NDArray[np.bool_]]:
    wanted = ids.tolist() if len(ids) < 5000 else None
    vec_ids, matrix = load_entity_matrix(session, entity, model_id, wanted)
    out = np.zeros((len(ids), dim), dtype=np.float32)
    has = np.zeros(len(ids), dtype=bool)
    if len(vec_ids) and matrix.shape[1] == dim:
        where = np.searchsorted(ids, vec_ids)
        ok = (where < len(ids)) & (ids[np.minimum(where, len(ids) - 1)] == vec_ids)
        out[where[ok]] = matrix[ok]
        has[where[ok]] = True
    return out, has


def build_opening_pool(
    session: Session,
    stmt: Select[Any],
    skills: SkillSpace,
    roles: RoleSpace,
    model_id: str,
    dim: int,
) -> OpeningPool:
    """Openings selected by `stmt` (a select of Opening) with their active requirements."""
    openings = repository.pooled_openings(session, stmt)
    ids = np.array([o.id for o in openings], dtype=np.int64)
    reqs: dict[int, list[tuple[int, float, float, bool]]] = {}
    for opening_id, skill_id, level, weight, must in repository.active_requirements(
        session, ids.tolist()
    ):
        pos = skills.position.get(skill_id)
        if pos is not None:
            reqs.setdefault(opening_id, []).append((pos, float(level), float(weight), must))
    lengths = np.array([len(reqs.get(int(i), ())) for i in ids], dtype=np.int64)
    flat = [r for i in ids for r in reqs.get(int(i), ())]
    vectors, has_vector = _vectors(session, "opening", model_id, ids, dim)
    return OpeningPool(
        ids=ids,
        role=np.array(
            [roles.position.get(o.role_id, -1) if o.role_id else -1 for o in openings],
            dtype=np.int32,
        ),
        kind=np.array([KINDS.index(o.kind) for o in openings], dtype=np.int8),
        location=np.array([location_code(o.location) for o in openings], dtype=np.int32),
        remote=np.array([o.remote for o in openings], dtype=bool),
        need_share=np.array(
            [need_share(o.hours_per_week, o.time_pct) for o in openings], dtype=np.float32
        ),
        owner=np.array([o.owner_id or -1 for o in openings], dtype=np.int64),
        req_ptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        req_skill=np.array([r[0] for r in flat], dtype=np.int32),
        req_min=np.array([r[1] for r in flat], dtype=np.float32),
        req_weight=np.array([r[2] for r in flat], dtype=np.float32),
        req_must=np.array([r[3] for r in flat], dtype=bool),
        vectors=vectors,
        has_vector=has_vector,
    )


def build_employee_pool(
    session: Session,
    stmt: Select[Any],
    skills: SkillSpace,
    roles: RoleSpace,
    model_id: str,
    dim: int,
) -> EmployeePool:
    """Employees selected by `stmt`, which must come from the visibility seam (or be the
    employee's own record), with accepted skills, aspirations and vectors."""
    rows = repository.pooled_employees(session, stmt)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    index = {int(e): i for i, e in enumerate(ids)}
    grow, target_roles = _aspiration_matrices(session, stmt, index, skills, roles)
    vectors, has_vector = _vectors(session, "employee", model_id, ids, dim)
    return EmployeePool(
        ids=ids,
        role=np.array([roles.position.get(r[1], -1) if r[1] else -1 for r in rows], dtype=np.int32),
        location=np.array([location_code(r[2]) for r in rows], dtype=np.int32),
        remote_ok=np.array([bool(r[3]) for r in rows], dtype=bool),
        relocates=np.array([bool(r[4]) for r in rows], dtype=bool),
        available_share=np.array([(r[5] or 0) / 100.0 for r in rows], dtype=np.float32),
        kinds=np.array([kind_mask(r[6] or []) for r in rows], dtype=np.int8),
        levels=_level_matrix(session, stmt, index, skills),
        grow=grow,
        target_roles=target_roles,
        vectors=vectors,
        has_vector=has_vector,
    )


def _level_matrix(
    session: Session, stmt: Select[Any], index: dict[int, int], skills: SkillSpace
) -> sp.csr_matrix:
    """Accepted skill levels, (n_employees, n_skills), rows in `index` order."""
    e_idx, s_idx, levels = [], [], []
    for employee_id, skill_id, level in repository.accepted_skills(session, stmt):
        s = skills.position.get(skill_id)
        e = index.get(employee_id)
        if s is not None and e is not None:
            e_idx.append(e)
            s_idx.append(s)
            levels.append(level)
    shape = (len(index), len(skills.ids))
    return sp.csr_matrix((levels, (e_idx, s_idx)), shape=shape, dtype=np.float32)


def _aspiration_matrices(
    session: Session,
    stmt: Select[Any],
    index: dict[int, int],
    skills: SkillSpace,
    roles: RoleSpace,
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Skills to grow, (n_employees, n_skills), and target roles, (n_employees, n_roles),
    as 0/1 matrices with rows in `index` order."""
    g_rows, g_skills, t_rows, t_roles = [], [], [], []
    for holder, role_id, grow_skill in repository.aspirations(session, stmt):
        at = index.get(holder)
        if at is None:
            continue
        if grow_skill is not None and grow_skill in skills.position:
            g_rows.append(at)
            g_skills.append(skills.position[grow_skill])
        if role_id is not None and role_id in roles.position:
            t_rows.append(at)
            t_roles.append(roles.position[role_id])
    n = len(index)
    grow = sp.csr_matrix(
        (np.ones(len(g_rows), dtype=np.float32), (g_rows, g_skills)), shape=(n, len(skills.ids))
    )
    target = sp.csr_matrix(
        (np.ones(len(t_rows), dtype=np.float32), (t_rows, t_roles)), shape=(n, len(roles.ids))
    )
    return grow, target


def fill_vectors(
    session: Session,
    encoder: Encoder,
    entity: str,
    pool: EmployeePool | OpeningPool,
    ids: Sequence[int] | None = None,
) -> int:
    """Make the vectors of these ids' rows (or of every row without a stored one) those of
    their current text: stored ones the pool read are kept when fresh, missing or stale
    ones computed in memory; returns how many were computed. For a pool being built,
    before anyone else sees it."""
    if getattr(pool, "overlay", None):  # vectors are written in place: a new pool only
        raise ValueError("fill_vectors takes a pool being built, not one patched since")
    wanted = pool.ids[~pool.has_vector].tolist() if ids is None else list(ids)
    if not wanted:
        return 0
    with_text, stale, matrix = stale_vectors(
        session, encoder, entity, wanted, SOURCE_READERS[entity]
    )
    textless = np.setdiff1d(np.asarray(wanted, dtype=np.int64), with_text)
    rows = np.searchsorted(pool.ids, textless)
    pool.has_vector[rows] = False
    pool.vectors[rows] = 0.0
    if len(stale) and matrix.shape[1] == pool.vectors.shape[1]:
        at = np.searchsorted(pool.ids, stale)
        pool.vectors[at] = matrix
        pool.has_vector[at] = True
    return len(stale)
