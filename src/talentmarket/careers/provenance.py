"""The provenance of a careers answer, in the one `Provenance` shape every AI answer uses."""

from __future__ import annotations

from sqlalchemy.orm import Session

from talentmarket.runtime import Runtime
from talentmarket.shapes import Provenance
from talentmarket.taxonomy.service import release_label


def careers_provenance(session: Session, runtime: Runtime, method: str) -> Provenance:
    """Model and taxonomy release behind a careers answer, and how it was computed."""
    return Provenance(
        model=runtime.encoder.model_id,
        taxonomy_release=release_label(session, runtime),
        method=method,
    )
