"""A client that reaches a workspace through the ``cxloop serve`` that owns it.

DuckDB lets one process write a file; while a server runs, the CLI sends its
work to that server with the local admin token from ``.cxloop/server.json``
instead of failing on the file lock.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import pyarrow as pa

from cxloop.analytics.metrics import MetricQuery
from cxloop.client.base import Progress
from cxloop.client.workspace import ServerInfo
from cxloop.config.rules import RuleConfig
from cxloop.errors import CxloopError, NotFoundError, ValidationError
from cxloop.ingest import IngestResult, RawRecord, Reject, records_from_objects
from cxloop.store.protocol import ExportKind

__all__ = ["RemoteClient"]

_CHUNK = 5_000


class RemoteClient:
    mode = "remote"

    def __init__(self, root: Path, server: ServerInfo) -> None:
        self.root = root
        self.server = server
        self._http = httpx.Client(
            base_url=server.url, headers={"Authorization": f"Bearer {server.token}"}, timeout=300.0
        )

    def __enter__(self) -> RemoteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check(self, response: httpx.Response) -> httpx.Response:
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            error: type[CxloopError] = CxloopError
            if response.status_code in {400, 413, 422}:
                error = ValidationError
            elif response.status_code == 404:
                error = NotFoundError
            raise error(f"the server at {self.server.url} answered {response.status_code}: {detail}")
        return response

    def ingest(self, events: Iterable[Any], *, source: str | None = None) -> IngestResult:
        return self.ingest_records(records_from_objects(events), source=source)

    def ingest_records(
        self,
        records: Iterable[RawRecord],
        *,
        source: str | None = None,
        on_batch: Progress | None = None,
        batch_size: int | None = None,
    ) -> IngestResult:
        total = IngestResult()
        iterator = iter(records)
        while chunk := list(itertools.islice(iterator, batch_size or _CHUNK)):
            part = IngestResult()
            sent: list[RawRecord] = []
            for record in chunk:
                if record.error is not None or record.data is None:
                    part.rejects.append(Reject(record.where, record.error or "empty record", record.raw))
                else:
                    sent.append(record)
            if sent:
                body = orjson.dumps([r.data for r in sent], default=str)
                params = {"source": source} if source else {}
                answer = self._check(
                    self._http.post("/v1/events", content=body, params=params,
                                    headers={"Content-Type": "application/json"})
                ).json()  # fmt: skip
                part.accepted, part.duplicates = answer["accepted"], answer["duplicates"]
                for error in answer["errors"]:
                    record = sent[int(error["index"])]
                    part.rejects.append(Reject(record.where, error["error"], record.raw))
            part.rejected = len(part.rejects)
            total.add(part)
            if on_batch is not None:
                on_batch(total, len(chunk))
        return total

    def status(self) -> dict[str, Any]:
        data: dict[str, Any] = self._check(self._http.get("/v1/status")).json()
        return data

    def customer(self, customer_id: str) -> dict[str, Any] | None:
        response = self._http.get(f"/v1/customers/{customer_id}")
        if response.status_code == 404:
            return None
        data: dict[str, Any] = self._check(response).json()
        return data

    def export_batches(self, kind: ExportKind) -> Iterator[pa.RecordBatch]:
        with tempfile.TemporaryFile() as spool:
            with self._http.stream("GET", f"/v1/export/{kind}") as response:
                if response.status_code >= 400:
                    response.read()
                    self._check(response)
                for chunk in response.iter_bytes():
                    spool.write(chunk)
            spool.seek(0)
            yield from pa.ipc.open_stream(spool)

    def _metric_params(self, query: MetricQuery) -> dict[str, Any]:
        params: dict[str, Any] = {"by": ",".join(query.by), "min_n": query.min_n,
                                  "csat_threshold": query.csat_threshold, "ces_easy": query.ces_easy}  # fmt: skip
        if query.where:
            params["where"] = query.where
        if query.start:
            params["from"] = query.start.isoformat()
        if query.end:
            params["to"] = query.end.isoformat()
        return params

    def metrics(self, query: MetricQuery) -> list[dict[str, Any]]:
        answer = self._http.get(f"/v1/metrics/{query.metric}", params=self._metric_params(query))
        rows: list[dict[str, Any]] = self._check(answer).json()["rows"]
        return rows

    def trends(self, query: MetricQuery, period: str) -> list[dict[str, Any]]:
        params = {**self._metric_params(query), "period": period}
        rows: list[dict[str, Any]] = self._check(
            self._http.get(f"/v1/metrics/{query.metric}/trends", params=params)
        ).json()["rows"]
        return rows

    def drivers(self, target: str, drivers: list[str], *, bootstrap: int = 200, min_n: int = 30) -> dict[str, Any]:
        params: dict[str, str | int] = {
            "target": target,
            "drivers": ",".join(drivers),
            "bootstrap": bootstrap,
            "min_n": min_n,
        }
        data: dict[str, Any] = self._check(self._http.get("/v1/drivers", params=params)).json()
        return data

    def tree(self, period: str = "last28d", compare: str | None = None, *, min_n: int = 30) -> dict[str, Any]:
        params: dict[str, str | int] = {"period": period, "min_n": min_n}
        if compare:
            params["compare"] = compare
        data: dict[str, Any] = self._check(self._http.get("/v1/tree", params=params)).json()
        return data

    def hotspots(self, query: MetricQuery, fields: list[str]) -> list[dict[str, Any]]:
        params = {**self._metric_params(query), "fields": ",".join(fields)}
        answer = self._http.get(f"/v1/metrics/{query.metric}/hotspots", params=params)
        rows: list[dict[str, Any]] = self._check(answer).json()["rows"]
        return rows

    def detail(self, query: MetricQuery) -> dict[str, Any]:
        answer = self._http.get(f"/v1/metrics/{query.metric}/detail", params=self._metric_params(query))
        data: dict[str, Any] = self._check(answer).json()
        return data

    def replay(
        self, rules: list[RuleConfig] | None = None, start: datetime | None = None, end: datetime | None = None
    ) -> dict[str, Any]:
        body = {
            "rules": None if rules is None else [r.model_dump(exclude_none=True) for r in rules],
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
        }
        data: dict[str, Any] = self._check(self._http.post("/v1/replay", json=body)).json()
        return data

    def explain(self, decision_id: str) -> dict[str, Any]:
        data: dict[str, Any] = self._check(self._http.get(f"/v1/decisions/{decision_id}")).json()
        return data

    def cases(self, *, status: str | None = None, owner: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        params = {k: v for k, v in (("status", status), ("owner", owner), ("limit", limit)) if v is not None}
        data: list[dict[str, Any]] = self._check(self._http.get("/v1/cases", params=params)).json()["rows"]
        return data

    def change_case(self, case_id: str, **changes: str | None) -> dict[str, Any]:
        body = {k: v for k, v in changes.items() if v is not None}
        data: dict[str, Any] = self._check(self._http.patch(f"/v1/cases/{case_id}", json=body)).json()
        return data

    def deliver(self) -> dict[str, int]:
        data: dict[str, int] = self._check(self._http.post("/v1/engine/deliver")).json()
        return data

    def create_key(self, name: str, scopes: tuple[str, ...]) -> dict[str, Any]:
        data: dict[str, Any] = self._check(
            self._http.post("/v1/keys", json={"name": name, "scopes": list(scopes)})
        ).json()
        return data

    def list_keys(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = self._check(self._http.get("/v1/keys")).json()
        return data

    def revoke_key(self, key_id: str) -> bool:
        response = self._http.delete(f"/v1/keys/{key_id}")
        if response.status_code == 404:
            return False
        self._check(response)
        return True

    def close(self) -> None:
        self._http.close()
