"""Taxonomy reads for the API: search, detail, hierarchy and edges."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.db.versions import data_versions
from talentmarket.errors import NotFound
from talentmarket.ids import numeric_ref
from talentmarket.paging import Page, PageRequest
from talentmarket.runtime import Runtime
from talentmarket.taxonomy import export_repository, schemas
from talentmarket.taxonomy.graph.service import get_graph
from talentmarket.taxonomy.graph.taxonomy_graph import TaxonomyGraph
from talentmarket.taxonomy.models import Role, Skill, Task, TaxonomyRelease
from talentmarket.taxonomy.repository import ReleaseRepository, RoleRepository, SkillRepository
from talentmarket.taxonomy.rsd import rich_skill_descriptor

RSD_OCCUPATIONS = 50  # roles named in a skill's RSD


def list_skills(
    session: Session,
    page: PageRequest,
    q: str | None = None,
    kind: str | None = "skill",
    skill_type: str | None = None,
    source: str | None = None,
    status: str | None = None,
) -> Page[schemas.SkillHit]:
    """Skills matching label or alternative labels, best lexical match first."""
    repo = SkillRepository(session)
    stmt = repo.query(q, kind=kind, skill_type=skill_type, source=source, status=status)
    total = repo.count(stmt)
    rows = repo.search_page(stmt, q, page.offset, page.limit)
    items = [
        schemas.SkillHit.model_validate(s, from_attributes=True).model_copy(
            update={"matched_label": _matched(q, s.label, s.alt_labels)}
        )
        for s in rows
    ]
    return page.page(items, total)


def _matched(q: str | None, label: str, alt: list[str]) -> str | None:
    if not q:
        return None
    term = q.lower()
    for candidate in (label, *alt):
        if term in candidate.lower():
            return candidate
    return None


def get_skill(session: Session, ref: str) -> schemas.SkillRead:
    """A skill by numeric id, URI or code."""
    skill = _skill_by_ref(session, ref)
    return skill_read(session, skill)


def _skill_by_ref(session: Session, ref: str) -> Skill:
    repo = SkillRepository(session)
    number = numeric_ref(ref)
    return repo.by_uri(ref) if number is None else repo.get(number)


def skill_read(session: Session, skill: Skill) -> schemas.SkillRead:
    """Full skill representation with its release label."""
    release = session.get(TaxonomyRelease, skill.release_id) if skill.release_id else None
    read = schemas.SkillRead.model_validate(skill, from_attributes=True)
    return read.model_copy(
        update={"release": f"{release.source} {release.version}" if release else None}
    )


def skill_parents(session: Session, skill_id: int) -> list[schemas.SkillSummary]:
    """Direct broader concepts of a skill."""
    repo = SkillRepository(session)
    repo.get(skill_id)
    return [schemas.SkillSummary.model_validate(s) for s in repo.broader(skill_id)]


def skill_children(
    session: Session, skill_id: int, page: PageRequest
) -> Page[schemas.SkillSummary]:
    """Direct narrower concepts of a skill or group, paginated."""
    repo = SkillRepository(session)
    repo.get(skill_id)
    stmt = repo.narrower(skill_id)
    total = repo.count(stmt)
    rows = session.scalars(stmt.offset(page.offset).limit(page.limit)).all()
    return page.page([schemas.SkillSummary.model_validate(s) for s in rows], total)


_REASONS = {
    ("requires", "out"): "needs {other} first",
    ("requires", "in"): "{other} builds on it",
    ("essential_for", "out"): "essential knowledge for {other}",
    ("essential_for", "in"): "{other} is essential knowledge for it",
    ("optional_for", "out"): "useful knowledge for {other}",
    ("optional_for", "in"): "{other} is useful knowledge for it",
    ("related", "out"): "related to {other}",
    ("related", "in"): "related to {other}",
    ("same_as", "out"): "same concept as {other} in another taxonomy",
    ("same_as", "in"): "same concept as {other} in another taxonomy",
}


SIMILAR_MIN = 0.1  # graph similarity below this is not shown as a related skill


def _similar_reason(
    graph: TaxonomyGraph, skill_id: int, other_id: int, parts: dict[str, float]
) -> str:
    """Why two skills count as similar: the parts of their graph similarity, in words."""
    bits = []
    if parts.get("cooccurrence", 0.0) >= 0.1:
        bits.append(f"often needed together in roles and tasks ({parts['cooccurrence']:.2f})")
    if parts.get("hierarchy", 0.0) > 0.0:
        a, b = graph.skill_node(skill_id), graph.skill_node(other_id)
        shared = {} if a is None or b is None else graph.ancestors(a)
        if b is not None and shared:
            theirs = graph.ancestors(b)
            common = [(d + theirs[n], n) for n, d in shared.items() if n in theirs]
            if common:
                group = graph.graph_.nodes[min(common)[1]]["label"]
                bits.append(f"both under '{group}'")
    if parts.get("embedding", 0.0) >= 0.5:
        bits.append(f"close in meaning ({parts['embedding']:.2f})")
    return "similar: " + ("; ".join(bits) or "weakly linked in the taxonomy graph")


def related_skills(
    session: Session, skill_id: int, limit: int, runtime: Runtime | None = None
) -> list[schemas.RelatedSkill]:
    """Skills linked to a skill by typed edges (strongest first), then, with a runtime,
    the most similar skills of the taxonomy graph (co-occurrence in roles and tasks,
    shared skill groups, stored vectors), each with the reason."""
    repo = SkillRepository(session)
    repo.get(skill_id)
    out = []
    for edge, other, direction in repo.relations(skill_id):
        template = _REASONS.get((edge.relation, direction), "{relation} {other}")
        out.append(
            schemas.RelatedSkill(
                skill=schemas.SkillSummary.model_validate(other),
                relation=edge.relation,
                direction="out" if direction == "out" else "in",
                weight=edge.weight,
                reason=template.format(other=other.label, relation=edge.relation),
            )
        )
    out.sort(key=lambda r: (-r.weight, r.relation, r.skill.label))
    if runtime is None or len(out) >= limit:
        return out[:limit]
    graph = get_graph(runtime, session)
    linked = {r.skill.id for r in out} | {skill_id}
    similar = [
        s
        for s in graph.similar_skills(skill_id, k=limit + len(linked))
        if s.skill_id not in linked and s.score >= SIMILAR_MIN
    ][: limit - len(out)]
    rows = {s.id: s for s in SkillRepository(session).by_ids([s.skill_id for s in similar])}
    out.extend(
        schemas.RelatedSkill(
            skill=schemas.SkillSummary.model_validate(rows[s.skill_id]),
            relation="similar",
            direction="similar",
            weight=round(s.score, 4),
            reason=_similar_reason(graph, skill_id, s.skill_id, s.parts),
        )
        for s in similar
        if s.skill_id in rows
    )
    return out


def list_roles(
    session: Session,
    page: PageRequest,
    q: str | None = None,
    kind: str | None = "role",
    source: str | None = None,
) -> Page[schemas.RoleHit]:
    """Roles matching title, alternative titles or code, best lexical match first."""
    repo = RoleRepository(session)
    stmt = repo.query(q, kind=kind, source=source)
    total = repo.count(stmt)
    rows = repo.search_page(stmt, q, page.offset, page.limit)
    items = [
        schemas.RoleHit.model_validate(r, from_attributes=True).model_copy(
            update={"matched_label": _matched(q, r.title, r.alt_titles)}
        )
        for r in rows
    ]
    return page.page(items, total)


def get_role(session: Session, ref: str) -> schemas.RoleRead:
    """A role by id, URI or code, with its skills and tasks."""
    repo = RoleRepository(session)
    number = numeric_ref(ref)
    role = repo.by_uri_or_code(ref) if number is None else repo.get(number)
    parent = session.get(Role, role.parent_id) if role.parent_id else None
    skills = [
        schemas.RoleSkillRead(
            skill=schemas.SkillSummary.model_validate(skill),
            relation="essential" if edge.relation == "essential" else "optional",
            importance=edge.importance,
            required_proficiency=edge.level,
        )
        for edge, skill in repo.skills(role.id)
    ]
    task_reads = task_reads_of(session, repo.tasks(role.id))
    return schemas.RoleRead(
        id=role.id,
        uri=role.uri,
        code=role.code,
        title=role.title,
        kind=role.kind,
        status=role.status,
        source=role.source,
        isco_code=role.isco_code,
        alt_titles=role.alt_titles,
        description=role.description,
        parent=schemas.RoleSummary.model_validate(parent) if parent else None,
        same_as=role.same_as,
        skills=skills,
        tasks=task_reads,
    )


def task_reads_of(session: Session, tasks: Sequence[Task]) -> list[schemas.TaskRead]:
    """Task statements with the skills each uses (one query for all)."""
    by_task = RoleRepository(session).task_skills([t.id for t in tasks])
    return [
        schemas.TaskRead(
            id=t.id,
            uri=t.uri,
            role_id=t.role_id,
            statement=t.statement,
            task_type=t.task_type,
            skills=[schemas.SkillSummary.model_validate(s) for s in by_task[t.id]],
        )
        for t in tasks
    ]


def role_children(session: Session, role_id: int, page: PageRequest) -> Page[schemas.RoleSummary]:
    """Roles and groups directly under a role group."""
    repo = RoleRepository(session)
    repo.get(role_id)
    rows, total = repo.children(role_id, page.offset, page.limit)
    return page.page([schemas.RoleSummary.model_validate(r) for r in rows], total)


RELEASE_LABEL = "taxonomy-release-label"


def release_label(
    session: Session, runtime: Runtime, versions: Mapping[str, int] | None = None
) -> str:
    """What is loaded, e.g. 'esco 1.1.1 + starter 2026.11' (the provenance of every AI
    answer), remembered per taxonomy version: an import of a release bumps it."""
    version = (data_versions(session) if versions is None else versions).get("taxonomy", 0)
    return runtime.cached(RELEASE_LABEL, version, lambda: ReleaseRepository(session).label())


def list_releases(session: Session) -> list[schemas.ReleaseRead]:
    """Every imported taxonomy release, newest first."""
    return [schemas.ReleaseRead.model_validate(r) for r in ReleaseRepository(session).all()]


def list_tasks(
    session: Session, page: PageRequest, role_id: int | None = None, q: str | None = None
) -> Page[schemas.TaskRead]:
    """Task statements, optionally of one role or containing some words."""
    repo = RoleRepository(session)
    if role_id is not None:
        repo.get(role_id)
    tasks, total = repo.task_page(role_id, q, page.offset, page.limit)
    return page.page(task_reads_of(session, tasks), total)


def get_task(session: Session, task_id: int) -> schemas.TaskRead:
    """One task statement with its skills."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"task {task_id} does not exist")
    return task_reads_of(session, [task])[0]


LEXICAL_CANDIDATES = 500


def lexical_skill_ids(session: Session, q: str) -> list[int]:
    """Ids of the best lexical skill matches (for fusion with semantic search)."""
    repo = SkillRepository(session)
    return repo.lexical_ids(repo.query(q, kind="skill", status="active"), q, LEXICAL_CANDIDATES)


def lexical_role_ids(session: Session, q: str) -> list[int]:
    """Ids of the best lexical role matches (for fusion with semantic search)."""
    repo = RoleRepository(session)
    return repo.lexical_ids(repo.query(q, kind="role"), q, LEXICAL_CANDIDATES)


def skill_rsd(session: Session, skill_id: int, author: str) -> dict[str, Any]:
    """A skill as an Open Skills Network Rich Skill Descriptor."""
    skill = SkillRepository(session).get(skill_id)
    category, roles = export_repository.skill_context(session, skill_id, RSD_OCCUPATIONS)
    return rich_skill_descriptor(skill, category, roles, author)
