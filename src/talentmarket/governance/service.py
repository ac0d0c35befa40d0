"""Taxonomy governance: local skills, deprecation with a replacement, merges, change feed.

Rules:
- every write is one transaction (the request's), writes change-feed entries naming the
  actor, and bumps the taxonomy version so cached graphs and catalogues rebuild;
- only admins write (`require_admin`);
- skills from a standard taxonomy (ESCO, O*NET, starter) belong to their import: their
  labels and description change only with a new release, so PATCH answers 409 for them
  (alternative labels too: an import rewrites them, and a local addition would vanish
  silently). Add a local skill and merge, or deprecate, instead;
- deprecation and merge move every reference (employee skills, requirements, aspirations,
  role and task links, relations) in set-based SQL, merging into rows the holder already
  has; nothing referencing a skill is dropped, and the counts go into the change feed;
- retired skills stay readable with status 'deprecated' and replaced_by_id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
from talentmarket.errors import Conflict, Forbidden, MalformedInput, NotFound
from talentmarket.events import service as events
from talentmarket.governance import schemas as gschemas
from talentmarket.governance.changes import ChangeRepository, parse_since
from talentmarket.governance.duplicates import NearDuplicate, near_duplicates
from talentmarket.governance.repository import SkillMover
from talentmarket.principal import Principal
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.graph.service import configured_model_id
from talentmarket.taxonomy.importers.concepts import search_text
from talentmarket.taxonomy.models import Skill, SkillRelation
from talentmarket.taxonomy.repository import SkillRepository
from talentmarket.taxonomy.service import skill_read

LOCAL_URI = "urn:talentmarket:local:skill:"


def require_admin(principal: Principal) -> None:
    """Governance writes are for admins; anyone else gets 403."""
    if principal.role != "admin":
        raise Forbidden(f"changing the taxonomy needs the admin role, not {principal.role}")


def slugify(label: str) -> str:
    """A URI-safe slug of a label: 'Power BI (Reports)' -> 'power-bi-reports'."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return slug[:80].strip("-") or "skill"


def clean_labels(label: str, alt_labels: Iterable[str]) -> list[str]:
    """Alternative labels stripped, de-duplicated (case-insensitively), without the label."""
    seen = {label.strip().lower()}
    out: list[str] = []
    for alt in alt_labels:
        text = alt.strip()
        if text and text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


def _free_uri(session: Session, label: str) -> str:
    base = LOCAL_URI + slugify(label)
    taken = SkillRepository(session).uris_starting(base)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _warnings(found: list[NearDuplicate]) -> list[gschemas.TaxonomyWarning]:
    return [
        gschemas.TaxonomyWarning(
            detail=f"looks like skill {d.skill_id} {d.label!r} ({d.method} match on "
            f"{d.matched_label!r}, {d.score:.2f}); consider using or merging it",
            skill_id=d.skill_id,
            label=d.label,
            matched_label=d.matched_label,
            method="embedding" if d.method == "embedding" else "lexical",
            score=round(d.score, 4),
        )
        for d in found
    ]


def _check_duplicates(
    runtime: Runtime, session: Session, labels: list[str], strict: bool, exclude: int | None
) -> tuple[list[gschemas.TaxonomyWarning], list[str]]:
    found, checks = near_duplicates(
        runtime, session, labels, configured_model_id(runtime), exclude=exclude
    )
    warnings = _warnings(found)
    if strict and warnings:
        raise Conflict(
            f"{len(warnings)} near-duplicate skill(s) exist, first {found[0].label!r} "
            f"(id {found[0].skill_id}); use it, or send strict=false to add anyway",
            duplicates=[w.model_dump() for w in warnings],
        )
    return warnings, checks


def _linked(session: Session, ids: list[int], field: str, *, groups_ok: bool) -> list[Skill]:
    skills = {s.id: s for s in SkillRepository(session).by_ids(ids)}
    for i, sid in enumerate(ids):
        skill = skills.get(sid)
        if skill is None:
            raise NotFound(f"{field}[{i}]: skill {sid} does not exist")
        if skill.status != "active":
            raise Conflict(f"{field}[{i}]: skill {sid} is deprecated")
        if skill.kind == "group" and not groups_ok:
            raise Conflict(f"{field}[{i}]: {skill.label!r} is a skill group")
    return [skills[i] for i in dict.fromkeys(ids)]


