"""The ``Store`` protocol: what every storage backend provides.

A backend is chosen by URL at the edge (:func:`cxloop.store.open_store`); the
rest of cxloop sees only this protocol. Ingestion runs inside one
:class:`IngestTransaction` per batch, so a batch's events and the profile
changes they cause commit together or not at all: a commit is durable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NamedTuple, Protocol, get_args

import pyarrow as pa

from cxloop.model import Profile
from cxloop.store.engine_rows import EngineBatch, EngineInputs, OutboxRow, PendingRow

__all__ = [
    "EXPORT_KINDS",
    "ApiKeyRecord",
    "AttributeRow",
    "CounterRow",
    "CustomerRef",
    "CustomerRow",
    "EventRow",
    "IdentityRow",
    "IngestTransaction",
    "MergeRow",
    "Store",
    "StoreBatch",
]

ExportKind = Literal["events", "customers", "decisions", "actions", "invitations", "cases", "signals", "outbox"]
#: Every export kind, in the order help texts list them.
EXPORT_KINDS: tuple[str, ...] = get_args(ExportKind)


@dataclass(frozen=True, slots=True)
class CustomerRef:
    """What identity resolution needs to know of a stored customer."""

    customer_id: str
    given: bool  # the id was sent as customer_id (not derived from an identity)
    first_seen: datetime


class EventRow(NamedTuple):
    event_id: str
    customer_id: str
    type: str
    occurred_at: datetime
    received_at: datetime
    touchpoint: str | None
    channel: str | None
    source: str
    purpose: str
    identities: str | None  # JSON text
    properties: str | None  # JSON text
    text: str | None
    nps: int | None
    csat: int | None
    ces: int | None
    survey: str | None


class CustomerRow(NamedTuple):
    customer_id: str
    given: bool
    created_at: datetime
    first_seen: datetime
    last_seen: datetime
    event_count: int


class IdentityRow(NamedTuple):
    kind: str
    value: str
    customer_id: str
    source: str
    purpose: str
    event_id: str
    first_seen: datetime


class AttributeRow(NamedTuple):
    customer_id: str
    kind: Literal["descriptive", "attitudinal"]
    name: str
    value: str  # JSON text
    source: str
    purpose: str
    event_id: str
    updated_at: datetime


class CounterRow(NamedTuple):
    customer_id: str
    dimension: str  # type | channel | touchpoint | source | purpose
    value: str
    occurrences: int  # `count` would shadow tuple.count
    first_at: datetime
    last_at: datetime


class MergeRow(NamedTuple):
    survivor_id: str
    merged_id: str
    merged_at: datetime
    event_id: str
    reason: str


# Rows are NamedTuples: they go to the database as plain tuples, with no copy.


@dataclass(slots=True)
class StoreBatch:
    """Everything one ingest batch changes, already aggregated per key."""

    events: list[EventRow] = field(default_factory=list)
    customers: list[CustomerRow] = field(default_factory=list)
    identities: list[IdentityRow] = field(default_factory=list)
    attributes: list[AttributeRow] = field(default_factory=list)
    counters: list[CounterRow] = field(default_factory=list)
    merges: list[MergeRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    key_id: str
    name: str
    scopes: tuple[str, ...]
    secret_hash: str
    created_at: datetime
    revoked_at: datetime | None = None


class IngestTransaction(Protocol):
    """One open write transaction; changes are visible to others after commit."""

    def existing_event_ids(self, event_ids: Sequence[str]) -> set[str]: ...

    def lookup_identities(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], CustomerRef]: ...

    def apply(self, batch: StoreBatch) -> None: ...

    def engine_meta(self) -> dict[str, str]: ...

    def engine_inputs(self, customer_ids: Sequence[str]) -> EngineInputs: ...

    def due_customers(self, until: datetime) -> list[str]: ...

    def pending_until(self, until: datetime) -> list[PendingRow]: ...

    def overdue_cases(self, until: datetime) -> list[tuple[str, str, str, str, datetime]]: ...

    def apply_engine(self, batch: EngineBatch) -> None: ...


class Store(Protocol):
    """A storage backend. Implementations: DuckDB (embedded) and PostgreSQL."""

    backend: str
    url: str

    def migrate(self) -> int: ...

    def schema_version(self) -> int: ...

    def close(self) -> None: ...

    def ingest_transaction(self) -> AbstractContextManager[IngestTransaction]: ...

    def counts(self) -> dict[str, int]: ...

    def get_profile(self, customer_id: str) -> Profile | None: ...

    def export(self, kind: ExportKind, batch_rows: int = 50_000) -> Iterator[pa.RecordBatch]: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> pa.Table: ...

    def update_case(self, case_id: str, changes: dict[str, Any], at: datetime) -> bool: ...

    def due_outbox(self, now: datetime, limit: int = 100) -> list[OutboxRow]: ...

    def mark_outbox(
        self, action_id: str, status: str, attempts: int, next_attempt_at: datetime | None, error: str | None,
        delivered_at: datetime | None,
    ) -> None: ...  # fmt: skip

    def add_api_key(self, record: ApiKeyRecord) -> None: ...

    def get_api_key(self, key_id: str) -> ApiKeyRecord | None: ...

    def list_api_keys(self) -> list[ApiKeyRecord]: ...

    def revoke_api_key(self, key_id: str, at: datetime) -> bool: ...
