"""Concepts (skills, roles) of an import written as a diff: insert new, update changed,
deprecate what the source no longer has (never delete), log each change to the feed; and
the links between concepts that follow from them (replacements, `same_as`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from talentmarket.db.base import utcnow
from talentmarket.taxonomy.importers.report import CHUNK, Counts, ImportReport
from talentmarket.taxonomy.importers.repository import ImportStore
from talentmarket.taxonomy.importers.rows import Progress, RoleRow, SkillRow
from talentmarket.taxonomy.models import Role, RoleRelation, Skill, SkillRelation, TaxonomyChange

Change = tuple[int | None, str, str]  # (id, uri, action)


def search_text(*labels: Iterable[str] | str) -> str:
    """Lower-cased labels joined for portable LIKE search."""
    parts: list[str] = []
    for item in labels:
        parts.extend([item] if isinstance(item, str) else item)
    return " | ".join(p.lower() for p in parts if p)


def skill_values(row: SkillRow) -> dict[str, Any]:
    """The stored columns of a skill row."""
    return {
        "kind": row.kind,
        "label": row.label,
        "alt_labels": list(row.alt_labels),
        "hidden_labels": list(row.hidden_labels),
        "description": row.description,
        "skill_type": row.skill_type,
        "reuse_level": row.reuse_level,
        "code": row.code,
        "status": row.status,
        "same_as": list(row.same_as),
        "search_text": search_text(row.label, row.alt_labels, row.hidden_labels),
    }


def role_values(row: RoleRow) -> dict[str, Any]:
    """The stored columns of a role row."""
    return {
        "kind": row.kind,
        "code": row.code,
        "isco_code": row.isco_code,
        "title": row.title,
        "alt_titles": list(row.alt_titles),
        "description": row.description,
        "status": row.status,
        "same_as": list(row.same_as),
        "search_text": search_text(row.title, row.alt_titles, row.code),
    }


def log_changes(store: ImportStore, entity: str, changes: list[Change], release_id: int) -> None:
    """Append an import's changes of one entity to the taxonomy change feed."""
    now = utcnow()
    values: list[dict[str, Any]] = [
        {
            "occurred_at": now,
            "entity": entity,
            "entity_id": entity_id,
            "entity_uri": uri,
            "action": action,
            "release_id": release_id,
            "actor": "import",
            "details": {},
        }
        for entity_id, uri, action in changes
    ]
    store.insert(TaxonomyChange, values)


Stored = dict[str, tuple[int, dict[str, Any], str]]  # uri -> (id, values, source)


