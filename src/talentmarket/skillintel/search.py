"""Taxonomy search modes: lexical (labels contain the words), semantic (label embeddings)
and hybrid (both, fused), for skills and roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.paging import Page, PageRequest
from talentmarket.runtime import Runtime
from talentmarket.skillintel.service import semantic_role_scores, semantic_skill_scores
from talentmarket.taxonomy import schemas
from talentmarket.taxonomy.models import Role, Skill
from talentmarket.taxonomy.repository import RoleRepository, SkillRepository

CANDIDATES = 500  # best semantic matches considered before filters and paging
LEXICAL_WEIGHT = 0.5


def lexical_score(q: str, label: str, alt: list[str]) -> float:
    """How well the words match: exact label 1.0, label start 0.85, in label 0.75, alt 0.6."""
    term = q.lower().strip()
    name = label.lower()
    if name == term or name.startswith(term + " ("):
        return 1.0
    if name.startswith(term):
        return 0.85
    if term in name:
        return 0.75
    if any(term in a.lower() for a in alt):
        return 0.6
    return 0.0


def _fuse(
    session: Session,
    model: type[Skill] | type[Role],
    ids: np.ndarray,
    sem: np.ndarray,
    q: str,
    mode: str,
    keep: Callable[[Any], bool],
    lexical_ids: list[int],
) -> list[tuple[Any, float, str | None]]:
    top = np.argsort(-sem, kind="stable")[:CANDIDATES]
    every = dict(zip(ids.tolist(), sem.tolist(), strict=True))
    wanted = {int(ids[i]) for i in top} | set(lexical_ids)
    if not wanted:
        return []
    repo = SkillRepository(session) if model is Skill else RoleRepository(session)
    rows: list[Skill | Role] = list(repo.by_ids(sorted(wanted)))
    out: list[tuple[Any, float, str | None]] = []
    for row in rows:
        if not keep(row):
            continue
        label, alts = (
            (row.label, row.alt_labels) if isinstance(row, Skill) else (row.title, row.alt_titles)
        )
        s = float(every.get(row.id, 0.0))
        lex = lexical_score(q, label, alts)
        score = s if mode == "semantic" else (1 - LEXICAL_WEIGHT) * s + LEXICAL_WEIGHT * lex
        matched = next((t for t in (label, *alts) if q.lower() in t.lower()), None)
        out.append((row, round(score, 4), matched))
    out.sort(key=lambda t: (-t[1], t[0].id))
    return out


def search_skills(
    session: Session,
    runtime: Runtime,
    page: PageRequest,
    q: str,
    mode: str,
    skill_type: str | None,
    source: str | None,
    lexical_ids: list[int],
) -> Page[schemas.SkillHit]:
    """Skills ranked by meaning (semantic) or meaning and words (hybrid)."""
    ids, sem = semantic_skill_scores(session, runtime, q)

    def keep(s: Skill) -> bool:
        return (skill_type is None or s.skill_type == skill_type) and (
            source is None or s.source == source
        )

    fused = _fuse(session, Skill, ids, sem, q, mode, keep, lexical_ids)
    window = fused[page.offset : page.offset + page.limit]
    items = [
        schemas.SkillHit.model_validate(s, from_attributes=True).model_copy(
            update={"score": score, "matched_label": matched}
        )
        for s, score, matched in window
    ]
    return page.page(items, len(fused))


def search_roles(
    session: Session,
    runtime: Runtime,
    page: PageRequest,
    q: str,
    mode: str,
    source: str | None,
    lexical_ids: list[int],
) -> Page[schemas.RoleHit]:
    """Roles ranked by meaning (semantic) or by the title normaliser (hybrid)."""
    ids, scores = semantic_role_scores(session, runtime, q, hybrid=mode == "hybrid")

    def keep(r: Role) -> bool:
        return source is None or r.source == source

    lexical = lexical_ids if mode == "hybrid" else []
    fused = _fuse(session, Role, ids, scores, q, "semantic", keep, lexical)
    window = fused[page.offset : page.offset + page.limit]
    items = [
        schemas.RoleHit.model_validate(r, from_attributes=True).model_copy(
            update={"score": score, "matched_label": matched}
        )
        for r, score, matched in window
    ]
    return page.page(items, len(fused))
