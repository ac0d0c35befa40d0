"""Near-duplicate skills: a new or renamed skill whose label is (almost) one we already have.

Two checks, each naming the existing skill and the label that matched:
- lexical: rapidfuzz token_sort_ratio of normalised labels (word order and case do not
  matter) against every label and alternative label of active skills. token_set_ratio is
  not used: it scores "python" against "python programming" as 100, a subset, not a twin;
- embedding: when the configured model has stored vectors (see `talentmarket embed`), the
  cosine of the new labels' vectors against the stored label vectors of the nearest skills
  (found through the skill document-vector index) reaches a threshold.
The label catalogue is cached per taxonomy version; the vectors come from the embeddings
module, whose stored text vectors this module reads and never rebuilds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils
from sqlalchemy.orm import Session

from talentmarket.db.versions import data_versions
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.repository import SkillRepository

log = logging.getLogger(__name__)
LEXICAL_THRESHOLD = 90.0  # token_sort_ratio, 0-100
EMBEDDING_THRESHOLD = 0.9  # cosine of label vectors
EMBEDDING_CANDIDATES = 20  # nearest skills (document vectors) whose labels are compared


@dataclass(frozen=True)
class NearDuplicate:
    """An existing skill that looks like the same concept, and why."""

    skill_id: int
    label: str
    matched_label: str
    method: str  # 'lexical' | 'embedding'
    score: float


@dataclass(frozen=True)
class LabelCatalogue:
    """Every label variant of the active skills: labels[i] belongs to skill owners[i]."""

    labels: list[str]
    owners: list[int]
    preferred: dict[int, str]
    processed: list[str]


def load_catalogue(session: Session) -> LabelCatalogue:
    """Labels and alternative labels of all active skills (not groups)."""
    labels: list[str] = []
    owners: list[int] = []
    preferred: dict[int, str] = {}
    for skill_id, label, alts in SkillRepository(session).active_labels():
        preferred[skill_id] = label
        for text in (label, *alts):
            if text and text.strip():
                labels.append(text)
                owners.append(skill_id)
    processed = [utils.default_process(t) for t in labels]
    return LabelCatalogue(labels, owners, preferred, processed)


def cached_catalogue(runtime: Runtime, session: Session) -> LabelCatalogue:
    """The label catalogue for the current taxonomy version."""
    key = data_versions(session).get("taxonomy", 0)
    return runtime.cached("skill-label-catalogue", key, lambda: load_catalogue(session))


def lexical_duplicates(
    labels: Sequence[str],
    catalogue: LabelCatalogue,
    threshold: float = LEXICAL_THRESHOLD,
    exclude: int | None = None,
) -> list[NearDuplicate]:
    """Skills with a label variant near-identical to one of labels, best first."""
    best: dict[int, NearDuplicate] = {}
    for text in labels:
        query = utils.default_process(text)
        if not query:
            continue
        hits = process.extract(
            query,
            catalogue.processed,
            scorer=fuzz.token_sort_ratio,
            processor=None,
            score_cutoff=threshold,
            limit=20,
        )
        for _, score, i in hits:
            owner = catalogue.owners[i]
            if owner == exclude:
                continue
            if owner not in best or score > best[owner].score:
                best[owner] = NearDuplicate(
                    owner, catalogue.preferred[owner], catalogue.labels[i], "lexical", score / 100
                )
    return sorted(best.values(), key=lambda d: (-d.score, d.skill_id))


def has_label_vectors(session: Session, model_id: str) -> bool:
    """True when label vectors of this model are stored (the embedding check can run)."""
    from talentmarket.vectorstore.repository import VectorRepository  # with the model path

    return bool(VectorRepository(session).has_text_vectors(model_id))


def embedding_duplicates(
    runtime: Runtime,
    session: Session,
    labels: Sequence[str],
    model_id: str,
    threshold: float = EMBEDDING_THRESHOLD,
    exclude: int | None = None,
) -> list[NearDuplicate] | None:
    """Skills whose stored label vectors are within threshold cosine of labels; None
    when the check cannot run (no stored vectors for the configured model)."""
    from talentmarket.embeddings.index import vector_index
    from talentmarket.embeddings.service import embed_texts
    from talentmarket.textintel.encoders import text_hash
    from talentmarket.vectorstore.repository import VectorRepository

    texts = [t.strip() for t in labels if t and t.strip()]
    if not texts or not has_label_vectors(session, model_id):
        return None
    index = vector_index(runtime, "skill", model_id)
    if len(index) == 0:
        return None
    encoder = runtime.encoder
    queries = embed_texts(session, encoder, texts)  # stores the new labels' vectors too
    candidate_ids: set[int] = set()
    for q in queries:
        ids, _ = index.search(q, EMBEDDING_CANDIDATES)
        candidate_ids.update(int(i) for i in ids)
    candidate_ids.discard(exclude if exclude is not None else -1)
    if not candidate_ids:
        return []
    variants: list[tuple[int, str, str]] = []
    for skill_id, label, alts in SkillRepository(session).active_labels(candidate_ids):
        variants.extend((skill_id, label, t) for t in (label, *alts) if t and t.strip())
    hashes = [text_hash(t.strip()) for _, _, t in variants]
    matrix, found = VectorRepository(session).read_text_vectors(model_id, hashes, encoder.dim)
    scores = (matrix @ queries.T).max(axis=1) if len(variants) else np.zeros(0)
    best: dict[int, NearDuplicate] = {}
    for (skill_id, label, text), score, ok in zip(variants, scores, found, strict=True):
        if not ok or score < threshold:
            continue
        if skill_id not in best or score > best[skill_id].score:
            best[skill_id] = NearDuplicate(
                skill_id, label, text, "embedding", round(float(score), 4)
            )
    return sorted(best.values(), key=lambda d: (-d.score, d.skill_id))


def near_duplicates(
    runtime: Runtime,
    session: Session,
    labels: Sequence[str],
    model_id: str,
    *,
    exclude: int | None = None,
    lexical_threshold: float = LEXICAL_THRESHOLD,
    embedding_threshold: float = EMBEDDING_THRESHOLD,
) -> tuple[list[NearDuplicate], list[str]]:
    """Near-duplicates by both checks (one entry per skill, strongest evidence first) and
    the names of the checks that ran."""
    found = lexical_duplicates(
        labels, cached_catalogue(runtime, session), lexical_threshold, exclude
    )
    checks = ["lexical"]
    try:
        semantic = embedding_duplicates(
            runtime, session, labels, model_id, embedding_threshold, exclude
        )
    except (ValueError, RuntimeError) as exc:  # a model or index that cannot serve: say so
        log.warning("embedding near-duplicate check skipped: %s", exc)
        semantic = None
    if semantic is not None:
        checks.append("embedding")
        seen = {d.skill_id for d in found}
        found += [d for d in semantic if d.skill_id not in seen]
    return found, checks