class ConceptWriter:
    """Writes one kind of concept (skills or roles) of a release as a diff."""

    def __init__(
        self,
        store: ImportStore,
        progress: Progress,
        name: str,
        model: type[Skill] | type[Role],
        values_of: Callable[[Any], dict[str, Any]],
    ) -> None:
        self.store, self.progress, self.name, self.model = store, progress, name, model
        self.values_of = values_of
        self.entity = name.rstrip("s")
        self.stage = f"{name} and {self.entity} groups"  # one count for both kinds of row

    def write(
        self, rows: Sequence[Any], source: str, release_id: int, report: ImportReport
    ) -> dict[str, int]:
        """Write the rows; returns uri -> id of every concept of this kind."""
        report.counts.setdefault(self.name, Counts())
        columns = list(self.values_of(rows[0]).keys()) if rows else []
        existing = self._stored(columns)
        inserts, updates, changes, seen = self._diff(rows, existing, source, release_id, report)
        self.store.insert(self.model, inserts)
        self.store.update(self.model, updates)
        if rows:
            changes += self._deprecate_missing(existing, seen, source, report)
        ids = {uri: ident for uri, (ident, _v, _o) in existing.items()}
        changes += self._created_ids(inserts, ids)
        log_changes(self.store, self.entity, changes, release_id)
        self.progress(self.stage, len(rows), len(rows))
        return ids

    def _bucket(self, report: ImportReport, kind: str, status: str) -> Counts:
        key = f"{self.entity}_groups" if kind == "group" else self.name
        if status == "placeholder":
            key = f"placeholder_{self.name}"
        return report.counts.setdefault(key, Counts())

    def _stored(self, columns: list[str]) -> Stored:
        model = self.model
        select_cols = [model.id, model.uri, model.source, *(getattr(model, c) for c in columns)]
        return {
            found[1]: (found[0], dict(zip(columns, found[3:], strict=True)), found[2])
            for found in self.store.rows(*select_cols)
        }

    def _governed(self) -> set[int]:
        """Skills an admin replaced: their status is the admin's, not the source's."""
        if self.model is not Skill:
            return set()
        return set(self.store.replacements())

    def _diff(
        self,
        rows: Sequence[Any],
        existing: Stored,
        source: str,
        release_id: int,
        report: ImportReport,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Change], set[str]]:
        """Rows to insert, rows to update, the updates as changes, and the uris seen."""
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        changes: list[Change] = []
        seen: set[str] = set()
        now, governed = utcnow(), self._governed()
        for i, row in enumerate(rows):
            if row.uri in seen:
                continue
            seen.add(row.uri)
            values = self.values_of(row)
            counts = self._bucket(report, row.kind, row.status)
            current = existing.get(row.uri)
            if current is not None and current[0] in governed:
                values["status"] = current[1]["status"]
            if current is None:
                inserts.append(
                    {"uri": row.uri, "source": source, "release_id": release_id, **values}
                )
                counts.created += 1
            elif current[1] != values:
                updates.append(
                    {"id": current[0], "release_id": release_id, "updated_at": now, **values}
                )
                changes.append((current[0], row.uri, "updated"))
                counts.updated += 1
            else:
                counts.unchanged += 1
            if i % CHUNK == 0:
                self.progress(self.stage, i, len(rows))
        return inserts, updates, changes, seen

    def _deprecate_missing(
        self, existing: Stored, seen: set[str], source: str, report: ImportReport
    ) -> list[Change]:
        """Concepts of this source missing from the release: deprecated, never deleted."""
        gone = [
            (ident, uri)
            for uri, (ident, values, owner) in existing.items()
            if owner == source and uri not in seen and values.get("status") == "active"
        ]
        if not gone:
            return []
        now = utcnow()
        self.store.update(
            self.model,
            [{"id": ident, "status": "deprecated", "updated_at": now} for ident, _ in gone],
        )
        for _ident, uri in gone:
            self._bucket(report, existing[uri][1].get("kind", "skill"), "active").removed += 1
        return [(ident, uri, "deprecated") for ident, uri in gone]

    def _created_ids(self, inserts: list[dict[str, Any]], ids: dict[str, int]) -> list[Change]:
        """Add the new concepts' ids to `ids`; their creations as changes."""
        if not inserts:
            return []
        new_uris = {r["uri"] for r in inserts}
        created: list[Change] = []
        for ident, uri in self.store.rows(self.model.id, self.model.uri):
            if uri in new_uris:
                ids[uri] = ident
                created.append((ident, uri, "created"))
        return created


def follow_replacements(store: ImportStore, skill_ids: dict[str, int]) -> dict[str, int]:
    """uri -> id of the skill that stands for it now (its replacement, if deprecated)."""
    replaced = store.replacements()
    if not replaced:
        return skill_ids

    def final(ident: int) -> int:
        seen = {ident}
        while ident in replaced and replaced[ident] not in seen:
            ident = replaced[ident]
            seen.add(ident)
        return ident

    return {uri: final(ident) for uri, ident in skill_ids.items()}


def link_same_as(store: ImportStore) -> int:
    """Create 'same_as' edges for concepts that declare an equivalent URI now loaded."""
    created = 0
    for model, edge_model in ((Skill, SkillRelation), (Role, RoleRelation)):
        uri_to_id = store.mapping(model.uri, model.id)
        existing = {
            (s, t)
            for s, t in store.rows(
                edge_model.source_id, edge_model.target_id, where=edge_model.relation == "same_as"
            )
        }
        new = []
        for ident, same in store.rows(model.id, model.same_as):
            for uri in same or ():
                target = uri_to_id.get(uri)
                if target is None or target == ident or (ident, target) in existing:
                    continue
                existing.add((ident, target))
                new.append(
                    {
                        "source_id": ident,
                        "target_id": target,
                        "relation": "same_as",
                        "weight": 1.0,
                        "origin": "crosswalk",
                    }
                )
        store.insert(edge_model, new)
        created += len(new)
    return created
