"""The texts each entity's document vector is computed from, defined in one place.

A source is a list of pieces: short ones (titles, labels) are encoded whole, so they share
their stored vector with label search; long ones (profiles, descriptions) are cut into
sentence chunks. Changing what goes in here changes the hashes, and `talentmarket embed`
recomputes exactly the entities affected.

- skill: label, alternative labels, description
- role: title, alternative titles, description
- employee: job title, profile, labels of the skills held (accepted)
- opening: title, description, labels of the skills required (active requirements)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Literal, get_args

from sqlalchemy.orm import Session

from talentmarket.taxonomy.repository import RoleRepository, SkillRepository
from talentmarket.textintel.encoders import text_hash
from talentmarket.textintel.vectors import CHUNK_WORDS

Entity = Literal["skill", "role", "employee", "opening"]
ENTITY_NAMES: tuple[str, ...] = get_args(Entity)
# Part of every source hash: bump it when the chunking or pooling changes.
POOLING = f"chunks{CHUNK_WORDS}-mean-v1"
# (session, ids or None for all) -> entity id -> source pieces
SourceReader = Callable[[Session, list[int] | None], dict[int, list[str]]]


def source_hash(pieces: Sequence[str]) -> str:
    """Hash of a document source (its pieces and the pooling scheme)."""
    return text_hash(POOLING + "\n" + "\n".join(pieces))


def entity_sources(
    session: Session,
    entity: str,
    ids: Iterable[int] | None = None,
    reader: SourceReader | None = None,
) -> dict[int, list[str]]:
    """entity id -> source pieces, for all entities of a kind or the given ids. Skills and
    roles are read here; people and openings pass their feature's reader
    (`people.document.employee_sources`, `openings.document.opening_sources`), so that
    this package never imports the features whose writes call it."""
    ids = None if ids is None else list(ids)
    out: dict[int, list[str]] = {}
    if entity == "skill":
        for sid, label, alts, desc in SkillRepository(session).document_fields(ids):
            out[sid] = [label, *alts, desc]
    elif entity == "role":
        for rid, title, alts, desc in RoleRepository(session).document_fields(ids):
            out[rid] = [title, *alts, desc]
    elif reader is not None:
        out = reader(session, ids)
    elif entity in ENTITY_NAMES:
        msg = f"{entity} sources are read by their feature: pass its reader"
        raise ValueError(msg)
    else:
        msg = f"unknown entity {entity!r}; expected one of {', '.join(ENTITY_NAMES)}"
        raise ValueError(msg)
    return {k: [p.strip() for p in v if p and p.strip()] for k, v in out.items()}


def label_texts(session: Session, kind: str) -> list[str]:
    """Every label variant of skills (label, alternative, hidden), or role titles and role
    descriptions, unique: the texts the extractor and title normaliser need vectors for."""
    seen: dict[str, None] = {}
    if kind == "skills":
        for label, alts, hidden in SkillRepository(session).every_label():
            for t in (label, *alts, *hidden):
                if t and t.strip():
                    seen.setdefault(t.strip(), None)
    elif kind == "roles":
        descriptions: list[str] = []
        for title, alts, description, role_kind in RoleRepository(session).every_title():
            for t in (title, *alts):
                if t and t.strip():
                    seen.setdefault(t.strip(), None)
            if role_kind == "role" and description and description.strip():
                # the title normaliser compares titles with descriptions too
                descriptions.append(" ".join(description.split()))
        seen.update(dict.fromkeys(descriptions))
    else:
        msg = f"unknown label kind {kind!r}; expected 'skills' or 'roles'"
        raise ValueError(msg)
    return list(seen)
