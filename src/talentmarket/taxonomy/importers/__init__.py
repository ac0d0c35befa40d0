"""Taxonomy importers: ESCO, O*NET and the project's starter taxonomy."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session

from talentmarket.errors import InvalidRequest
from talentmarket.taxonomy.importers.report import ImportReport
from talentmarket.taxonomy.importers.rows import Progress, TaxonomyRows, no_progress
from talentmarket.taxonomy.importers.writer import TaxonomyWriter

Source = Literal["esco", "onet", "starter"]
SOURCES: tuple[Source, ...] = ("esco", "onet", "starter")


def read_source(
    source: Source, path: Path | None, progress: Progress = no_progress, version: str | None = None
) -> TaxonomyRows:
    """Parse a source folder into rows (no database access)."""
    if source == "esco":
        from talentmarket.taxonomy.importers.esco import read_esco

        if path is None:
            raise InvalidRequest("the ESCO importer needs the path of the ESCO CSV folder")
        return read_esco(path, progress, version)
    if source == "onet":
        from talentmarket.taxonomy.importers.onet import read_onet

        if path is None:
            raise InvalidRequest("the O*NET importer needs the path of the O*NET text folder")
        return read_onet(path, progress, version)
    from talentmarket.taxonomy.importers.starter import read_starter

    return read_starter(path, version)


def import_taxonomy(
    session: Session,
    source: Source,
    path: Path | None,
    progress: Progress = no_progress,
    version: str | None = None,
) -> ImportReport:
    """Parse and write one taxonomy into the session's transaction (caller commits)."""
    rows = read_source(source, path, progress, version)
    return TaxonomyWriter(session, progress).write(rows)


__all__ = ["SOURCES", "ImportReport", "Source", "import_taxonomy", "read_source"]
