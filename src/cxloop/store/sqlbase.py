"""SQL shared by the DuckDB and PostgreSQL stores.

Both backends run the same statements; only how a batch reaches the database
(an Arrow view on DuckDB, ``COPY`` into a temporary table on PostgreSQL) and the
parameter style differ. Keeping one copy of the SQL is what makes the contract
suite meaningful: a behaviour that passes on one backend runs the same text on
the other.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import orjson
import pyarrow as pa

from cxloop.errors import CxloopError
from cxloop.model import Attribute, Behaviour, IdentityLink, Merge, Profile, ScoreRecord
from cxloop.store import engine_sql
from cxloop.store._upserts import LATEST_WINS, MERGE_COLUMNS, MERGE_STATEMENTS
from cxloop.store.engine_rows import EngineBatch, EngineInputs, OutboxRow, PendingRow
from cxloop.store.protocol import (
    ApiKeyRecord,
    CustomerRef,
    ExportKind,
    StoreBatch,
)
from cxloop.store.schema import MIGRATIONS, render

__all__ = ["Column", "SqlStore"]

Column = tuple[str, str]  # name, SQL type (TEXT, TIMESTAMPTZ, BIGINT, BOOLEAN, SMALLINT)

_EVENT_COLUMNS: list[Column] = [
    ("event_id", "TEXT"), ("customer_id", "TEXT"), ("type", "TEXT"), ("occurred_at", "TIMESTAMPTZ"),
    ("received_at", "TIMESTAMPTZ"), ("touchpoint", "TEXT"), ("channel", "TEXT"), ("source", "TEXT"),
    ("purpose", "TEXT"), ("identities", "TEXT"), ("properties", "TEXT"), ("text", "TEXT"),
    ("nps", "SMALLINT"), ("csat", "SMALLINT"), ("ces", "SMALLINT"), ("survey", "TEXT"),
]  # fmt: skip
_CUSTOMER_COLUMNS: list[Column] = [
    ("customer_id", "TEXT"), ("given", "BOOLEAN"), ("created_at", "TIMESTAMPTZ"),
    ("first_seen", "TIMESTAMPTZ"), ("last_seen", "TIMESTAMPTZ"), ("event_count", "BIGINT"),
]  # fmt: skip
_IDENTITY_COLUMNS: list[Column] = [
    ("kind", "TEXT"), ("value", "TEXT"), ("customer_id", "TEXT"), ("source", "TEXT"),
    ("purpose", "TEXT"), ("event_id", "TEXT"), ("first_seen", "TIMESTAMPTZ"),
]  # fmt: skip
_ATTRIBUTE_COLUMNS: list[Column] = [
    ("customer_id", "TEXT"), ("kind", "TEXT"), ("name", "TEXT"), ("value", "TEXT"), ("source", "TEXT"),
    ("purpose", "TEXT"), ("event_id", "TEXT"), ("updated_at", "TIMESTAMPTZ"),
]  # fmt: skip
_COUNTER_COLUMNS: list[Column] = [
    ("customer_id", "TEXT"), ("dimension", "TEXT"), ("value", "TEXT"), ("count", "BIGINT"),
    ("first_at", "TIMESTAMPTZ"), ("last_at", "TIMESTAMPTZ"),
]  # fmt: skip

_EXPORT_SQL: dict[str, str] = {
    "events": (
        "SELECT event_id, customer_id, type, occurred_at, received_at, touchpoint, channel, source, purpose,"
        " CAST(identities AS TEXT) AS identities, CAST(properties AS TEXT) AS properties, text"
        " FROM events ORDER BY occurred_at, event_id"
    ),
    "customers": (
        "SELECT c.customer_id, c.first_seen, c.last_seen, c.event_count,"
        " (SELECT count(*) FROM identities i WHERE i.customer_id = c.customer_id) AS identity_count"
        " FROM customers c WHERE c.merged_into IS NULL ORDER BY c.customer_id"
    ),
}


class SqlStore(ABC):
    """A store over one SQL connection; subclasses supply the driver glue."""

    backend: str
    url: str

    # -- driver glue -------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _stage(self, name: str, columns: list[Column], rows: Sequence[tuple[Any, ...]]) -> None:
        """Make ``rows`` readable as relation ``name`` inside the open transaction."""

    @abstractmethod
    def _unstage(self, name: str) -> None: ...

    @abstractmethod
    @contextmanager
    def _transaction(self) -> Iterator[None]: ...

    @abstractmethod
    def _arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table: ...

    @abstractmethod
    def _arrow_batches(self, sql: str, batch_rows: int) -> Iterator[pa.RecordBatch]: ...

    def _json(self, value: Any) -> Any:
        """A JSON column's value as Python data (drivers differ in what they return)."""
        if value is None or not isinstance(value, str | bytes):
            return value
        return orjson.loads(value)

    def _skip_statement(self, statement: str) -> bool:
        return False

    def _run_staged(self, name: str, columns: list[Column], rows: Sequence[tuple[Any, ...]], *sql: str) -> None:
        """Stage ``rows`` as relation ``name``, run ``sql`` against it, drop it; nothing when there are no rows."""
        if not rows:
            return
        self._stage(name, columns, rows)
        try:
            for statement in sql:
                self._execute(statement)
        finally:
            self._unstage(name)

    # -- schema ------------------------------------------------------------
    def schema_version(self) -> int:
        self._execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
        )
        rows = self._fetchall("SELECT max(version) FROM schema_migrations")
        return int(rows[0][0] or 0)

    def migrate(self) -> int:
        """Apply every migration newer than the database; return the version now."""
        current = self.schema_version()
        known = MIGRATIONS[-1].version
        if current > known:
            raise CxloopError(
                f"the store at {self.url} has schema version {current}, newer than this cxloop knows"
                f" ({known}); upgrade cxloop"
            )
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self._transaction():
                for statement in migration.statements:
                    if not self._skip_statement(statement):
                        self._execute(render(statement, self.backend))
                self._execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, CURRENT_TIMESTAMP)",
                    (migration.version, migration.name),
                )
        return known

    # -- ingest ------------------------------------------------------------
    @contextmanager
    def ingest_transaction(self) -> Iterator[SqlIngestTransaction]:
        with self._transaction():
            self._lock_for_ingest()
            yield SqlIngestTransaction(self)

    def _lock_for_ingest(self) -> None:  # noqa: B027 - a hook: only multi-writer backends lock
        """Serialise concurrent ingest writers (a no-op where one process writes)."""

    # -- reads -------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        row = self._fetchall(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM customers WHERE merged_into IS NULL),"
            " (SELECT count(*) FROM responses), (SELECT count(*) FROM merges)"
        )[0]
        return {
            "events": int(row[0]),
            "customers": int(row[1]),
            "responses": int(row[2]),
            "merges": int(row[3]),
        }

    def resolve_customer_id(self, customer_id: str) -> str | None:
        rows = self._fetchall("SELECT customer_id, merged_into FROM customers WHERE customer_id = ?", (customer_id,))
        if not rows:
            return None
        return str(rows[0][1] or rows[0][0])

    def get_profile(self, customer_id: str) -> Profile | None:
        resolved = self.resolve_customer_id(customer_id)
        if resolved is None:
            return None
        cid = resolved
        row = self._fetchall("SELECT event_count, first_seen, last_seen FROM customers WHERE customer_id = ?", (cid,))[
            0
        ]
        behaviour = Behaviour(event_count=int(row[0]), first_seen=row[1], last_seen=row[2])
        for dimension, value, count in self._fetchall(
            "SELECT dimension, value, count FROM counters WHERE customer_id = ? ORDER BY dimension, value",
            (cid,),
        ):
            if dimension == "type":
                behaviour.by_type[value] = int(count)
            elif dimension == "channel":
                behaviour.by_channel[value] = int(count)
            elif dimension == "touchpoint":
                behaviour.by_touchpoint[value] = int(count)
            elif dimension == "source":
                behaviour.sources.append(value)
            elif dimension == "purpose":
                behaviour.purposes.append(value)
        identity = [
            IdentityLink(kind=k, value=v, source=s, purpose=p, event_id=e, first_seen=f)
            for k, v, s, p, e, f in self._fetchall(
                "SELECT kind, value, source, purpose, event_id, first_seen FROM identities"
                " WHERE customer_id = ? ORDER BY kind, value",
                (cid,),
            )
        ]
        descriptive: dict[str, Attribute] = {}
        attitudinal: dict[str, Attribute] = {}
        for kind, name, value, source, purpose, event_id, updated_at in self._fetchall(
            "SELECT kind, name, CAST(value AS TEXT), source, purpose, event_id, updated_at FROM attributes"
            " WHERE customer_id = ? ORDER BY kind, name",
            (cid,),
        ):
            target = descriptive if kind == "descriptive" else attitudinal
            target[name] = Attribute(
                value=self._json(value),
                source=source,
                purpose=purpose,
                event_id=event_id,
                updated_at=updated_at,
            )
        history: list[ScoreRecord] = []
        for event_id, occurred_at, touchpoint, channel, nps, csat, ces, source, purpose in self._fetchall(
            "SELECT event_id, occurred_at, touchpoint, channel, nps, csat, ces, source, purpose FROM responses"
            " WHERE customer_id = ? ORDER BY occurred_at, event_id",
            (cid,),
        ):
            for metric, score in (("nps", nps), ("csat", csat), ("ces", ces)):
                if score is not None:
                    history.append(
                        ScoreRecord(
                            metric=metric, value=int(score), occurred_at=occurred_at, touchpoint=touchpoint,
                            channel=channel, source=source, purpose=purpose, event_id=event_id,
                        )
                    )  # fmt: skip
        merges = [
            Merge(survivor_id=s, merged_id=m, merged_at=at, event_id=e, reason=r)
            for s, m, at, e, r in self._fetchall(
                "SELECT survivor_id, merged_id, merged_at, event_id, reason FROM merges"
                " WHERE survivor_id = ? ORDER BY merged_at, merged_id",
                (cid,),
            )
        ]
        return Profile(
            customer_id=cid,
            aliases=[m.merged_id for m in merges],
            identity=identity,
            descriptive=descriptive,
            attitudinal=attitudinal,
            attitudinal_history=history,
            behavioural=behaviour,
            merges=merges,
        )

    def export(self, kind: ExportKind, batch_rows: int = 50_000) -> Iterator[pa.RecordBatch]:
        sql = _EXPORT_SQL.get(kind) or engine_sql.ENGINE_EXPORTS.get(kind)
        if sql is None:
            known = ", ".join([*_EXPORT_SQL, *engine_sql.ENGINE_EXPORTS])
            raise CxloopError(f"unknown export {kind!r}: choose one of {known}")
        return self._arrow_batches(sql, batch_rows)

    # -- engine: cases and the outbox ----------------------------------------
    def update_case(self, case_id: str, changes: dict[str, Any], at: datetime) -> bool:
        """Set ``changes`` (status, assignee, root cause, outcome, ...) on a case; False if there is none."""
        allowed = {"status", "assignee", "root_cause", "outcome", "resolved_at", "closed_at"}
        unknown = set(changes) - allowed
        if unknown:
            raise CxloopError(f"cannot change {', '.join(sorted(unknown))} of a case")
        names = sorted(changes)
        assignments = "".join(f"{name} = ?, " for name in names)
        with self._transaction():
            found = self._fetchall("SELECT case_id FROM cases WHERE case_id = ?", (case_id,))
            if found:
                self._execute(
                    f"UPDATE cases SET {assignments}updated_at = ? WHERE case_id = ?",
                    (*[changes[n] for n in names], at, case_id),
                )
        return bool(found)

    def due_outbox(self, now: datetime, limit: int = 100) -> list[OutboxRow]:
        """Outbox entries waiting for delivery whose next attempt is due."""
        rows = self._fetchall(
            "SELECT * FROM outbox WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
            " ORDER BY created_at, action_id LIMIT ?",
            (now, limit),
        )
        return [OutboxRow(*r) for r in rows]

    def mark_outbox(
        self, action_id: str, status: str, attempts: int, next_attempt_at: datetime | None, error: str | None,
        delivered_at: datetime | None,
    ) -> None:  # fmt: skip
        with self._transaction():
            self._execute(
                "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, delivered_at = ?"
                " WHERE action_id = ?",
                (status, attempts, next_attempt_at, error, delivered_at, action_id),
            )

    def query(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        """Run a read-only query written in the SQL both backends share."""
        return self._arrow(sql, params)

    # -- API keys ----------------------------------------------------------
    def add_api_key(self, record: ApiKeyRecord) -> None:
        with self._transaction():
            self._execute(
                "INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?)",
                (
                    record.key_id,
                    record.name,
                    ",".join(record.scopes),
                    record.secret_hash,
                    record.created_at,
                    None,
                ),
            )

    def get_api_key(self, key_id: str) -> ApiKeyRecord | None:
        rows = self._fetchall("SELECT * FROM api_keys WHERE key_id = ?", (key_id,))
        return _key(rows[0]) if rows else None

    def list_api_keys(self) -> list[ApiKeyRecord]:
        return [_key(row) for row in self._fetchall("SELECT * FROM api_keys ORDER BY created_at, key_id")]

    def revoke_api_key(self, key_id: str, at: datetime) -> bool:
        with self._transaction():
            found = self._fetchall("SELECT key_id FROM api_keys WHERE key_id = ? AND revoked_at IS NULL", (key_id,))
            if found:
                self._execute("UPDATE api_keys SET revoked_at = ? WHERE key_id = ?", (at, key_id))
        return bool(found)


def _key(row: tuple[Any, ...]) -> ApiKeyRecord:
    scopes = tuple(s for s in str(row[2]).split(",") if s)
    return ApiKeyRecord(row[0], row[1], scopes, row[3], row[4], row[5])


class SqlIngestTransaction:
    """The write side of one ingest batch; every statement runs in one transaction."""

    def __init__(self, store: SqlStore) -> None:
        self._s = store

    def existing_event_ids(self, event_ids: Sequence[str]) -> set[str]:
        if not event_ids:
            return set()
        self._s._stage("b_ids", [("event_id", "TEXT")], [(i,) for i in event_ids])
        try:
            rows = self._s._fetchall("SELECT e.event_id FROM events e JOIN b_ids b ON b.event_id = e.event_id")
        finally:
            self._s._unstage("b_ids")
        return {r[0] for r in rows}

    def lookup_identities(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], CustomerRef]:
        if not keys:
            return {}
        self._s._stage("b_keys", [("kind", "TEXT"), ("value", "TEXT")], list(keys))
        try:
            rows = self._s._fetchall(
                "SELECT i.kind, i.value, c.customer_id, c.given, c.first_seen FROM identities i"
                " JOIN b_keys b ON b.kind = i.kind AND b.value = i.value"
                " JOIN customers c ON c.customer_id = i.customer_id"
            )
        finally:
            self._s._unstage("b_keys")
        return {(k, v): CustomerRef(cid, bool(given), first) for k, v, cid, given, first in rows}

    # -- the engine's step, in the same transaction --------------------------
    def engine_meta(self) -> dict[str, str]:
        return engine_sql.engine_meta(self._s)

    def engine_inputs(self, customer_ids: Sequence[str]) -> EngineInputs:
        return engine_sql.engine_inputs(self._s, customer_ids)

    def due_customers(self, until: datetime) -> list[str]:
        return engine_sql.due_customers(self._s, until)

    def pending_until(self, until: datetime) -> list[PendingRow]:
        return engine_sql.pending_until(self._s, until)

    def overdue_cases(self, until: datetime) -> list[tuple[str, str, str, str, datetime]]:
        return engine_sql.overdue_cases(self._s, until)

    def apply_engine(self, batch: EngineBatch) -> None:
        engine_sql.apply_engine(self._s, batch)

    def apply(self, batch: StoreBatch) -> None:
        s = self._s
        # Customers first: a merge below may fold a stored profile into one this batch creates.
        self._upsert(
            "b_customers", _CUSTOMER_COLUMNS, batch.customers,
            "INSERT INTO customers SELECT customer_id, given, created_at, first_seen, last_seen, event_count, NULL"
            " FROM b_customers ON CONFLICT (customer_id) DO UPDATE SET"
            " first_seen = LEAST(customers.first_seen, excluded.first_seen),"
            " last_seen = GREATEST(customers.last_seen, excluded.last_seen),"
            " event_count = customers.event_count + excluded.event_count",
        )  # fmt: skip
        if batch.merges:
            s._stage("b_merges", MERGE_COLUMNS, batch.merges)
            try:
                for statement in MERGE_STATEMENTS:
                    s._execute(statement)
            finally:
                s._unstage("b_merges")
        events = batch.events
        self._upsert(
            "b_events", _EVENT_COLUMNS, events,
            f"INSERT INTO events SELECT event_id, customer_id, type, occurred_at, received_at, touchpoint, channel,"
            f" source, purpose, CAST(identities AS {self._json_type}), CAST(properties AS {self._json_type}), text"
            " FROM b_events",
            then=(
                "INSERT INTO responses SELECT event_id, customer_id, occurred_at, touchpoint, channel, survey,"
                " nps, csat, ces, text, source, purpose"
                " FROM b_events WHERE nps IS NOT NULL OR csat IS NOT NULL OR ces IS NOT NULL"
            ),
        )  # fmt: skip
        self._upsert(
            "b_identities", _IDENTITY_COLUMNS, batch.identities,
            "INSERT INTO identities SELECT * FROM b_identities ON CONFLICT (kind, value) DO NOTHING",
        )  # fmt: skip
        self._upsert(
            "b_counters", _COUNTER_COLUMNS, batch.counters,
            "INSERT INTO counters SELECT * FROM b_counters ON CONFLICT (customer_id, dimension, value)"
            " DO UPDATE SET count = counters.count + excluded.count,"
            " first_at = LEAST(counters.first_at, excluded.first_at),"
            " last_at = GREATEST(counters.last_at, excluded.last_at)",
        )  # fmt: skip
        self._upsert(
            "b_attributes", _ATTRIBUTE_COLUMNS, batch.attributes,
            f"INSERT INTO attributes SELECT customer_id, kind, name, CAST(value AS {self._json_type}), source,"
            " purpose, event_id, updated_at FROM b_attributes"
            f" ON CONFLICT (customer_id, kind, name) DO UPDATE SET {LATEST_WINS}",
        )  # fmt: skip

    @property
    def _json_type(self) -> str:
        return "JSONB" if self._s.backend == "postgresql" else "JSON"

    def _upsert(
        self, name: str, columns: list[Column], rows: Sequence[tuple[Any, ...]], sql: str, then: str | None = None
    ) -> None:
        self._s._run_staged(name, columns, rows, sql, *([then] if then else []))
