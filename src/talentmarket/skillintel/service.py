"""Skill intelligence services: the extractor and title normaliser built once per taxonomy
version and model from stored label vectors, and what uses them."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.db.versions import data_versions
from talentmarket.errors import NotFound, PayloadTooLarge
from talentmarket.runtime import Runtime
from talentmarket.shapes import Provenance
from talentmarket.skillintel import schemas
from talentmarket.skillintel.labels import (
    role_labels,
    skill_demand,
    skill_labels,
    stored_vectors,
)
from talentmarket.skillintel.snapshots import extractor_key, load_extractor, save_extractor
from talentmarket.taxonomy.models import Skill
from talentmarket.taxonomy.repository import SkillRepository
from talentmarket.taxonomy.schemas import SkillSummary
from talentmarket.taxonomy.service import release_label
from talentmarket.textintel.extracted import ExtractedSkill
from talentmarket.textintel.extraction import SkillExtractor
from talentmarket.textintel.memory import RecentMemory
from talentmarket.textintel.remembering import RememberingEncoder
from talentmarket.textintel.titles import TitleNormalizer

EXTRACTOR = "skill-extractor"
QUERIES = "search-queries"
QUERY_MEMORY = 2_000
Reading = tuple[list[ExtractedSkill], NDArray[np.float32] | None]
NORMALIZER = "title-normalizer"


Versions = Mapping[str, int]  # data versions by area, as `data_versions` reads them


def _key(session: Session, runtime: Runtime, versions: Versions | None) -> tuple[int, str]:
    versions = data_versions(session) if versions is None else versions
    return versions.get("taxonomy", 0), runtime.encoder.model_id


def _reading_key(session: Session, runtime: Runtime) -> tuple[int, int, str]:
    """What the extractor depends on: the taxonomy, the imported vacancies (its prior)
    and the model."""
    versions = data_versions(session)
    return versions.get("taxonomy", 0), versions.get("vacancies", 0), runtime.encoder.model_id


def get_extractor(session: Session, runtime: Runtime) -> SkillExtractor:
    """The skill extractor for the loaded taxonomy (cached per taxonomy version, imported
    vacancies and model)."""

    def build() -> SkillExtractor:
        skills = skill_labels(session)
        if not skills:
            raise NotFound("no skills are loaded: import a taxonomy first")
        encoder = runtime.encoder
        frequency = skill_demand(session)
        extractor = SkillExtractor(
            encoder,
            max_chars=runtime.settings.max_text_chars,
            one_pass=runtime.settings.extraction_one_pass,
        )
        folder = runtime.settings.cache_dir
        key = extractor_key(extractor, skills, frequency, encoder) if folder else ""
        kept = load_extractor(folder, key, encoder) if folder else None
        if kept is None:
            vectors = stored_vectors(session, encoder, SkillExtractor.label_texts(skills))
            kept = extractor.fit(skills, vectors, frequency=frequency)
            if folder:
                save_extractor(folder, key, kept)
        # after the fit: labels are the model's; request texts go to the reader, and
        # label texts are not what repeats
        capacity = runtime.settings.extraction_memory
        reader = runtime.reader
        kept.encoder = RememberingEncoder(reader, capacity) if capacity else reader
        return kept

    return runtime.cached(EXTRACTOR, _reading_key(session, runtime), build)


def get_normalizer(
    session: Session, runtime: Runtime, versions: Versions | None = None
) -> TitleNormalizer:
    """The title normaliser for the loaded taxonomy (cached per taxonomy version and model;
    `versions` when the caller has read them)."""

    def build() -> TitleNormalizer:
        roles = role_labels(session)
        if not roles:
            raise NotFound("no roles are loaded: import a taxonomy first")
        vectors = stored_vectors(session, runtime.encoder, TitleNormalizer.label_texts(roles))
        normalizer = TitleNormalizer(runtime.encoder).fit(roles, vectors)
        normalizer.encoder = runtime.reader  # titles asked for are read by the reader
        return normalizer

    return runtime.cached(NORMALIZER, _key(session, runtime, versions), build)


def read_query(
    session: Session, runtime: Runtime, text: str, limit: int, min_score: float
) -> Reading:
    """Skills found in a search text and its vector, from one extraction; the answers for
    the last `QUERY_MEMORY` texts are kept (per extractor: taxonomy version, imported
    vacancies and model), so a repeated search skips the model."""
    memory: RecentMemory[Reading] = runtime.cached(
        QUERIES, _reading_key(session, runtime), lambda: RecentMemory(QUERY_MEMORY)
    )
    key = (text, limit, min_score)
    hit = memory.get(key)
    if hit is None:
        hit = get_extractor(session, runtime).extract_with_vector(text, limit, min_score)
        memory.put(key, hit)
    return hit


def provenance(
    session: Session, runtime: Runtime, method: str, versions: Versions | None = None
) -> Provenance:
    """Model (and the model that read the text, when another), taxonomy release and
    method behind an answer."""
    model, reader = runtime.encoder.model_id, runtime.reader.model_id
    return Provenance(
        model=model,
        taxonomy_release=release_label(session, runtime, versions),
        method=method,
        text_model=reader if reader != model else None,
    )


def check_length(runtime: Runtime, text: str) -> None:
    """Refuse texts longer than the configured maximum (a 413 problem)."""
    limit = runtime.settings.max_text_chars
    if len(text) > limit:
        raise PayloadTooLarge(
            f"text has {len(text):,} characters; at most {limit:,} are accepted", limit=limit
        )


def extract_skills(
    session: Session, runtime: Runtime, text: str, limit: int = 20, min_score: float | None = None
) -> list[ExtractedSkill]:
    """Skills found in a text, best first, with scores and spans."""
    check_length(runtime, text)
    return get_extractor(session, runtime).extract(text, limit=limit, min_score=min_score)


def _skills_by_id(session: Session, ids: list[int]) -> dict[int, Skill]:
    return {s.id: s for s in SkillRepository(session).by_ids(ids)}


def extract(
    session: Session, runtime: Runtime, body: schemas.ExtractRequest
) -> schemas.ExtractResponse:
    """The extraction endpoint's answer."""
    found = extract_skills(session, runtime, body.text, body.limit, body.min_score)
    skills = _skills_by_id(session, [f.skill_id for f in found])
    return schemas.ExtractResponse(
        skills=[
            schemas.ExtractedSkillRead(
                skill=SkillSummary.model_validate(skills[f.skill_id]),
                score=round(f.score, 4),
                spans=[schemas.SpanRead.of(body.text, s.start, s.end) for s in f.spans],
            )
            for f in found
        ],
        provenance=provenance(session, runtime, "skill-extractor"),
    )


def semantic_skill_scores(
    session: Session, runtime: Runtime, q: str
) -> tuple[np.ndarray, np.ndarray]:
    """(skill ids, scores) of every skill for a short query, by label-variant cosine."""
    extractor = get_extractor(session, runtime)
    sims = extractor.label_rows_.against(runtime.reader.encode([q]), rows_first=True)[:, 0]
    best = np.maximum.reduceat(sims - extractor.label_penalty_, extractor.group_starts_)
    return extractor.ids_, np.clip(best, 0.0, 1.0)


def semantic_role_scores(
    session: Session, runtime: Runtime, q: str, hybrid: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(role ids, scores) of every role: label cosine, or the normaliser's fused score."""
    normalizer = get_normalizer(session, runtime)
    ids = np.array([r.id for r in normalizer.roles_], dtype=np.int64)
    if hybrid:
        return ids, normalizer.score_matrix([q])[0]
    sims = normalizer.variant_rows_.against(runtime.reader.encode([q]))[0]
    return ids, np.clip(np.maximum.reduceat(sims, normalizer.group_starts_), 0.0, 1.0)
