"""Reads of the taxonomy: skills, roles, tasks and their edges."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import chunks, where_in
from talentmarket.errors import MalformedInput, NotFound
from talentmarket.ids import numeric_ref
from talentmarket.taxonomy.models import (
    Role,
    RoleRelation,
    RoleSkill,
    Skill,
    SkillRelation,
    Task,
    TaskSkill,
    TaxonomyRelease,
)

T = TypeVar("T")


def _by_ids(session: Session, model: type[T], ids: Sequence[int]) -> list[T]:
    """Rows of a model by id, read in chunks of distinct ids, in id order."""
    column = model.id  # type: ignore[attr-defined]
    return [row for q in where_in(select(model), column, ids) for row in session.scalars(q)]


@dataclass(frozen=True)
class SkillRef:
    """A skill named by id or by URI, as API payloads do."""

    skill_id: int | None = None
    skill_uri: str | None = None

    def describe(self) -> str:
        """How the caller named the skill, for error messages."""
        return f"id {self.skill_id}" if self.skill_id is not None else f"URI {self.skill_uri}"


def _like(term: str) -> str:
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SkillRepository:
    """Skills and skill groups."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, skill_id: int) -> Skill:
        """A skill by id; raises NotFound."""
        skill = self.session.get(Skill, skill_id)
        if skill is None:
            raise NotFound(f"skill {skill_id} does not exist")
        return skill

    def by_ids(self, ids: Sequence[int]) -> list[Skill]:
        """The skills of these ids that exist (in id order)."""
        return _by_ids(self.session, Skill, ids)

    def document_fields(
        self, ids: Iterable[int] | None
    ) -> Iterator[tuple[int, str, list[str], str]]:
        """(id, label, alternative labels, description) of these skills, or of all."""
        query = select(Skill.id, Skill.label, Skill.alt_labels, Skill.description)
        for q in where_in(query, Skill.id, ids):
            for sid, label, alts, desc in self.session.execute(q):
                yield int(sid), label, list(alts or ()), desc

    def active_label_rows(self) -> list[Any]:
        """(id, uri, label, alt labels, hidden labels, description, type, reuse level) of
        every active skill (not groups), in id order."""
        stmt = (
            select(
                Skill.id,
                Skill.uri,
                Skill.label,
                Skill.alt_labels,
                Skill.hidden_labels,
                Skill.description,
                Skill.skill_type,
                Skill.reuse_level,
            )
            .where(Skill.kind == "skill", Skill.status == "active")
            .order_by(Skill.id)
        )
        return list(self.session.execute(stmt))

    def active_labels(
        self, ids: Iterable[int] | None = None
    ) -> Iterator[tuple[int, str, list[str]]]:
        """(id, label, alternative labels) of active skills (not groups): these ids, or all."""
        query = select(Skill.id, Skill.label, Skill.alt_labels).where(
            Skill.kind == "skill", Skill.status == "active"
        )
        for q in where_in(query, Skill.id, ids):
            for skill_id, label, alts in self.session.execute(q):
                yield int(skill_id), label, list(alts or ())

    def id_of_uri(self, uri: str) -> int | None:
        """The id of the skill with this URI, if any."""
        found = self.session.scalar(select(Skill.id).where(Skill.uri == uri))
        return None if found is None else int(found)

    def every_label(self) -> Iterator[tuple[str, list[str], list[str]]]:
        """(label, alternative labels, hidden labels) of every skill."""
        stmt = select(Skill.label, Skill.alt_labels, Skill.hidden_labels)
        for label, alts, hidden in self.session.execute(stmt):
            yield label, list(alts or ()), list(hidden or ())

    def uris_starting(self, prefix: str) -> set[str]:
        """The skill URIs taken under a prefix (to pick a free one)."""
        return set(self.session.scalars(select(Skill.uri).where(Skill.uri.startswith(prefix))))

    def uri_taken(self, uri: str) -> bool:
        """True when some skill has this URI."""
        return self.session.scalar(select(Skill.id).where(Skill.uri == uri)) is not None

    def by_uri(self, uri: str) -> Skill:
        """A skill by its external URI; raises NotFound."""
        skill = self.session.scalar(select(Skill).where(Skill.uri == uri))
        if skill is None:
            raise NotFound(f"no skill has URI {uri}")
        return skill

    def resolve(self, refs: Sequence[SkillRef], field: str = "skills") -> list[Skill]:
        """Skills for refs, in order; an unknown one raises NotFound naming it."""
        ids = {r.skill_id for r in refs if r.skill_id is not None}
        uris = {r.skill_uri for r in refs if r.skill_id is None and r.skill_uri}
        found_ids = {s.id: s for s in self._in(Skill.id, ids)} if ids else {}
        found_uris = {s.uri: s for s in self._in(Skill.uri, uris)} if uris else {}
        result: list[Skill] = []
        for i, ref in enumerate(refs):
            if ref.skill_id is None and not ref.skill_uri:
                raise MalformedInput("give skill_id or skill_uri", field=f"{field}.{i}")
            skill = (
                found_ids.get(ref.skill_id)
                if ref.skill_id is not None
                else found_uris.get(ref.skill_uri or "")
            )
            if skill is None:
                raise NotFound(f"{field}[{i}]: no skill with {ref.describe()}")
            if skill.kind != "skill":
                raise MalformedInput(
                    f"{field}[{i}]: {skill.label!r} is a skill group, not a skill",
                    field=f"{field}.{i}",
                )
            result.append(skill)
        return result

    def _in(self, column: object, values: Iterable[object]) -> list[Skill]:
        out: list[Skill] = []
        for chunk in chunks(list(values)):
            out.extend(self.session.scalars(select(Skill).where(column.in_(chunk))))  # type: ignore[attr-defined]
        return out

    def query(
        self,
        q: str | None = None,
        *,
        kind: str | None = "skill",
        skill_type: str | None = None,
        source: str | None = None,
        status: str | None = None,
    ) -> Select[Skill]:
        """A filtered select of skills; q matches label and alternative labels."""
        stmt = select(Skill)
        if q:
            stmt = stmt.where(Skill.search_text.like(_like(q), escape="\\"))
        if kind:
            stmt = stmt.where(Skill.kind == kind)
        if skill_type:
            stmt = stmt.where(Skill.skill_type == skill_type)
        if source:
            stmt = stmt.where(Skill.source == source)
        if status:
            stmt = stmt.where(Skill.status == status)
        return stmt

    def count(self, stmt: Select[Skill]) -> int:
        """Rows a select would return."""
        return int(self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)

    def broader(self, skill_id: int) -> list[Skill]:
        """Direct parents (skill groups or broader skills)."""
        stmt = (
            select(Skill)
            .join(SkillRelation, SkillRelation.target_id == Skill.id)
            .where(SkillRelation.source_id == skill_id, SkillRelation.relation == "broader")
            .order_by(Skill.label)
        )
        return list(self.session.scalars(stmt))

    def narrower(self, skill_id: int) -> Select[Skill]:
        """Direct children, as a select to paginate."""
        return (
            select(Skill)
            .join(SkillRelation, SkillRelation.source_id == Skill.id)
            .where(SkillRelation.target_id == skill_id, SkillRelation.relation == "broader")
            .order_by(Skill.kind.desc(), Skill.label)
        )

    def relations(self, skill_id: int) -> list[tuple[SkillRelation, Skill, str]]:
        """Non-hierarchical edges touching a skill: (edge, other skill, direction)."""
        out: list[tuple[SkillRelation, Skill, str]] = []
        outgoing = (
            select(SkillRelation, Skill)
            .join(Skill, Skill.id == SkillRelation.target_id)
            .where(SkillRelation.source_id == skill_id, SkillRelation.relation != "broader")
        )
        incoming = (
            select(SkillRelation, Skill)
            .join(Skill, Skill.id == SkillRelation.source_id)
            .where(SkillRelation.target_id == skill_id, SkillRelation.relation != "broader")
        )
        out.extend((e, s, "out") for e, s in self.session.execute(outgoing))
        out.extend((e, s, "in") for e, s in self.session.execute(incoming))
        return out


