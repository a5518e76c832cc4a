"""Versioned schema migrations, written once for both SQL dialects.

``{json}`` becomes ``JSON`` on DuckDB and ``JSONB`` on PostgreSQL. A migration
is applied in its own transaction and recorded in ``schema_migrations``; a
store refuses to open a database whose version is newer than it knows.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MIGRATIONS", "Migration", "render"]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "events, customers, identities, attributes, counters, merges, api keys",
        (
            """CREATE TABLE IF NOT EXISTS events (
                event_id TEXT PRIMARY KEY,
                customer_id TEXT NOT NULL,
                type TEXT NOT NULL,
                occurred_at TIMESTAMPTZ NOT NULL,
                received_at TIMESTAMPTZ NOT NULL,
                touchpoint TEXT,
                channel TEXT,
                source TEXT NOT NULL,
                purpose TEXT NOT NULL,
                identities {json},
                properties {json},
                text TEXT
            )""",
            """CREATE TABLE IF NOT EXISTS responses (
                event_id TEXT PRIMARY KEY,
                customer_id TEXT NOT NULL,
                occurred_at TIMESTAMPTZ NOT NULL,
                touchpoint TEXT,
                channel TEXT,
                survey TEXT,
                nps SMALLINT,
                csat SMALLINT,
                ces SMALLINT,
                text TEXT,
                source TEXT NOT NULL,
                purpose TEXT NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS customers (
                customer_id TEXT PRIMARY KEY,
                given BOOLEAN NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                first_seen TIMESTAMPTZ NOT NULL,
                last_seen TIMESTAMPTZ NOT NULL,
                event_count BIGINT NOT NULL,
                merged_into TEXT
            )""",
            """CREATE TABLE IF NOT EXISTS identities (
                kind TEXT NOT NULL,
                value TEXT NOT NULL,
                customer_id TEXT NOT NULL,
                source TEXT NOT NULL,
                purpose TEXT NOT NULL,
                event_id TEXT NOT NULL,
                first_seen TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (kind, value)
            )""",
            """CREATE TABLE IF NOT EXISTS attributes (
                customer_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                value {json},
                source TEXT NOT NULL,
                purpose TEXT NOT NULL,
                event_id TEXT NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (customer_id, kind, name)
            )""",
            """CREATE TABLE IF NOT EXISTS counters (
                customer_id TEXT NOT NULL,
                dimension TEXT NOT NULL,
                value TEXT NOT NULL,
                count BIGINT NOT NULL,
                first_at TIMESTAMPTZ NOT NULL,
                last_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (customer_id, dimension, value)
            )""",
            """CREATE TABLE IF NOT EXISTS merges (
                merged_id TEXT PRIMARY KEY,
                survivor_id TEXT NOT NULL,
                merged_at TIMESTAMPTZ NOT NULL,
                event_id TEXT NOT NULL,
                reason TEXT NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS api_keys (
                key_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                scopes TEXT NOT NULL,
                secret_hash TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                revoked_at TIMESTAMPTZ
            )""",
            "CREATE INDEX IF NOT EXISTS events_customer ON events (customer_id)",
            "CREATE INDEX IF NOT EXISTS responses_customer ON responses (customer_id)",
            "CREATE INDEX IF NOT EXISTS identities_customer ON identities (customer_id)",
        ),
    ),
)


def render(statement: str, dialect: str) -> str:
    """The statement in the given dialect (``duckdb`` or ``postgresql``)."""
    return statement.replace("{json}", "JSONB" if dialect == "postgresql" else "JSON")
