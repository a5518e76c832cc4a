"""The embedded default store: one DuckDB file inside the workspace.

DuckDB lets one process write a database file. ``cxloop serve`` holds it while
it runs; other processes reach the data through the server instead (see
:mod:`cxloop.client`). A commit is written to DuckDB's write-ahead log before it
returns, so committed events survive ``kill -9``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from cxloop.errors import BackendUnavailableError
from cxloop.store._arrow import rows_to_arrow
from cxloop.store.sqlbase import Column, SqlStore

__all__ = ["DuckDBStore"]


class DuckDBStore(SqlStore):
    """A :class:`~cxloop.store.protocol.Store` on a DuckDB file (or ``:memory:``)."""

    backend = "duckdb"

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self.url = f"duckdb://{path}"
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(self.path)
        except duckdb.IOException as exc:
            raise BackendUnavailableError(
                f"cannot open {self.path}: {exc}. Another process (usually `cxloop serve`) holds the workspace;"
                " run the command while it serves so that it goes through the server, or stop the server"
            ) from None
        self._con.execute("SET TimeZone = 'UTC'")
        self._lock = threading.RLock()
        self._in_tx = False

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock:
            self._con.execute(sql, list(params))

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, list(params)).fetchall()

    def _stage(self, name: str, columns: list[Column], rows: Sequence[tuple[Any, ...]]) -> None:
        with self._lock:
            self._con.register(name, rows_to_arrow(columns, rows))

    def _unstage(self, name: str) -> None:
        with self._lock:
            self._con.unregister(name)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            if self._in_tx:  # nested use joins the open transaction
                yield
                return
            self._con.execute("BEGIN TRANSACTION")
            self._in_tx = True
            try:
                yield
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            else:
                self._con.execute("COMMIT")
            finally:
                self._in_tx = False

    def _arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        with self._lock:
            relation = self._con.sql(sql, params=list(params) or None)
            return relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()

    def _arrow_batches(self, sql: str, batch_rows: int) -> Iterator[pa.RecordBatch]:
        # A cursor of its own keeps a long export from holding the write lock.
        cursor = self._con.cursor()
        cursor.execute("SET TimeZone = 'UTC'")
        relation = cursor.sql(sql)
        to_reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
        reader = to_reader(batch_rows)
        try:
            yield from reader
        finally:
            cursor.close()

    def _skip_statement(self, statement: str) -> bool:
        # DuckDB's zone maps serve customer lookups well; ART indexes on
        # non-key columns only slow bulk inserts and merges' updates.
        return statement.lstrip().upper().startswith("CREATE INDEX")
