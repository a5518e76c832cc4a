"""The :class:`Client` protocol that the CLI, the web app and Python users share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from cxloop.analytics.metrics import MetricQuery
from cxloop.config.rules import RuleConfig
from cxloop.ingest import IngestResult, RawRecord
from cxloop.store.protocol import ExportKind

__all__ = ["Client", "Progress"]

Progress = Callable[[IngestResult, int], None]


class Client(Protocol):
    """A workspace, opened directly or through the server that owns it."""

    root: Path
    mode: str  # "local" or "remote"

    def ingest(self, events: Iterable[Any], *, source: str | None = None) -> IngestResult:
        """Ingest Python objects (dicts in the canonical event form, or Events)."""
        ...

    def ingest_records(
        self,
        records: Iterable[RawRecord],
        *,
        source: str | None = None,
        on_batch: Progress | None = None,
        batch_size: int | None = None,
    ) -> IngestResult: ...

    def status(self) -> dict[str, Any]: ...

    def customer(self, customer_id: str) -> dict[str, Any] | None: ...

    def export_batches(self, kind: ExportKind) -> Iterator[pa.RecordBatch]: ...

    def metrics(self, query: MetricQuery) -> list[dict[str, Any]]:
        """NPS, CSAT or CES rows for ``query`` (see :mod:`cxloop.analytics.metrics`)."""
        ...

    def trends(self, query: MetricQuery, period: str) -> list[dict[str, Any]]:
        """The metric per period with fluke / pattern / trend status (see :mod:`cxloop.analytics.trends`)."""
        ...

    def drivers(self, target: str, drivers: list[str], *, bootstrap: int = 200, min_n: int = 30) -> dict[str, Any]:
        """Key-driver analysis (see :mod:`cxloop.analytics.drivers`)."""
        ...

    def tree(self, period: str = "last28d", compare: str | None = None, *, min_n: int = 30) -> dict[str, Any]:
        """Macro: the workspace's metric tree for ``period`` against ``compare`` (default: the period before)."""
        ...

    def hotspots(self, query: MetricQuery, fields: list[str]) -> list[dict[str, Any]]:
        """Meso: groups of ``fields`` ranked by their impact on the metric."""
        ...

    def detail(self, query: MetricQuery) -> dict[str, Any]:
        """Micro: distribution, separating attributes, verbatims and triggers of one selection."""
        ...

    def replay(
        self, rules: list[RuleConfig] | None = None, start: datetime | None = None, end: datetime | None = None
    ) -> dict[str, Any]:
        """What ``rules`` (default: the workspace's) would have done over history; no side effects."""
        ...

    def create_key(self, name: str, scopes: tuple[str, ...]) -> dict[str, Any]: ...

    def list_keys(self) -> list[dict[str, Any]]: ...

    def revoke_key(self, key_id: str) -> bool: ...

    def close(self) -> None: ...

    def __enter__(self) -> Client: ...

    def __exit__(self, *exc: object) -> None: ...

    def explain(self, decision_id: str) -> dict[str, Any]:
        """A decision: trigger, persona, rules considered, policy checks, actions and the explanation."""
        ...

    def cases(self, *, status: str | None = None, owner: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Cases, those due first (``status='active'``: open or in progress)."""
        ...

    def change_case(self, case_id: str, **changes: str | None) -> dict[str, Any]:
        """Set status, assignee, root_cause or outcome of a case (see :mod:`cxloop.loop.cases`)."""
        ...

    def deliver(self) -> dict[str, int]:
        """Run the engine's timers and try every due webhook once."""
        ...
