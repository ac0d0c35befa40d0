"""Write imported rows into the database as diffs: insert new, update changed, keep the rest.

Every import runs in the caller's one transaction. Concepts (skills, roles, tasks) that a
newer release no longer has are marked deprecated, never deleted, so nothing that refers to
them breaks; edges a source owns are replaced by the source's current edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.db.versions import bump_version
from talentmarket.errors import ImportFormatError
from talentmarket.events import service as events
from talentmarket.taxonomy.importers.concepts import (
    ConceptWriter,
    follow_replacements,
    link_same_as,
    role_values,
    skill_values,
)
from talentmarket.taxonomy.importers.report import Counts, ImportReport
from talentmarket.taxonomy.importers.repository import ImportStore
from talentmarket.taxonomy.importers.rows import (
    EdgeRow,
    Progress,
    RoleRow,
    RoleSkillRow,
    TaxonomyRows,
    no_progress,
)
from talentmarket.taxonomy.models import (
    Role,
    RoleRelation,
    RoleSkill,
    Skill,
    SkillRelation,
    Task,
    TaskActivity,
    TaskSkill,
    WorkActivity,
)


class TaxonomyWriter:
    """Applies TaxonomyRows to the database for one source release."""

    def __init__(self, session: Session, progress: Progress = no_progress) -> None:
        self.session = session
        self.store = ImportStore(session)
        self.progress = progress

    # -- entry point -------------------------------------------------------------------
    def write(self, rows: TaxonomyRows) -> ImportReport:
        """Write all rows; returns counts. Raises ImportFormatError on dangling references."""
        report = ImportReport(rows.source, rows.version, notes=list(rows.notes))
        release, new_release = self.store.release(rows.source, rows.version)
        report.release_id = release.id
        skill_ids = ConceptWriter(self.store, self.progress, "skills", Skill, skill_values).write(
            rows.skills, rows.source, release.id, report
        )
        role_ids = ConceptWriter(self.store, self.progress, "roles", Role, role_values).write(
            rows.roles, rows.source, release.id, report
        )
        self._role_parents(rows.roles, role_ids)
        # Skills an admin deprecated with a replacement stay so: links the source gives
        # them go to the replacement, so a re-import never undoes a governance decision.
        linked_skills = follow_replacements(self.store, skill_ids)
        self._edges(
            "skill_relations",
            SkillRelation.__table__,  # type: ignore[arg-type]
            rows.skill_edges,
            linked_skills,
            linked_skills,
            rows.source,
            report,
        )
        self._edges(
            "role_relations",
            RoleRelation.__table__,  # type: ignore[arg-type]
            rows.role_edges,
            role_ids,
            role_ids,
            rows.source,
            report,
        )
        self._role_skills(rows.role_skills, role_ids, linked_skills, rows.source, report)
        task_ids = self._tasks(rows, role_ids, release.id, report)
        activity_ids = self._activities(rows, report)
        self._plain_links(
            "task_skills", TaskSkill, rows.task_skills, task_ids, linked_skills, report
        )
        self._plain_links(
            "task_activities", TaskActivity, rows.task_activities, task_ids, activity_ids, report
        )
        links = link_same_as(self.store)
        if links:
            report.notes.append(f"linked {links} equivalent concepts across taxonomies")
        # a new release changes what answers name as their taxonomy, even with no new rows
        if report.changed or links or new_release:
            release.counts = {k: v.total for k, v in report.counts.items()}
            release.checksum = rows.checksum
            release.imported_at = utcnow()
            version = bump_version(self.session, "taxonomy")
            states = {"source": rows.source, "release": rows.version, "counts": release.counts}
            events.record_changed(
                self.session, "taxonomy.release_imported", ("release", release.id), version, states
            )
        self.session.flush()
        return report

    # -- role hierarchy ------------------------------------------------------------------
    def _role_parents(self, rows: Sequence[RoleRow], role_ids: dict[str, int]) -> None:
        wanted: dict[int, int | None] = {}
        for row in rows:
            if not row.parent_uri:
                wanted[role_ids[row.uri]] = None
                continue
            parent = role_ids.get(row.parent_uri)
            if parent is None:
                raise ImportFormatError(row.uri, 0, f"unknown parent role {row.parent_uri}")
            wanted[role_ids[row.uri]] = parent
        current = self.store.mapping(Role.id, Role.parent_id)
        changes = [{"id": i, "parent_id": p} for i, p in wanted.items() if current.get(i) != p]
        self.store.update(Role, changes)

    # -- edges ---------------------------------------------------------------------------
    def _edges(
        self,
        name: str,
        table: Table,
        rows: Sequence[EdgeRow],
        source_ids: dict[str, int],
        target_ids: dict[str, int],
        origin: str,
        report: ImportReport,
    ) -> None:
        counts = report.counts.setdefault(name, Counts())
        wanted: dict[tuple[int, int, str], float] = {}
        for row in rows:
            src, tgt = source_ids.get(row.source_uri), target_ids.get(row.target_uri)
            if src is None or tgt is None:
                missing = row.source_uri if src is None else row.target_uri
                raise ImportFormatError(name, 0, f"edge refers to unknown concept {missing}")
            if src != tgt:
                wanted[(src, tgt, row.relation)] = row.weight
        c = table.c
        existing = {
            (r.source_id, r.target_id, r.relation): (r.id, r.weight)
            for r in self.store.rows(
                c.id, c.source_id, c.target_id, c.relation, c.weight, where=c.origin == origin
            )
        }
        self._apply_edge_diff(table, wanted, existing, counts, origin, name)

    def _apply_edge_diff(
        self,
        table: Table,
        wanted: dict[tuple[int, int, str], float],
        existing: dict[tuple[int, int, str], tuple[int, float]],
        counts: Counts,
        origin: str,
        name: str,
    ) -> None:
        inserts = [
            {"source_id": s, "target_id": t, "relation": r, "weight": w, "origin": origin}
            for (s, t, r), w in wanted.items()
            if (s, t, r) not in existing
        ]
        updates: list[dict[str, Any]] = [
            {"id": existing[k][0], "weight": w}
            for k, w in wanted.items()
            if k in existing and abs(existing[k][1] - w) > 1e-9
        ]
        removed = [ident for k, (ident, _w) in existing.items() if k not in wanted]
        self.store.insert(table, inserts, lambda done, n: self.progress(name, done, n))
        self.store.update_table(table, updates)
        self.store.delete(table, removed)
        counts.created += len(inserts)
        counts.updated += len(updates)
        counts.removed += len(removed)
        counts.unchanged += len(wanted) - len(inserts) - len(updates)

    def _role_skills(
        self,
        rows: Sequence[RoleSkillRow],
        role_ids: dict[str, int],
        skill_ids: dict[str, int],
        origin: str,
        report: ImportReport,
    ) -> None:
        counts = report.counts.setdefault("role_skills", Counts())
        wanted: dict[tuple[int, int], dict[str, Any]] = {}
        for row in rows:
            role, skill = role_ids.get(row.role_uri), skill_ids.get(row.skill_uri)
            if role is None or skill is None:
                missing = row.role_uri if role is None else row.skill_uri
                raise ImportFormatError("role_skills", 0, f"refers to unknown concept {missing}")
            wanted[(role, skill)] = {
                "relation": row.relation,
                "importance": row.importance,
                "level": row.level,
                "source_level": row.source_level,
            }
        existing: dict[tuple[int, int], tuple[int, dict[str, Any]]] = {}
        for r in self.store.rows(RoleSkill.__table__, where=RoleSkill.origin == origin):
            values = {
                "relation": r.relation,
                "importance": r.importance,
                "level": r.level,
                "source_level": r.source_level,
            }
            existing[(r.role_id, r.skill_id)] = (r.id, values)
        inserts = [
            {"role_id": k[0], "skill_id": k[1], "origin": origin, **v}
            for k, v in wanted.items()
            if k not in existing
        ]
        updates = [
            {"id": existing[k][0], **v}
            for k, v in wanted.items()
            if k in existing and existing[k][1] != v
        ]
        removed = [ident for k, (ident, _v) in existing.items() if k not in wanted]
        self.store.insert(RoleSkill, inserts, lambda done, n: self.progress("role_skills", done, n))
        self.store.update(RoleSkill, updates)
        self.store.delete(RoleSkill, removed)
        counts.created += len(inserts)
        counts.updated += len(updates)
        counts.removed += len(removed)
        counts.unchanged += len(wanted) - len(inserts) - len(updates)

    # -- tasks and activities ------------------------------------------------------------
    def _tasks(
        self, rows: TaxonomyRows, role_ids: dict[str, int], release_id: int, report: ImportReport
    ) -> dict[str, int]:
        counts = report.counts.setdefault("tasks", Counts())
        existing = {
            r.uri: (r.id, (r.role_id, r.statement, r.task_type, r.source))
            for r in self.store.rows(
                Task.id, Task.uri, Task.role_id, Task.statement, Task.task_type, Task.source
            )
        }
        inserts, updates = [], []
        for row in rows.tasks:
            role = role_ids.get(row.role_uri)
            if role is None:
                raise ImportFormatError("tasks", 0, f"task {row.uri} refers to unknown role")
            values = (role, row.statement, row.task_type, rows.source)
            current = existing.get(row.uri)
            if current is None:
                inserts.append(
                    {
                        "uri": row.uri,
                        "role_id": role,
                        "statement": row.statement,
                        "task_type": row.task_type,
                        "source": rows.source,
                        "release_id": release_id,
                    }
                )
            elif current[1] != values:
                updates.append(
                    {
                        "id": current[0],
                        "role_id": role,
                        "statement": row.statement,
                        "task_type": row.task_type,
                        "release_id": release_id,
                    }
                )
            else:
                counts.unchanged += 1
        self.store.insert(Task, inserts)
        self.store.update(Task, updates)
        counts.created += len(inserts)
        counts.updated += len(updates)
        if not inserts:
            return {uri: v[0] for uri, v in existing.items()}
        return self.store.mapping(Task.uri, Task.id)

    def _activities(self, rows: TaxonomyRows, report: ImportReport) -> dict[str, int]:
        counts = report.counts.setdefault("work_activities", Counts())
        existing = {
            r.uri: (r.id, (r.title, r.code, r.parent_code, r.parent_title))
            for r in self.store.rows(WorkActivity.__table__)
        }
        inserts, updates = [], []
        for row in rows.activities:
            values = (row.title, row.code, row.parent_code, row.parent_title)
            current = existing.get(row.uri)
            record = {
                "title": row.title,
                "code": row.code,
                "parent_code": row.parent_code,
                "parent_title": row.parent_title,
            }
            if current is None:
                inserts.append({"uri": row.uri, "source": rows.source, **record})
            elif current[1] != values:
                updates.append({"id": current[0], **record})
            else:
                counts.unchanged += 1
        self.store.insert(WorkActivity, inserts)
        self.store.update(WorkActivity, updates)
        counts.created += len(inserts)
        counts.updated += len(updates)
        return self.store.mapping(WorkActivity.uri, WorkActivity.id)

    def _plain_links(
        self,
        name: str,
        model: type[TaskSkill] | type[TaskActivity],
        rows: Sequence[EdgeRow],
        task_ids: dict[str, int],
        target_ids: dict[str, int],
        report: ImportReport,
    ) -> None:
        counts = report.counts.setdefault(name, Counts())
        if not rows:
            return
        target_col = "skill_id" if model is TaskSkill else "activity_id"
        wanted: dict[tuple[int, int], float] = {}
        for row in rows:
            task, target = task_ids.get(row.source_uri), target_ids.get(row.target_uri)
            if task is None or target is None:
                missing = row.source_uri if task is None else row.target_uri
                raise ImportFormatError(name, 0, f"link refers to unknown concept {missing}")
            wanted[(task, target)] = row.weight
        tasks = {t for t, _ in wanted}
        table: Table = model.__table__  # type: ignore[assignment]
        existing: dict[tuple[int, int], int] = {}
        for r in self.store.rows(table.c.id, table.c.task_id, table.c[target_col]):
            if r[1] in tasks:
                existing[(r[1], r[2])] = r[0]
        inserts = []
        for (task, target), weight in wanted.items():
            if (task, target) in existing:
                continue
            record: dict[str, Any] = {"task_id": task, target_col: target}
            if model is TaskSkill:
                record["weight"] = weight
            inserts.append(record)
        removed = [ident for key, ident in existing.items() if key not in wanted]
        self.store.insert(table, inserts)
        self.store.delete(table, removed)
        counts.created += len(inserts)
        counts.removed += len(removed)
        counts.unchanged += len(wanted) - len(inserts)
