"""A client that opens the workspace's store in this process."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from cxloop.analytics.drill import detail, hotspots
from cxloop.analytics.driver_data import drivers_of
from cxloop.analytics.metrics import MetricQuery, compute
from cxloop.analytics.periods import Period, parse_period, previous_period
from cxloop.analytics.tree import tree_report
from cxloop.analytics.trends import trends
from cxloop.client.base import Progress
from cxloop.client.keys import create_key, verify_key
from cxloop.client.workspace import Workspace
from cxloop.config import WorkspaceConfig, load_workspace_config
from cxloop.config.rules import RuleConfig
from cxloop.engine.replay import Replayed, replay
from cxloop.engine.step import REACHABLE_BY_IDENTITY
from cxloop.errors import ValidationError
from cxloop.governance import DataUseTags
from cxloop.ingest import Ingestor, IngestResult, RawRecord, records_from_objects
from cxloop.ingest.text import TextEnricher
from cxloop.loop import EngineProcessor, cases
from cxloop.loop.delivery import Deliverer
from cxloop.model import Event
from cxloop.store import ApiKeyRecord, Store, open_store
from cxloop.store.protocol import ExportKind

__all__ = ["LocalClient", "tags_of"]

#: How long a verified API key is trusted without asking the store again.
KEY_MEMORY_SECONDS = 5.0


def tags_of(config: WorkspaceConfig) -> DataUseTags:
    return DataUseTags(
        sources={s.name: s.purpose for s in config.sources},
        purposes=frozenset(p.name for p in config.purposes),
    )


class LocalClient:
    """Owns the store while open. Use as a context manager or call :meth:`close`."""

    mode = "local"

    def __init__(self, root: Path, *, store_url: str | None = None, store: Store | None = None) -> None:
        self.root = root
        self.workspace = Workspace(root)
        self.config = load_workspace_config(root)
        self.store = store or open_store(self.workspace.store_url(self.config.store, store_url))
        self._verified: dict[str, tuple[ApiKeyRecord, float]] = {}
        self.engine = EngineProcessor(self.config)
        self.ingestor = Ingestor(
            self.store, tags_of(self.config), engine=self.engine, enrich=TextEnricher(self.config.text)
        )

    def __enter__(self) -> LocalClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def http_source(self) -> str:
        return self.config.defaults.source or "http"

    @property
    def file_source(self) -> str:
        return self.config.defaults.file_source or "file_import"

    def ingest(self, events: Iterable[Any], *, source: str | None = None) -> IngestResult:
        return self.ingest_records(records_from_objects(events), source=source or self.http_source)

    def ingest_records(
        self,
        records: Iterable[RawRecord],
        *,
        source: str | None = None,
        on_batch: Progress | None = None,
        batch_size: int | None = None,
    ) -> IngestResult:
        return self.ingestor.ingest(
            records, default_source=source or self.file_source, on_batch=on_batch, batch_size=batch_size
        )

    def status(self) -> dict[str, Any]:
        return {**self.store.counts(), "store": self.store.backend, "workspace": str(self.root)}

    def customer(self, customer_id: str) -> dict[str, Any] | None:
        profile = self.store.get_profile(customer_id)
        return None if profile is None else profile.model_dump(mode="json")

    def export_batches(self, kind: ExportKind) -> Iterator[pa.RecordBatch]:
        return self.store.export(kind)

    def _in_zone(self, query: MetricQuery) -> MetricQuery:
        if query.timezone == "UTC" and self.config.workspace.timezone != "UTC":
            return dataclasses.replace(query, timezone=self.config.workspace.timezone)
        return query

    def metrics(self, query: MetricQuery) -> list[dict[str, Any]]:
        return compute(self.store, self._in_zone(query))

    def trends(self, query: MetricQuery, period: str) -> list[dict[str, Any]]:
        return trends(self.store, self._in_zone(query), period)

    def drivers(self, target: str, drivers: list[str], *, bootstrap: int = 200, min_n: int = 30) -> dict[str, Any]:
        result = drivers_of(self.store, target, drivers, bootstrap=bootstrap, min_n=min_n)
        return {"target": result.target, "n": result.n, "r2": result.r2, "method": result.method,
                "rows": [dataclasses.asdict(row) for row in result.rows]}  # fmt: skip

    def tree(self, period: str = "last28d", compare: str | None = None, *, min_n: int = 30) -> dict[str, Any]:
        tree = self.config.metric_tree
        if tree is None:
            raise ValidationError(
                "this workspace declares no metric_tree: add one to cxloop.yaml (see `cxloop init` or the demo)"
            )
        newest = self.store.query("SELECT max(occurred_at) AS newest FROM responses").column("newest")[0].as_py()
        current = parse_period(period, newest)
        before = parse_period(compare, newest) if compare else previous_period(current)
        rows = tree_report(self.store, tree, current, before, min_n=min_n, timezone=self.config.workspace.timezone)
        return {"metric": tree.metric, "period": _period_json(current), "compare": _period_json(before), "rows": rows}

    def hotspots(self, query: MetricQuery, fields: list[str]) -> list[dict[str, Any]]:
        return hotspots(self.store, self._in_zone(query), fields)

    def detail(self, query: MetricQuery) -> dict[str, Any]:
        return detail(self.store, self._in_zone(query))

    def replay(
        self, rules: list[RuleConfig] | None = None, start: datetime | None = None, end: datetime | None = None
    ) -> dict[str, Any]:
        traits: dict[str, dict[str, Any]] = {}
        for row in self.store.query(
            "SELECT customer_id, name, CAST(value AS TEXT) AS value FROM attributes WHERE kind = 'descriptive'"
        ).to_pylist():
            traits.setdefault(row["customer_id"], {})[row["name"]] = orjson.loads(row["value"])
        reachable: dict[str, set[str]] = {}
        for row in self.store.query("SELECT customer_id, kind FROM identities").to_pylist():
            if row["kind"] in REACHABLE_BY_IDENTITY:
                reachable.setdefault(row["customer_id"], set()).add(REACHABLE_BY_IDENTITY[row["kind"]])
        report = replay(
            self._replay_events(start, end), rules if rules is not None else self.config.rules,
            self.config.contact_policy, traits=lambda c: traits.get(c, {}),
            reachable=lambda c: frozenset(reachable.get(c, ())),
        )  # fmt: skip
        return report.to_json()

    def _replay_events(self, start: datetime | None, end: datetime | None) -> Iterator[Replayed]:
        for batch in self.store.export("events"):
            for row in batch.to_pylist():
                at = row["occurred_at"]
                if (start and at < start) or (end and at >= end):
                    continue
                data = {k: row[k] for k in ("customer_id", "type", "touchpoint", "channel", "text") if row[k]}
                data["occurred_at"] = at.isoformat()
                if row["properties"]:
                    data["properties"] = orjson.loads(row["properties"])
                yield row["customer_id"], row["event_id"], Event.model_validate(data), row["source"]

    def explain(self, decision_id: str) -> dict[str, Any]:
        return cases.decision(self.store, decision_id)

    def cases(self, *, status: str | None = None, owner: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        return cases.case_list(self.store, status=status, owner=owner, limit=limit)

    def change_case(self, case_id: str, **changes: str | None) -> dict[str, Any]:
        return cases.change_case(self.store, case_id, datetime.now(tz=UTC), **changes)

    def deliverer(self) -> Deliverer:
        secret = self.workspace.webhook_secret(self.config.delivery.secret_env)
        return Deliverer(self.store, self.config.delivery, secret)

    def deliver(self) -> dict[str, int]:
        """Run the engine's timers by the wall clock, then try every due webhook once."""
        self.engine.tick(self.store)
        deliverer = self.deliverer()
        try:
            return deliverer.run_once(limit=10_000)
        finally:
            deliverer.close()

    def create_key(self, name: str, scopes: tuple[str, ...]) -> dict[str, Any]:
        key = create_key(self.store, name, scopes, datetime.now(tz=UTC))
        return {"key_id": key.key_id, "name": key.name, "scopes": list(key.scopes), "secret": key.secret}

    def list_keys(self) -> list[dict[str, Any]]:
        return [_key_json(k) for k in self.store.list_api_keys()]

    def revoke_key(self, key_id: str) -> bool:
        revoked = self.store.revoke_api_key(key_id, datetime.now(tz=UTC))
        self._verified.clear()
        return revoked

    def verify_key(self, token: str) -> ApiKeyRecord | None:
        # A verified key is remembered for a few seconds, so that authenticating a
        # request does not wait for the store (held by a group commit). Revoking
        # through this process clears the memory at once.
        now = time.monotonic()
        cached = self._verified.get(token)
        if cached is not None and cached[1] > now:
            return cached[0]
        record = verify_key(self.store, token)
        if record is not None:
            if len(self._verified) > 1000:
                self._verified.clear()
            self._verified[token] = (record, now + KEY_MEMORY_SECONDS)
        return record

    def close(self) -> None:
        self.store.close()


def _period_json(period: Period) -> dict[str, str]:
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def _key_json(key: ApiKeyRecord) -> dict[str, Any]:
    return {
        "key_id": key.key_id,
        "name": key.name,
        "scopes": list(key.scopes),
        "created_at": key.created_at.isoformat(),
        "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
    }
