"""Reads of skills and their edges."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import chunks, where_in
from talentmarket.errors import MalformedInput, NotFound
from talentmarket.taxonomy.models import (
    Skill,
    SkillRelation,
)
from talentmarket.taxonomy.repository.common import SkillRef, by_ids, like_term


def skill_search_order(q: str | None) -> list[Any]:
    """The ORDER BY of a lexical skill search (see `search_page`)."""
    if not q:
        order: list[Any] = [Skill.label, Skill.id]
    else:
        term = q.lower()
        label = func.lower(Skill.label)
        rank = case(
            (label == term, 0),
            (label.like(f"{term} (%"), 1),
            (label.startswith(term, autoescape=True), 2),
            (label.contains(term, autoescape=True), 3),
            else_=4,
        )
        order = [rank, func.length(Skill.label), Skill.id]
    return order


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
        return by_ids(self.session, Skill, ids)

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
            stmt = stmt.where(Skill.search_text.like(like_term(q), escape="\\"))
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

    def search_page(
        self, stmt: Select[Skill], q: str | None, offset: int, limit: int
    ) -> list[Skill]:
        """A window of a skill query, best lexical match of `q` first: the exact label,
        a qualified label ("python (computer programming)"), a prefix, a substring; then
        shorter labels first."""
        order = skill_search_order(q)
        return list(self.session.scalars(stmt.order_by(*order).offset(offset).limit(limit)))

    def lexical_ids(self, stmt: Select[Skill], q: str, limit: int) -> list[int]:
        """Ids of the best lexical matches of a skill query, best first."""
        ids = stmt.with_only_columns(Skill.id).order_by(*skill_search_order(q)).limit(limit)
        return list(self.session.scalars(ids))

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
