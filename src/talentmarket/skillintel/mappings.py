"""Confirmed title-to-role mappings: added or updated by HR and integrations (one per
title, so posting again is idempotent), imported from a file, or confirmed on a
normalisation; the title normaliser remembers them at once (a nearest-neighbour memory,
`textintel/title_memory.py`, rebuilt from stored vectors when the mappings change)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.db.versions import bump_version, data_versions
from talentmarket.embeddings.service import embed_texts
from talentmarket.errors import ImportFormatError, MalformedInput, NotFound
from talentmarket.paging import Page, PageRequest
from talentmarket.principal import Principal
from talentmarket.runtime import Runtime
from talentmarket.skillintel import mapping_repository as repo
from talentmarket.skillintel import schemas
from talentmarket.skillintel.labels import stored_vectors
from talentmarket.skillintel.mapping_file import read_mappings
from talentmarket.skillintel.models import TitleMapping
from talentmarket.skillintel.schemas import (
    TitleMappingIn,
    TitleMappingRead,
    TitleMappingReport,
)
from talentmarket.skillintel.service import Versions, get_normalizer, provenance
from talentmarket.taxonomy.models import Role
from talentmarket.taxonomy.repository import RoleRepository
from talentmarket.taxonomy.schemas import RoleSummary
from talentmarket.textintel.encoders import stack_vectors
from talentmarket.textintel.title_cleaning import clean_title
from talentmarket.textintel.title_memory import TitleMemory

VERSION_AREA = "title-mappings"
MEMORY = "title-memory"


def title_key(title: str) -> str:
    """What makes two titles the same mapping: cleaned, case-folded, spaces collapsed."""
    return " ".join(clean_title(title).casefold().split())[:300] or title.casefold()[:300]


def get_memory(session: Session, runtime: Runtime, versions: Versions | None = None) -> TitleMemory:
    """The memory of confirmed titles (cached per taxonomy, mappings and model; `versions`
    when the caller has read them)."""
    versions = data_versions(session) if versions is None else versions
    normalizer = get_normalizer(session, runtime, versions)
    key = (versions.get("taxonomy", 0), versions.get(VERSION_AREA, 0), runtime.encoder.model_id)

    def build() -> TitleMemory:
        rows = [
            (title, normalizer.position_of_[role_id])
            for title, role_id in repo.memory_rows(session)
            if role_id in normalizer.position_of_
        ]
        prepared = [normalizer.prepare(title) for title, _ in rows]
        vectors = stack_vectors(
            stored_vectors(session, runtime.encoder, prepared), prepared, runtime.encoder.dim
        )
        return TitleMemory().fit(
            [t for t, _ in rows], [p for _, p in rows], vectors, len(normalizer.roles_), prepared
        )

    return runtime.cached(MEMORY, key, build)


def normalize(
    session: Session, runtime: Runtime, body: schemas.NormalizeRequest
) -> schemas.NormalizeResponse:
    """Roles for a free-text job title, best first, with scores: the normaliser's, fused
    with the votes of confirmed titles near it (each answer says how much they gave)."""
    versions = data_versions(session)
    memory = get_memory(session, runtime, versions)
    ranked = get_normalizer(session, runtime, versions).normalize(body.title, body.limit, memory)
    roles = {r.id: r for r in RoleRepository(session).summaries([x.role_id for x in ranked])}
    return schemas.NormalizeResponse(
        roles=[
            schemas.NormalizedRole(
                role=RoleSummary.model_validate(roles[r.role_id]),
                score=round(float(r.score), 4),
                matched_label=r.matched_label,
                from_mappings=round(r.from_mappings, 4),
                confirmed_title=schemas.ConfirmedTitle(
                    title=r.mapping.title, similarity=r.mapping.similarity
                )
                if r.mapping
                else None,
            )
            for r in ranked
        ],
        cleaned_title=clean_title(body.title),
        mappings=len(memory),
        provenance=provenance(session, runtime, "title-normalizer", versions),
    )


def _read(mapping: TitleMapping, role: Role) -> TitleMappingRead:
    return TitleMappingRead(
        id=mapping.id,
        title=mapping.title,
        role=RoleSummary.model_validate(role),
        source=mapping.source,
        decided_by=mapping.decided_by,
        created_at=mapping.created_at,
        updated_at=mapping.updated_at,
    )


def _role(roles: RoleRepository, ref: str, where: str) -> Role:
    try:
        role = roles.by_ref(ref)
    except NotFound:
        raise NotFound(f"{where}: no role with id, URI or code {ref!r}", field=where) from None
    if role.kind != "role" or role.status != "active":
        raise MalformedInput(f"{where}: {role.title!r} is not an active role", field=where)
    return role


def upsert(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    items: Sequence[TitleMappingIn],
    source: str = "api",
) -> TitleMappingReport:
    """Add mappings (one per title and role; again is unchanged); the normaliser uses them
    on its next answer."""
    roles, cache = RoleRepository(session), {}
    chosen: dict[tuple[str, int], tuple[str, Role]] = {}
    for i, item in enumerate(items):
        if item.role not in cache:
            cache[item.role] = _role(roles, item.role, f"mappings[{i}].role")
        role = cache[item.role]
        chosen.setdefault((title_key(item.title), role.id), (item.title, role))
    existing = repo.by_keys(session, sorted({key for key, _ in chosen}))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    out: list[tuple[TitleMapping, Role]] = []
    for pair, (title, role) in chosen.items():
        row = existing.get(pair)
        if row is None:
            now = utcnow()
            row = TitleMapping(
                title=title,
                title_key=pair[0],
                role_id=role.id,
                source=source,
                decided_by=principal.id,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            counts["created"] += 1
        elif row.title != title or (source == "confirmed" and row.source != source):
            row.title, row.source = title, source
            row.decided_by, row.updated_at = principal.id, utcnow()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        out.append((row, role))
    if counts["created"] or counts["updated"]:
        normalizer = get_normalizer(session, runtime)
        embed_texts(session, runtime.encoder, [normalizer.prepare(t) for t, _ in chosen.values()])
        bump_version(session, VERSION_AREA)
    session.flush()
    return TitleMappingReport(**counts, items=[_read(m, r) for m, r in out])


def list_page(
    session: Session, page: PageRequest, q: str | None, role_id: int | None
) -> Page[TitleMappingRead]:
    """Mappings, newest first, filtered by words of the title or by role."""
    rows, total = repo.page(session, title_key(q) if q else None, role_id, page.offset, page.limit)
    return page.page([_read(m, r) for m, r in rows], total)


def delete(session: Session, mapping_id: int) -> None:
    """Forget one mapping."""
    row = repo.get(session, mapping_id)
    if row is None:
        raise NotFound(f"no title mapping {mapping_id}")
    session.delete(row)
    bump_version(session, VERSION_AREA)
    session.flush()


def import_file(session: Session, runtime: Runtime, path: Path) -> dict[str, Any]:
    """Mappings from a CSV or JSON-lines file, all or none; a bad row names file and line."""
    name, rows = read_mappings(path)
    roles, known = RoleRepository(session), {}
    for row in rows:
        if row.role not in known:
            try:
                known[row.role] = _role(roles, row.role, "role")
            except (NotFound, MalformedInput) as exc:
                raise ImportFormatError(name, row.line, exc.detail) from None
    items = [TitleMappingIn(title=r.title, role=str(known[r.role].id)) for r in rows]
    importer = Principal(id="import", role="admin", employee_id=None)
    report = upsert(session, runtime, importer, items, source="import")
    return {"file": name, **report.model_dump(exclude={"items"})}
