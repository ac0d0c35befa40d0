"""What the privacy routes answer."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErasureReport(BaseModel):
    """What an erasure did; nothing in it identifies the person."""

    erased: bool
    decisions_kept_anonymised: int = Field(
        description="decisions about the person kept without them, for the counts"
    )
    vectors_deleted: int
    audit_rows_anonymised: int = Field(
        description="audit rows the person was taken out of (the rows stay)"
    )
