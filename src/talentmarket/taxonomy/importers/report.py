"""What an import did: counts per kind of record, notes, and the chunk size of its writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CHUNK = 5000


@dataclass
class Counts:
    """What one import did to one kind of record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        """Records of this kind that the source now defines."""
        return self.created + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        """True when anything was written."""
        return bool(self.created or self.updated or self.removed)


@dataclass
class ImportReport:
    """Counts per kind of record, and notes about the source data."""

    source: str
    version: str
    counts: dict[str, Counts] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    release_id: int | None = None

    @property
    def changed(self) -> bool:
        """True when the import wrote anything."""
        return any(c.changed for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly summary."""
        return {
            "source": self.source,
            "version": self.version,
            "changed": self.changed,
            "counts": {k: vars(v) | {"total": v.total} for k, v in self.counts.items()},
            "notes": self.notes,
        }
