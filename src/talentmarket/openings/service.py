"""Rules of the openings feature: create, update, sync and read openings and requirements.

Services flush, never commit; every write bumps the "openings" data version so ranking
caches rebuild.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.db.sync import sync_children
from talentmarket.db.versions import note_change
from talentmarket.embeddings.service import ensure_entity_vectors
from talentmarket.errors import Conflict, MalformedInput, NotFound
from talentmarket.events import service as events
from talentmarket.openings.document import opening_sources
from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.openings.repository import (
    OpeningFilters,
    OpeningRepository,
    application_statuses,
)
from talentmarket.openings.schemas import (
    OpeningCreate,
    OpeningRead,
    OpeningSummary,
    OpeningUpdate,
    OpeningUpsert,
    OpeningUpsertResult,
    RequirementIn,
    RequirementRead,
    RequirementReview,
)
from talentmarket.paging import Page, PageRequest
from talentmarket.people.repository import PeopleRepository
from talentmarket.people.schemas import RoleBrief
from talentmarket.people.shared import assign, fields_of, resolve_role, resolve_skills
from talentmarket.shapes import SkillBrief
from talentmarket.taxonomy.models import Skill
from talentmarket.textintel.encoders import Encoder

SCALAR_FIELDS = (
    "title",
    "kind",
    "description",
    "department",
    "location",
    "remote",
    "capacity",
    "hours_per_week",
    "time_pct",
    "start_date",
    "end_date",
    "status",
    "external_id",
)


def requirement_read(row: OpeningRequirement, skill: Skill) -> RequirementRead:
    """A requirement row as the API shows it."""
    return RequirementRead(
        skill=SkillBrief(id=skill.id, uri=skill.uri, label=skill.label),
        must_have=row.must_have,
        min_proficiency=row.min_proficiency,
        weight=row.weight,
        status=row.status,
        source=row.source,
        confidence=row.confidence,
    )


def opening_read(session: Session, opening: Opening) -> OpeningRead:
    """An opening with role and requirements."""
    role = OpeningRepository(session).role_of(opening)
    return OpeningRead(
        **OpeningSummary.model_validate(opening).model_dump(),
        description=opening.description,
        role=RoleBrief.model_validate(role) if role else None,
        hours_per_week=opening.hours_per_week,
        time_pct=opening.time_pct,
        requirements=[
            requirement_read(row, skill)
            for row, skill in OpeningRepository(session).requirements(opening.id)
        ],
        applications=Counter(application_statuses(session, opening.id).values()),
    )


def get_opening(session: Session, opening_id: int) -> OpeningRead:
    """One opening with its requirements."""
    return opening_read(session, OpeningRepository(session).get(opening_id))


def list_openings(
    session: Session, filters: OpeningFilters, page: PageRequest
) -> Page[OpeningSummary]:
    """A page of openings in id order."""
    repo = OpeningRepository(session)
    items, total, more = repo.page(repo.query(filters), page)
    return page.keyed(
        [OpeningSummary.model_validate(o) for o in items], total, more, key=attrgetter("id")
    )


def _resolve(
    session: Session, opening: Opening | None, data: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[RequirementIn, Skill]] | None]:
    """Column values and requirements of a request, checked before anything is written."""
    repo = OpeningRepository(session)
    values = {k: data[k] for k in SCALAR_FIELDS if k in data}
    external_id = values.get("external_id")
    if external_id is not None and (opening is None or external_id != opening.external_id):
        other = repo.by_external_id(external_id)
        if other is not None:
            raise Conflict(
                f"external id {external_id} is already used by opening {other.id}",
                field="external_id",
            )
    start = values.get("start_date", opening.start_date if opening else None)
    end = values.get("end_date", opening.end_date if opening else None)
    if start is not None and end is not None and end < start:
        raise MalformedInput(
            f"end_date {end} is before start_date {start}",
            field="end_date" if "end_date" in values else "start_date",
        )
    if data.get("role_uri") is not None:
        role = resolve_role(session, data["role_uri"], "role_uri")
        values["role_id"] = role.id if role else None
    elif "role_id" in data:
        role = resolve_role(session, data["role_id"], "role_id")
        values["role_id"] = role.id if role else None
    owner_id = data.get("owner_id")
    if owner_id is not None and PeopleRepository(session).find(owner_id) is None:
        raise NotFound(f"owner_id: employee {owner_id} does not exist", field="owner_id")
    if "owner_id" in data:
        values["owner_id"] = owner_id
    pairs = None
    if data.get("requirements") is not None:
        items: list[RequirementIn] = data["requirements"]
        skills = resolve_skills(session, items, "requirements")
        pairs = list(zip(items, skills, strict=True))
    return values, pairs


def _stated(item: RequirementIn) -> dict[str, Any]:
    """Column values of a requirement the caller states."""
    return {
        "must_have": item.must_have,
        "min_proficiency": item.min_proficiency,
        "weight": item.weight,
        "status": "active",
        "source": "manual",
        "confidence": 1.0,
    }


def _sync_requirements(
    session: Session, opening_id: int, pairs: Sequence[tuple[RequirementIn, Skill]]
) -> bool:
    """Make the active requirements exactly pairs; unnamed suggested/rejected rows are kept."""
    return sync_children(
        session,
        OpeningRepository(session).requirement_rows(opening_id),
        ((skill.id, item) for item, skill in pairs),
        create=lambda skill_id, item: OpeningRequirement(
            opening_id=opening_id, skill_id=skill_id, **_stated(item)
        ),
        update=lambda row, item: assign(row, _stated(item)),
        removable=lambda row: row.status == "active",
    )


def _write(
    session: Session,
    opening: Opening,
    values: Mapping[str, Any],
    pairs: Sequence[tuple[RequirementIn, Skill]] | None,
    encoder: Encoder,
) -> bool:
    """Apply changes; on any, bump the openings version and refresh the stored vector (its
    text may have changed) in this transaction, so rankings never have to."""
    was = None if opening.id is None else opening.status
    changed = assign(opening, values)
    if opening.id is None:
        OpeningRepository(session).add(opening)
    children = pairs is not None and _sync_requirements(session, opening.id, pairs)
    if children and not changed:
        opening.updated_at = utcnow()
    if changed or children:
        OpeningRepository(session).flush()
        version = note_change(session, "openings", [opening.id])
        ensure_entity_vectors(session, encoder, "opening", [opening.id], reader=opening_sources)
        _event(session, opening, was, version)
    return changed or children


def _event(session: Session, opening: Opening, was: str | None, version: int) -> None:
    """opening.opened when it becomes open, .closed when it stops, else .changed."""
    now_open = opening.status == "open"
    kind = "opening.changed"
    if now_open and was != "open":
        kind = "opening.opened"
    elif was == "open" and opening.status in ("closed", "filled"):
        kind = "opening.closed"
    states = {"external_id": opening.external_id, "kind": opening.kind, "status": opening.status}
    events.record_changed(session, kind, ("opening", opening.id), version, states)


def _create(session: Session, data: Mapping[str, Any], encoder: Encoder) -> Opening:
    opening = Opening()
    _write(session, opening, *_resolve(session, None, data), encoder)
    return opening


def create_opening(session: Session, body: OpeningCreate, encoder: Encoder) -> OpeningRead:
    """Create an opening with its requirements; external ids are unique."""
    return opening_read(session, _create(session, fields_of(body), encoder))


def update_opening(
    session: Session, opening_id: int, body: OpeningUpdate, encoder: Encoder
) -> OpeningRead:
    """Change the fields given."""
    opening = OpeningRepository(session).get(opening_id)
    data = fields_of(body, sent_only=True)
    _write(session, opening, *_resolve(session, opening, data), encoder)
    return opening_read(session, opening)


def delete_opening(session: Session, opening_id: int) -> None:
    """Delete an opening with its requirements, decisions and interests."""
    repo = OpeningRepository(session)
    opening = repo.get(opening_id)
    states = {"external_id": opening.external_id, "kind": opening.kind, "status": "deleted"}
    repo.delete(opening)
    version = note_change(session, "openings", [opening_id])
    events.record_changed(session, "opening.closed", ("opening", opening_id), version, states)


def replace_requirements(
    session: Session, opening_id: int, items: Sequence[RequirementIn], encoder: Encoder
) -> list[RequirementRead]:
    """Replace the active requirements; suggested and rejected ones not named are kept."""
    repo = OpeningRepository(session)
    opening = repo.get(opening_id)
    skills = resolve_skills(session, items, "requirements")
    _write(session, opening, {}, list(zip(items, skills, strict=True)), encoder)
    return [requirement_read(row, skill) for row, skill in repo.requirements(opening_id)]


def upsert_opening(
    session: Session, external_id: str, body: OpeningUpsert, encoder: Encoder
) -> OpeningUpsertResult:
    """Create or update the opening with this ATS id; the same body twice changes nothing.

    Fields left out keep their stored values; requirements, when given, replace the
    active set.
    """
    opening = OpeningRepository(session).by_external_id(external_id)
    if opening is None:
        data = {**fields_of(body), "external_id": external_id}
        created = _create(session, data, encoder)
        return OpeningUpsertResult(result="created", opening=opening_read(session, created))
    data = fields_of(body, sent_only=True)
    changed = _write(session, opening, *_resolve(session, opening, data), encoder)
    return OpeningUpsertResult(
        result="updated" if changed else "unchanged", opening=opening_read(session, opening)
    )


def store_requirement_suggestions(
    session: Session,
    opening_id: int,
    found: Sequence[tuple[int, float]],
    proficiency: int,
    must_have_score: float,
) -> list[OpeningRequirement]:
    """Store requirements proposed from an opening's text, (skill id, score) each, as
    suggestions; a requirement the opening has (active, suggested or rejected) keeps its
    row. Returns the row of each found skill, in order."""
    repo = OpeningRepository(session)
    repo.get(opening_id)
    current = repo.requirement_rows(opening_id)
    rows = []
    for skill_id, score in found:
        row = current.get(skill_id)
        if row is None:
            row = OpeningRequirement(
                opening_id=opening_id,
                skill_id=skill_id,
                must_have=score >= must_have_score,
                min_proficiency=proficiency,
                weight=round(0.5 + score / 2, 3),
                status="suggested",
                source="inferred",
                confidence=round(score, 4),
            )
            repo.stage(row)
            current[skill_id] = row
        rows.append(row)
    repo.flush()
    return rows


def decide_requirement(
    session: Session,
    encoder: Encoder,
    opening_id: int,
    skill_id: int,
    accept: bool,
    review: RequirementReview | None = None,
) -> None:
    """Accept (make active, as suggested or as the review says) or reject a suggested
    requirement; rejected ones are kept."""
    row = OpeningRepository(session).requirement_rows(opening_id).get(skill_id)
    if row is None:
        raise NotFound(f"opening {opening_id} has no requirement for skill {skill_id}")
    if row.status not in ("suggested", "rejected" if accept else "suggested"):
        raise Conflict(f"requirement is {row.status}; only suggestions can be decided")
    row.status = "active" if accept else "rejected"
    if accept and review is not None:
        for name, value in review.model_dump(exclude_none=True).items():
            setattr(row, name, value)
    OpeningRepository(session).flush()
    note_change(session, "openings", [opening_id])
    ensure_entity_vectors(  # the document holds skill labels
        session, encoder, "opening", [opening_id], reader=opening_sources
    )
