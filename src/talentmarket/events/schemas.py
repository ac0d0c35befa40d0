"""The API shape of an event: a CloudEvents 1.0 JSON object."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# every event type, without the org.talentmarket. prefix (events.service.TYPES tells each)
EventType = Literal[
    "employee.created",
    "employee.updated",
    "employee.skills_changed",
    "employee.erased",
    "opening.opened",
    "opening.changed",
    "opening.closed",
    "taxonomy.release_imported",
    "skill.deprecated",
    "skill.merged",
    "decision.recorded",
    "interest.expressed",
    "approval.requested",
    "approval.answered",
]


class EventRead(BaseModel):
    """One event in CloudEvents 1.0 structured JSON."""

    model_config = ConfigDict(extra="allow")

    specversion: str = Field(description="always 1.0")
    id: str = Field(description="unique per event; a redelivery repeats it")
    source: str
    type: str = Field(description="org.talentmarket.<what>.<happened>")
    subject: str = Field(description="the resource, e.g. openings/12/decisions/5")
    time: str = Field(description="when it happened, RFC 3339 UTC")
    datacontenttype: str
    sequence: str = Field(description="position in the outbox; page on with the cursor")
    data: dict[str, Any] = Field(description="ids and states only: no names, no free text")
