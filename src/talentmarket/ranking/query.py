"""The recruiter's search as an ad-hoc opening: requirements from the explicit skills plus
the skills found in the text, and the text's vector, ranked against the visible pool like
a real opening but without preferences (a search has no location or schedule of its own).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.errors import MalformedInput
from talentmarket.matching.opening_pool import OpeningPool
from talentmarket.ranking import schemas
from talentmarket.ranking.context import Context
from talentmarket.ranking.spaces import SkillSpace
from talentmarket.runtime import Runtime
from talentmarket.skillintel.service import check_length, read_query
from talentmarket.taxonomy.repository import SkillRef, SkillRepository

TEXT_SKILLS = 12  # skills taken from the text
TEXT_MIN_SCORE = 0.45
Requirement = tuple[float, float, bool]  # min level, weight, must-have


def _read_text(
    session: Session, runtime: Runtime, text: str
) -> tuple[list[tuple[int, float]], NDArray[np.float32] | None]:
    """(skill id, confidence) found in the text, and the text's vector, in one model pass."""
    check_length(runtime, text)
    found, vector = read_query(session, runtime, text, TEXT_SKILLS, TEXT_MIN_SCORE)
    return [(s.skill_id, s.score) for s in found], vector


def search_opening(ctx: Context, body: schemas.CandidateSearch) -> OpeningPool:
    """The one-opening pool a search ranks employees for."""
    refs = [SkillRef(s.skill_id, s.skill_uri) for s in body.skills]
    explicit = SkillRepository(ctx.session).resolve(refs, field="skills") if refs else []
    rows: dict[int, Requirement] = {}
    for spec, skill in zip(body.skills, explicit, strict=True):
        if skill.id in rows:
            raise MalformedInput(f"skill {skill.label!r} is listed twice", field="skills")
        rows[skill.id] = (float(spec.min_proficiency), spec.weight, spec.must_have)
    text = body.text.strip()
    vector = None
    if text:
        found, vector = _read_text(ctx.session, ctx.runtime, text)
        for skill_id, confidence in found:
            rows.setdefault(skill_id, (3.0, round(0.5 + confidence / 2, 3), False))
    return ad_hoc_opening(ctx.skills, rows, vector, ctx.dim)


def ad_hoc_opening(
    skills: SkillSpace, rows: dict[int, Requirement], vector: NDArray[np.float32] | None, dim: int
) -> OpeningPool:
    """A pool of one opening with these requirements (skill id -> requirement), no role,
    kind -1 (no preferences), and the given vector."""
    positions = [(skills.position[s], v) for s, v in rows.items() if s in skills.position]
    return OpeningPool(
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
        vectors=(vector if vector is not None else np.zeros(dim, np.float32)).reshape(1, -1),
        has_vector=np.array([vector is not None]),
    )