def create_skill(
    runtime: Runtime,
    session: Session,
    principal: Principal,
    payload: gschemas.SkillCreate,
    strict: bool = False,
) -> gschemas.SkillWritten:
    """Add a local skill under its parents, with near-duplicate warnings (409 if strict)."""
    require_admin(principal)
    label = payload.label.strip()
    alts = clean_labels(label, payload.alt_labels)
    if payload.uri is not None and SkillRepository(session).uri_taken(payload.uri):
        raise Conflict(f"a skill with URI {payload.uri} exists already")
    parents = _linked(session, payload.parent_ids, "parent_ids", groups_ok=True)
    related = _linked(session, payload.related_ids, "related_ids", groups_ok=False)
    warnings, checks = _check_duplicates(runtime, session, [label, *alts], strict, None)
    skill = Skill(
        uri=payload.uri or _free_uri(session, label),
        kind="skill",
        label=label,
        alt_labels=alts,
        hidden_labels=[],
        description=payload.description,
        skill_type=payload.skill_type,
        status="active",
        source="local",
        same_as=[],
        search_text=search_text(label, alts),
    )
    session.add(skill)
    session.flush()
    for parent in parents:
        session.add(SkillRelation(source_id=skill.id, target_id=parent.id, relation="broader"))
    for other in related:
        session.add(SkillRelation(source_id=skill.id, target_id=other.id, relation="related"))
    details = {
        "label": label,
        "source": "local",
        "parent_ids": [p.id for p in parents],
        "related_ids": [r.id for r in related],
        "near_duplicates": [w.skill_id for w in warnings],
    }
    ChangeRepository(session).record("skill", skill.id, skill.uri, "created", principal.id, details)
    bump_version(session, "taxonomy")
    read = skill_read(session, skill)
    return gschemas.SkillWritten(**read.model_dump(), warnings=warnings, checks=checks)


def update_skill(
    runtime: Runtime,
    session: Session,
    principal: Principal,
    skill_id: int,
    payload: gschemas.SkillUpdate,
    strict: bool = False,
) -> gschemas.SkillWritten:
    """Edit the labels, description or type of a local skill (409 for imported ones)."""
    require_admin(principal)
    skill = _get(session, skill_id, lock=True)
    if skill.source != "local":
        raise Conflict(
            f"skill {skill_id} belongs to the {skill.source} import and changes only with a "
            "new release; create a local skill and merge, or deprecate, instead"
        )
    if skill.status != "active":
        raise Conflict(f"skill {skill_id} is deprecated (replaced by {skill.replaced_by_id})")
    label = payload.label.strip() if payload.label is not None else skill.label
    alts = clean_labels(
        label, payload.alt_labels if payload.alt_labels is not None else skill.alt_labels
    )
    changed = {}
    for name, new in (
        ("label", label),
        ("alt_labels", alts),
        ("description", payload.description),
        ("skill_type", payload.skill_type),
    ):
        old = getattr(skill, name)
        if new is not None and new != old:
            changed[name] = {"from": old, "to": new}
    warnings: list[gschemas.TaxonomyWarning] = []
    checks: list[str] = []
    if "label" in changed or "alt_labels" in changed:
        warnings, checks = _check_duplicates(runtime, session, [label, *alts], strict, skill.id)
    if changed:
        for name, diff in changed.items():
            setattr(skill, name, diff["to"])
        skill.search_text = search_text(skill.label, skill.alt_labels, skill.hidden_labels)
        ChangeRepository(session).record(
            "skill", skill.id, skill.uri, "updated", principal.id, {"changed": changed}
        )
        bump_version(session, "taxonomy")
        session.flush()
    read = skill_read(session, skill)
    return gschemas.SkillWritten(**read.model_dump(), warnings=warnings, checks=checks)


def _get(session: Session, skill_id: int, *, lock: bool = False) -> Skill:
    skill = session.get(Skill, skill_id, with_for_update=lock)
    if skill is None:
        raise NotFound(f"skill {skill_id} does not exist")
    return skill


def _check_pair(source: Skill, target: Skill, field: str) -> None:
    if source.id == target.id:
        raise MalformedInput("a skill cannot replace itself", field=field)
    for role, skill in (("skill", source), ("replacement", target)):
        if skill.kind == "group":
            raise Conflict(f"{role} {skill.id} {skill.label!r} is a skill group, not a skill")
        if skill.status != "active":
            raise Conflict(
                f"{role} {skill.id} {skill.label!r} is already deprecated"
                + (f" (replaced by {skill.replaced_by_id})" if skill.replaced_by_id else "")
            )


