"""Storage: the :class:`Store` protocol and its backends, chosen by URL.

``duckdb:///path/file.duckdb`` (the embedded default) or
``postgresql://user@host/db[?schema=NAME]``. Backends load lazily, so the
PostgreSQL driver is needed only when a PostgreSQL URL is used.
"""

from __future__ import annotations

from pathlib import Path

from cxloop.errors import BackendUnavailableError
from cxloop.store.protocol import (
    ApiKeyRecord,
    AttributeRow,
    CounterRow,
    CustomerRef,
    CustomerRow,
    EventRow,
    IdentityRow,
    IngestTransaction,
    MergeRow,
    Store,
    StoreBatch,
)

__all__ = [
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
    "open_store",
]


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store that ``url`` names."""
    store: Store
    if url.startswith("duckdb://"):
        from cxloop.store.duckdb import DuckDBStore

        path = url.removeprefix("duckdb://")  # duckdb:///abs/file keeps its leading slash
        store = DuckDBStore(":memory:" if path in {":memory:", "/:memory:"} else Path(path))
    elif url.startswith(("postgresql://", "postgres://")):
        from cxloop.store.postgres import PostgresStore

        store = PostgresStore(url)
    else:
        raise BackendUnavailableError(
            f"unknown store URL {url!r}: use duckdb:///path/to/file.duckdb or postgresql://user@host/database"
        )
    if migrate:
        store.migrate()
    return store
