"""The scale-out store: PostgreSQL through psycopg 3.

Several processes may ingest at once: each batch takes a transaction-scoped
advisory lock, so identity resolution and deduplication see a consistent view.
Add ``?schema=NAME`` to the URL to keep a workspace in its own schema.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pyarrow as pa

from cxloop.errors import BackendUnavailableError
from cxloop.store.sqlbase import Column, SqlStore

__all__ = ["PostgresStore"]

_INGEST_LOCK = 0x63786C6F  # "cxlo": one advisory lock shared by every ingest writer
_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _split_schema(url: str) -> tuple[str, str | None]:
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


class PostgresStore(SqlStore):
    """A :class:`~cxloop.store.protocol.Store` on PostgreSQL."""

    backend = "postgresql"

    def __init__(self, url: str, *, connect_timeout: float = 5.0) -> None:
        try:
            import psycopg
        except ImportError:
            raise BackendUnavailableError(
                "the PostgreSQL store needs psycopg: pip install 'cxloop[postgres]'"
            ) from None
        self.url = url
        conninfo, self.schema = _split_schema(url)
        if self.schema is not None and not _SCHEMA.match(self.schema):
            raise BackendUnavailableError(f"schema {self.schema!r} in {url} is not a plain lower-case SQL name")
        try:
            self._con = psycopg.connect(conninfo, autocommit=True, connect_timeout=int(connect_timeout))
        except psycopg.OperationalError as exc:
            raise BackendUnavailableError(f"cannot reach PostgreSQL at {_redact(url)}: {exc}".strip()) from None
        self._con.execute("SET TIME ZONE 'UTC'")
        if self.schema:
            self._con.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            self._con.execute(f'SET search_path TO "{self.schema}"')
        self._lock = threading.RLock()
        self._tx_depth = 0

    def close(self) -> None:
        with self._lock:
            self._con.close()

    @staticmethod
    def _sql(sql: str, params: Sequence[Any]) -> str:
        return sql.replace("%", "%%").replace("?", "%s") if params else sql

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock:
            self._con.execute(self._sql(sql, params), list(params) if params else None)

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            cur = self._con.execute(self._sql(sql, params), list(params) if params else None)
            return list(cur.fetchall())

    def _stage(self, name: str, columns: list[Column], rows: Sequence[tuple[Any, ...]]) -> None:
        ddl = ", ".join(f"{col} {sql_type}" for col, sql_type in columns)
        with self._lock:
            self._con.execute(f"CREATE TEMP TABLE {name} ({ddl}) ON COMMIT DROP")
            # Binary COPY with declared types skips text formatting and parsing.
            with self._con.cursor() as cur, cur.copy(f"COPY {name} FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types([sql_type.lower() for _, sql_type in columns])
                for row in rows:
                    copy.write_row(row)

    def _unstage(self, name: str) -> None:
        with self._lock:
            self._con.execute(f"DROP TABLE IF EXISTS {name}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock, self._con.transaction():
            yield

    def _lock_for_ingest(self) -> None:
        self._execute(f"SELECT pg_advisory_xact_lock({_INGEST_LOCK})")

    def _arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        with self._lock:
            cur = self._con.execute(self._sql(sql, params), list(params) if params else None)
            names = [d.name for d in cur.description or []]
            rows = cur.fetchall()
        return _to_arrow(names, rows)

    def _arrow_batches(self, sql: str, batch_rows: int) -> Iterator[pa.RecordBatch]:
        with self._lock, self._con.transaction(), self._con.cursor(name="cxloop_export") as cur:
            cur.execute(sql)
            names: list[str] = []
            while True:
                rows = cur.fetchmany(batch_rows)
                if not names:
                    names = [d.name for d in cur.description or []]
                if not rows:
                    break
                yield from _to_arrow(names, rows).to_batches()


def _to_arrow(names: list[str], rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pa.table({name: pa.array(list(values)) for name, values in zip(names, columns, strict=True)})


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
