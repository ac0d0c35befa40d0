"""The recruiter's search box: free text and/or explicit skills, with filters.

The query becomes an ad-hoc opening (requirements from the explicit skills plus the skills
found in the text, and the text's vector) ranked against the visible pool exactly like a
real opening, without preferences (a search has no location or schedule of its own).
"""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.errors import MalformedInput
from talentmarket.marketplace import schemas
from talentmarket.marketplace.service import candidate_page, context, visible_pool
from talentmarket.matching.engine import OpeningPool
from talentmarket.paging import PageRequest
from talentmarket.people.models import Employee
from talentmarket.people.repository import PeopleRepository
from talentmarket.runtime import Runtime
from talentmarket.skillintel.service import check_length, get_extractor
from talentmarket.taxonomy.repository import SkillRef, SkillRepository

TEXT_SKILLS = 12  # skills taken from the text
TEXT_MIN_SCORE = 0.45


def _read_text(
    session: Session, runtime: Runtime, text: str
) -> tuple[list[tuple[int, float]], np.ndarray | None]:
    """(skill id, confidence) found in the text, and the text's vector, in one model pass."""
    check_length(runtime, text)
    extractor = get_extractor(session, runtime)
    found, vector = extractor.extract_with_vector(text, TEXT_SKILLS, TEXT_MIN_SCORE)
    return [(s.skill_id, s.score) for s in found], vector


def search_candidates(
    session: Session, runtime: Runtime, body: schemas.CandidateSearch, page: PageRequest
) -> schemas.RankedPage[schemas.CandidateMatch]:
    """Visible employees ranked for a free-text and/or skills query, with reasons."""
    ctx = context(session, runtime)
    refs = [SkillRef(s.skill_id, s.skill_uri) for s in body.skills]
    explicit = SkillRepository(session).resolve(refs, field="skills") if refs else []
    rows: dict[int, tuple[float, float, bool]] = {}
    for spec, skill in zip(body.skills, explicit, strict=True):
        if skill.id in rows:
            raise MalformedInput(f"skill {skill.label!r} is listed twice", field="skills")
        rows[skill.id] = (float(spec.min_level), spec.weight, spec.must_have)
    text = body.text.strip()
    vector = None
    if text:
        found, vector = _read_text(session, runtime, text)
        for skill_id, confidence in found:
            rows.setdefault(skill_id, (3.0, round(0.5 + confidence / 2, 3), False))
    positions = [(ctx.skills.position[s], v) for s, v in rows.items() if s in ctx.skills.position]
    one = OpeningPool(
        ids=np.array([0], dtype=np.int64),
        role=np.array([-1], dtype=np.int32),
        kind=np.array([-1], dtype=np.int8),
        location=np.array([-1], dtype=np.int32),
        remote=np.array([True]),
        need_share=np.zeros(1, dtype=np.float32),
        owner=np.array([-1], dtype=np.int64),
        req_ptr=np.array([0, len(positions)], dtype=np.int64),
        req_skill=np.array([p for p, _ in positions], dtype=np.int32),
        req_min=np.array([v[0] for _, v in positions], dtype=np.float32),
        req_weight=np.array([v[1] for _, v in positions], dtype=np.float32),
        req_must=np.array([v[2] for _, v in positions], dtype=bool),
        vectors=(vector if vector is not None else np.zeros(ctx.dim, np.float32)).reshape(1, -1),
        has_vector=np.array([vector is not None]),
    )
    pool = visible_pool(ctx)
    allowed = np.ones(len(pool), dtype=bool)
    f = body.filters
    if f.department or f.location or f.role_id or f.min_availability_pct is not None:
        stmt = PeopleRepository(session).visible_candidates(
            department=f.department,
            location=f.location,
            role_id=f.role_id,
            min_availability_pct=f.min_availability_pct,
        )
        ids = np.fromiter(session.scalars(stmt.with_only_columns(Employee.id)), dtype=np.int64)
        allowed = np.isin(pool.ids, ids)
    return candidate_page(ctx, pool, one, allowed, page, body.min_score, include_partial=True)