class RoleRepository:
    """Roles, role groups, role skills and tasks."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, role_id: int) -> Role:
        """A role by id; raises NotFound."""
        role = self.session.get(Role, role_id)
        if role is None:
            raise NotFound(f"role {role_id} does not exist")
        return role

    def document_fields(
        self, ids: Iterable[int] | None
    ) -> Iterator[tuple[int, str, list[str], str]]:
        """(id, title, alternative titles, description) of these roles, or of all."""
        query = select(Role.id, Role.title, Role.alt_titles, Role.description)
        for q in where_in(query, Role.id, ids):
            for rid, title, alts, desc in self.session.execute(q):
                yield int(rid), title, list(alts or ()), desc

    def active_label_rows(self) -> list[Any]:
        """(id, uri, code, title, alt titles, description) of every active role (not
        groups), in id order."""
        stmt = (
            select(Role.id, Role.uri, Role.code, Role.title, Role.alt_titles, Role.description)
            .where(Role.kind == "role", Role.status == "active")
            .order_by(Role.id)
        )
        return list(self.session.execute(stmt))

    def every_title(self) -> Iterator[tuple[str, list[str], str, str]]:
        """(title, alternative titles, description, kind) of every role and group."""
        stmt = select(Role.title, Role.alt_titles, Role.description, Role.kind)
        for title, alts, description, kind in self.session.execute(stmt):
            yield title, list(alts or ()), description, kind

    def by_ids(self, ids: Sequence[int]) -> list[Role]:
        """The roles of these ids that exist (in id order)."""
        return _by_ids(self.session, Role, ids)

    def children(self, role_id: int, offset: int, limit: int) -> tuple[list[Role], int]:
        """A window of the roles and groups directly under a role group, groups first then
        by title, and how many there are."""
        stmt = select(Role).where(Role.parent_id == role_id).order_by(Role.kind.desc(), Role.title)
        rows = list(self.session.scalars(stmt.offset(offset).limit(limit)))
        return rows, self.count(stmt)

    def task_page(
        self, role_id: int | None, q: str | None, offset: int, limit: int
    ) -> tuple[list[Task], int]:
        """A window of task statements (of one role, containing some words) in id order,
        and how many match."""
        stmt = select(Task)
        if role_id is not None:
            stmt = stmt.where(Task.role_id == role_id)
        if q:
            stmt = stmt.where(func.lower(Task.statement).contains(q.lower(), autoescape=True))
        total = int(self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
        rows = list(self.session.scalars(stmt.order_by(Task.id).offset(offset).limit(limit)))
        return rows, total

    def id_of_uri_or_code(self, ref: str) -> int | None:
        """The id of the role with this URI or code, if any."""
        found = self.session.scalar(select(Role.id).where((Role.uri == ref) | (Role.code == ref)))
        return None if found is None else int(found)

    def by_ref(self, ref: str) -> Role:
        """A role by id (digits), URI or code; raises NotFound."""
        number = numeric_ref(ref)
        return self.by_uri_or_code(ref) if number is None else self.get(number)

    def by_uri_or_code(self, ref: str) -> Role:
        """A role by URI or code (ISCO, O*NET-SOC, ESCO code); raises NotFound."""
        role = self.session.scalar(
            select(Role).where(or_(Role.uri == ref, Role.code == ref)).order_by(Role.kind.desc())
        )
        if role is None:
            raise NotFound(f"no role has URI or code {ref}")
        return role

    def query(
        self, q: str | None = None, *, kind: str | None = "role", source: str | None = None
    ) -> Select[Role]:
        """A filtered select of roles; q matches titles, alternative titles and codes."""
        stmt = select(Role)
        if q:
            stmt = stmt.where(Role.search_text.like(_like(q), escape="\\"))
        if kind:
            stmt = stmt.where(Role.kind == kind)
        if source:
            stmt = stmt.where(Role.source == source)
        return stmt

    def count(self, stmt: Select[Role]) -> int:
        """Rows a select would return."""
        return int(self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)

    def skills(self, role_id: int) -> list[tuple[RoleSkill, Skill]]:
        """The role's skills, essential first, most important first."""
        stmt = (
            select(RoleSkill, Skill)
            .join(Skill, Skill.id == RoleSkill.skill_id)
            .where(RoleSkill.role_id == role_id)
            .order_by(RoleSkill.relation, RoleSkill.importance.desc().nulls_last(), Skill.label)
        )
        return list(self.session.execute(stmt))

    def tasks(self, role_id: int) -> list[Task]:
        """The role's task statements."""
        stmt = select(Task).where(Task.role_id == role_id).order_by(Task.task_type, Task.id)
        return list(self.session.scalars(stmt))

    def task_skills(self, task_ids: Sequence[int]) -> dict[int, list[Skill]]:
        """Skills used by each task."""
        out: dict[int, list[Skill]] = {t: [] for t in task_ids}
        if not task_ids:
            return out
        stmt = (
            select(TaskSkill.task_id, Skill)
            .join(Skill, Skill.id == TaskSkill.skill_id)
            .where(TaskSkill.task_id.in_(list(task_ids)))
        )
        for task_id, skill in self.session.execute(stmt):
            out[task_id].append(skill)
        return out

    def relations(self, role_id: int) -> list[tuple[RoleRelation, Role, str]]:
        """Edges touching a role: (edge, other role, direction)."""
        out: list[tuple[RoleRelation, Role, str]] = []
        for direction, mine, other in (
            ("out", RoleRelation.source_id, RoleRelation.target_id),
            ("in", RoleRelation.target_id, RoleRelation.source_id),
        ):
            stmt = select(RoleRelation, Role).join(Role, Role.id == other).where(mine == role_id)
            out.extend((e, r, direction) for e, r in self.session.execute(stmt))
        return out


class ReleaseRepository:
    """Imported taxonomy releases."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> list[TaxonomyRelease]:
        """Every release, newest first."""
        stmt = select(TaxonomyRelease).order_by(TaxonomyRelease.imported_at.desc())
        return list(self.session.scalars(stmt))

    def label(self) -> str:
        """A short label of what is loaded, e.g. 'esco 1.1.1 + starter 2026.11'."""
        parts = [f"{r.source} {r.version}" for r in self.all()]
        return " + ".join(sorted(parts)) or "none"
