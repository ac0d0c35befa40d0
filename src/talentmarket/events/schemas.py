"""The API shape of an event: a CloudEvents 1.0 JSON object."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
