"""The customer profile, split into the four kinds of customer data.

Each attribute carries its provenance (which source, for which purpose, from
which event) so that the data-use cycle can be enforced on it later.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = ["DATA_KINDS", "Attribute", "Behaviour", "IdentityLink", "Merge", "Profile", "ScoreRecord"]

DataKind = Literal["identity", "descriptive", "attitudinal", "behavioural"]
#: The four kinds of customer data.
DATA_KINDS: tuple[DataKind, ...] = ("identity", "descriptive", "attitudinal", "behavioural")


class Provenance(BaseModel):
    """Where a data item came from and why it is held."""

    source: str
    purpose: str
    event_id: str | None = None


class IdentityLink(Provenance):
    """One identifier (email, phone, device id, ...) linked to a customer."""

    kind: str
    value: str
    first_seen: datetime


class Attribute(Provenance):
    """A descriptive or attitudinal attribute with its provenance."""

    value: Any
    updated_at: datetime


class ScoreRecord(Provenance):
    """One survey score in a customer's attitudinal history."""

    metric: Literal["nps", "csat", "ces"]
    value: int
    occurred_at: datetime
    touchpoint: str | None = None
    channel: str | None = None


class Behaviour(BaseModel):
    """Behavioural counters derived from the event log."""

    event_count: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    by_type: dict[str, int] = Field(default_factory=dict)
    by_channel: dict[str, int] = Field(default_factory=dict)
    by_touchpoint: dict[str, int] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    purposes: list[str] = Field(default_factory=list)


class Merge(BaseModel):
    """A record that two profiles were found to be one customer."""

    survivor_id: str
    merged_id: str
    merged_at: datetime
    event_id: str
    reason: str


class Profile(BaseModel):
    """A customer's whole profile, as returned by ``GET /v1/customers/{id}``."""

    customer_id: str
    aliases: list[str] = Field(default_factory=list, description="ids merged into this customer")
    identity: list[IdentityLink] = Field(default_factory=list)
    descriptive: dict[str, Attribute] = Field(default_factory=dict)
    attitudinal: dict[str, Attribute] = Field(default_factory=dict)
    attitudinal_history: list[ScoreRecord] = Field(default_factory=list)
    behavioural: Behaviour = Field(default_factory=Behaviour)
    merges: list[Merge] = Field(default_factory=list)
