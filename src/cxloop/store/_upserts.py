"""Upsert rules shared by ingestion and identity merges (one SQL for both stores)."""

from __future__ import annotations

__all__ = ["LATEST_WINS", "MERGE_COLUMNS", "MERGE_STATEMENTS"]

# Latest by event time wins; ties go to the greater event id so the outcome
# does not depend on arrival order.
LATEST_WINS = (
    "value = CASE WHEN {newer} THEN excluded.value ELSE attributes.value END,"
    " source = CASE WHEN {newer} THEN excluded.source ELSE attributes.source END,"
    " purpose = CASE WHEN {newer} THEN excluded.purpose ELSE attributes.purpose END,"
    " event_id = CASE WHEN {newer} THEN excluded.event_id ELSE attributes.event_id END,"
    " updated_at = CASE WHEN {newer} THEN excluded.updated_at ELSE attributes.updated_at END"
).format(
    newer="(excluded.updated_at > attributes.updated_at OR (excluded.updated_at = attributes.updated_at"
    " AND excluded.event_id > attributes.event_id))"
)


MERGE_COLUMNS: list[tuple[str, str]] = [
    ("survivor_id", "TEXT"), ("merged_id", "TEXT"), ("merged_at", "TIMESTAMPTZ"), ("event_id", "TEXT"),
    ("reason", "TEXT"),
]  # fmt: skip

# Folding merged profiles into their survivors, set-based: a batch's merges cost
# one pass over each table, not one per merge. Each merged id appears once and
# no survivor is itself merged (the resolver points merges at final survivors).
MERGE_STATEMENTS: tuple[str, ...] = (
    *(
        f"UPDATE {table} SET customer_id = m.survivor_id FROM b_merges m WHERE {table}.customer_id = m.merged_id"
        for table in ("events", "responses", "identities")
    ),
    "INSERT INTO counters SELECT m.survivor_id, c.dimension, c.value, sum(c.count), min(c.first_at), max(c.last_at)"
    " FROM counters c JOIN b_merges m ON c.customer_id = m.merged_id GROUP BY 1, 2, 3"
    " ON CONFLICT (customer_id, dimension, value) DO UPDATE SET count = counters.count + excluded.count,"
    " first_at = LEAST(counters.first_at, excluded.first_at), last_at = GREATEST(counters.last_at, excluded.last_at)",
    "DELETE FROM counters WHERE customer_id IN (SELECT merged_id FROM b_merges)",
    "INSERT INTO attributes SELECT survivor_id, kind, name, value, source, purpose, event_id, updated_at FROM ("
    " SELECT m.survivor_id, a.kind, a.name, a.value, a.source, a.purpose, a.event_id, a.updated_at,"
    " row_number() OVER (PARTITION BY m.survivor_id, a.kind, a.name"
    " ORDER BY a.updated_at DESC, a.event_id DESC) AS rank"
    " FROM attributes a JOIN b_merges m ON a.customer_id = m.merged_id) latest WHERE rank = 1"
    f" ON CONFLICT (customer_id, kind, name) DO UPDATE SET {LATEST_WINS}",
    "DELETE FROM attributes WHERE customer_id IN (SELECT merged_id FROM b_merges)",
    "UPDATE customers SET first_seen = LEAST(customers.first_seen, folded.first_seen),"
    " last_seen = GREATEST(customers.last_seen, folded.last_seen),"
    " event_count = customers.event_count + folded.event_count"
    " FROM (SELECT m.survivor_id, min(c.first_seen) AS first_seen, max(c.last_seen) AS last_seen,"
    " sum(c.event_count) AS event_count FROM customers c JOIN b_merges m ON c.customer_id = m.merged_id"
    " WHERE c.merged_into IS NULL GROUP BY 1) folded WHERE customers.customer_id = folded.survivor_id",
    "UPDATE customers SET merged_into = m.survivor_id, event_count = 0 FROM b_merges m"
    " WHERE customers.customer_id = m.merged_id",
    # An id seen only inside this batch still resolves to its survivor later.
    "INSERT INTO customers SELECT merged_id, FALSE, merged_at, merged_at, merged_at, 0, survivor_id FROM b_merges"
    " ON CONFLICT (customer_id) DO NOTHING",
    "UPDATE customers SET merged_into = m.survivor_id FROM b_merges m WHERE customers.merged_into = m.merged_id",
    "INSERT INTO merges SELECT merged_id, survivor_id, merged_at, event_id, reason FROM b_merges"
    " ON CONFLICT (merged_id) DO NOTHING",
)