def _retire(
    session: Session,
    principal: Principal,
    source: Skill,
    target: Skill,
    *,
    action: str,
    reason: str,
    extra: dict[str, object] | None = None,
) -> gschemas.GovernanceResult:
    """Move every reference from source to target, retire source, log both, bump."""
    counts = SkillMover(session).move_all(source.id, target.id, copy_broader=action == "merged")
    session.expire_all()
    source = _get(session, source.id)
    target = _get(session, target.id)
    source.status = "deprecated"
    source.replaced_by_id = target.id
    details = counts.as_details()
    log = ChangeRepository(session)
    first = log.record(
        "skill",
        source.id,
        source.uri,
        action,
        principal.id,
        {"replaced_by_id": target.id, "replaced_by_uri": target.uri, "reason": reason, **details},
    )
    second = log.record(
        "skill",
        target.id,
        target.uri,
        "updated",
        principal.id,
        {
            "absorbed_skill_id": source.id,
            "absorbed_uri": source.uri,
            "via": action,
            **(extra or {}),
            **details,
        },
    )
    version = bump_version(session, "taxonomy")
    states = {"uri": source.uri, "replaced_by_id": target.id, "replaced_by_uri": target.uri}
    kind = "skill.merged" if action == "merged" else "skill.deprecated"
    events.record_changed(session, kind, ("skill", source.id), version, states)
    touched = {k.split("_", 1)[1] for k, v in counts.counts.items() if v}
    if touched & {"employee_skills", "aspirations"}:
        bump_version(session, "people")
    if "requirements" in touched:
        bump_version(session, "openings")
    session.flush()
    return gschemas.GovernanceResult(
        skill=skill_read(session, source),
        replacement=skill_read(session, target),
        counts=counts.counts,
        change_ids=[first.id, second.id],
    )


def deprecate_skill(
    session: Session, principal: Principal, skill_id: int, payload: gschemas.DeprecateRequest
) -> gschemas.GovernanceResult:
    """Retire a skill: every profile, requirement and link moves to the replacement."""
    require_admin(principal)
    source = _get(session, skill_id, lock=True)
    target = _get(session, payload.replacement_id, lock=True)
    _check_pair(source, target, "body.replacement_id")
    return _retire(session, principal, source, target, action="deprecated", reason=payload.reason)


def merge_skills(
    session: Session, principal: Principal, payload: gschemas.MergeRequest
) -> gschemas.GovernanceResult:
    """Fold source into target: labels united, references moved, source retired."""
    require_admin(principal)
    first, second = sorted((payload.source_id, payload.target_id))
    locked = {first: _get(session, first, lock=True), second: _get(session, second, lock=True)}
    source, target = locked[payload.source_id], locked[payload.target_id]
    _check_pair(source, target, "body.target_id")
    added = clean_labels(target.label, [*target.alt_labels, source.label, *source.alt_labels])
    new_alts = [a for a in added if a not in target.alt_labels]
    target.alt_labels = added
    target.hidden_labels = list(dict.fromkeys([*target.hidden_labels, *source.hidden_labels]))
    target.same_as = list(dict.fromkeys([*target.same_as, source.uri, *source.same_as]))
    target.search_text = search_text(target.label, target.alt_labels, target.hidden_labels)
    session.flush()
    return _retire(
        session,
        principal,
        source,
        target,
        action="merged",
        reason=payload.reason,
        extra={"added_alt_labels": new_alts},
    )


def list_changes(
    session: Session,
    *,
    since: str | None = None,
    cursor: str | None = None,
    entity: str | None = None,
    action: str | None = None,
    entity_id: int | None = None,
    limit: int = 100,
) -> gschemas.ChangePage:
    """Change-feed entries after `since` (a change id or a timestamp), oldest first."""
    after_id: int | None = None
    moment = None
    if cursor:
        if not cursor.isdigit():
            raise MalformedInput("cursor is not one this service issued", field="query.cursor")
        after_id = int(cursor)
    elif since:
        after_id, moment = parse_since(since)
    repo = ChangeRepository(session)
    query = repo.query(
        after_id=after_id, since=moment, entity=entity, action=action, entity_id=entity_id
    )
    rows = list(repo.page(query, limit))
    more = len(rows) > limit
    rows = rows[:limit]
    if rows:
        poll = str(rows[-1].id)
    elif after_id is not None:
        poll = str(after_id)
    else:
        poll = str(repo.last_id())
    return gschemas.ChangePage(
        items=[gschemas.ChangeRead.model_validate(r) for r in rows],
        limit=limit,
        next_cursor=str(rows[-1].id) if more else None,
        poll_since=poll,
    )
