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
    Migration(
        2,
        "engine: state, pending events, signals, decisions, actions, invitations, cases, outbox",
        (
            """CREATE TABLE IF NOT EXISTS engine_state (
                customer_id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                due_at TIMESTAMPTZ,
                updated_at TIMESTAMPTZ NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS engine_pending (
                event_id TEXT PRIMARY KEY,
                customer_id TEXT NOT NULL,
                occurred_at TIMESTAMPTZ NOT NULL,
                source TEXT NOT NULL,
                event TEXT NOT NULL
            )""",
            "CREATE TABLE IF NOT EXISTS engine_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE IF NOT EXISTS signals (
                signal_key TEXT PRIMARY KEY,
                customer_id TEXT NOT NULL,
                name TEXT NOT NULL,
                change TEXT NOT NULL,
                changed_at TIMESTAMPTZ NOT NULL,
                event_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                evidence TEXT NOT NULL,
                recorded_at TIMESTAMPTZ NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS decisions (
                decision_id TEXT PRIMARY KEY,
                customer_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                trigger TEXT NOT NULL,
                rule TEXT NOT NULL,
                decided_at TIMESTAMPTZ NOT NULL,
                persona TEXT NOT NULL,
                considered TEXT NOT NULL,
                policy_checks TEXT NOT NULL,
                explanation TEXT NOT NULL,
                recorded_at TIMESTAMPTZ NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS actions (
                action_id TEXT PRIMARY KEY,
                decision_id TEXT NOT NULL,
                customer_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                status TEXT NOT NULL,
                channel TEXT,
                send_at TIMESTAMPTZ,
                reason TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS invitations (
                invitation_id TEXT PRIMARY KEY,
                customer_id TEXT NOT NULL,
                survey TEXT NOT NULL,
                channel TEXT,
                created_at TIMESTAMPTZ NOT NULL,
                send_at TIMESTAMPTZ,
                status TEXT NOT NULL,
                suppression_reason TEXT,
                decision_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                answered_at TIMESTAMPTZ
            )""",
            """CREATE TABLE IF NOT EXISTS cases (
                case_id TEXT PRIMARY KEY,
                customer_id TEXT NOT NULL,
                case_type TEXT NOT NULL,
                owner TEXT NOT NULL,
                status TEXT NOT NULL,
                opened_at TIMESTAMPTZ NOT NULL,
                due_at TIMESTAMPTZ NOT NULL,
                trigger TEXT NOT NULL,
                trigger_event_id TEXT NOT NULL,
                touchpoint TEXT,
                decision_id TEXT NOT NULL,
                assignee TEXT,
                escalated_at TIMESTAMPTZ,
                resolved_at TIMESTAMPTZ,
                closed_at TIMESTAMPTZ,
                root_cause TEXT,
                outcome TEXT,
                updated_at TIMESTAMPTZ NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS outbox (
                action_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                destination TEXT,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                next_attempt_at TIMESTAMPTZ,
                last_error TEXT,
                created_at TIMESTAMPTZ NOT NULL,
                delivered_at TIMESTAMPTZ
            )""",
            "CREATE INDEX IF NOT EXISTS engine_state_due ON engine_state (due_at)",
            "CREATE INDEX IF NOT EXISTS cases_open ON cases (status, due_at)",
            "CREATE INDEX IF NOT EXISTS invitations_customer ON invitations (customer_id)",
            "CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at)",
            "CREATE INDEX IF NOT EXISTS signals_recorded ON signals (recorded_at)",
        ),
    ),
)


def render(statement: str, dialect: str) -> str:
    """The statement in the given dialect (``duckdb`` or ``postgresql``)."""
    return statement.replace("{json}", "JSONB" if dialect == "postgresql" else "JSON")
