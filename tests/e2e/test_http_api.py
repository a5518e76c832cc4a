"""The HTTP API, in process, on a real DuckDB workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient

from cxloop.api import create_app
from cxloop.api.events import MAX_EVENTS
from cxloop.client import LocalClient


@pytest.fixture
def local(workspace: Path) -> Iterator[LocalClient]:
    with LocalClient(workspace) as client:
        yield client


@pytest.fixture
def http(local: LocalClient) -> Iterator[TestClient]:
    with TestClient(create_app(local), raise_server_exceptions=False) as client:
        yield client


def key(local: LocalClient, scopes: tuple[str, ...] = ("ingest", "read")) -> dict[str, str]:
    return {"Authorization": f"Bearer {local.create_key('test', scopes)['secret']}"}


def event(i: int, **extra: object) -> dict[str, object]:
    return {"event_id": f"h{i}", "customer_id": f"u{i % 3}", "type": "order.paid",
            "occurred_at": "2026-03-01T09:00:00+07:00", "channel": "web", **extra}  # fmt: skip


def test_json_array_with_bad_records_keeps_the_valid_rest(http: TestClient, local: LocalClient) -> None:
    body = [event(1), event(2, occurred_at="2026-03-01 09:00:00"), event(3, type=None), "nope", event(1)]
    answer = http.post("/v1/events", json=body, headers=key(local))
    assert answer.status_code == 200
    data = answer.json()
    assert (data["accepted"], data["rejected"], data["duplicates"]) == (1, 3, 1)
    assert [e["index"] for e in data["errors"]] == [1, 2, 3]
    assert "no UTC offset" in data["errors"][0]["error"]
    assert data["errors"][2]["error"] == "expected a JSON object, got str"
    assert local.status()["events"] == 1


def test_ndjson_errors_name_lines(http: TestClient, local: LocalClient) -> None:
    body = b"\n".join([orjson.dumps(event(1)), b"{broken", orjson.dumps(event(2)), b'{"type": "\xff"}']) + b"\n"
    answer = http.post("/v1/events", content=body, headers={**key(local), "Content-Type": "application/x-ndjson"})
    assert answer.status_code == 200
    data = answer.json()
    assert (data["accepted"], data["rejected"]) == (2, 2)
    assert [(e["index"], e["line"]) for e in data["errors"]] == [(1, 2), (3, 4)]
    assert "not valid UTF-8" in data["errors"][1]["error"]


@pytest.mark.parametrize("body", [b"", b"hello", b"[1, 2"])
def test_unreadable_body_is_a_problem_document(http: TestClient, local: LocalClient, body: bytes) -> None:
    answer = http.post("/v1/events", content=body, headers=key(local))
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["status"] == 400


def test_keys_are_required_and_scoped(http: TestClient, local: LocalClient) -> None:
    assert http.post("/v1/events", json=[event(1)]).status_code == 401
    assert http.post("/v1/events", json=[event(1)], headers={"Authorization": "Bearer cx_k1_nope"}).status_code == 401
    read_only = key(local, ("read",))
    answer = http.post("/v1/events", json=[event(1)], headers=read_only)
    assert answer.status_code == 403
    assert "ingest" in answer.json()["detail"]
    assert http.get("/v1/status", headers=read_only).status_code == 200
    created = local.create_key("gone", ("ingest",))
    local.revoke_key(created["key_id"])
    assert (
        http.post("/v1/events", json=[event(1)], headers={"Authorization": f"Bearer {created['secret']}"}).status_code
        == 401
    )
    assert local.store.get_api_key(created["key_id"]) is not None
    assert created["secret"] not in str(local.store.list_api_keys())


def test_too_many_events_is_413(http: TestClient, local: LocalClient) -> None:
    body = b"\n".join(orjson.dumps(event(i)) for i in range(MAX_EVENTS + 1))
    answer = http.post("/v1/events", content=body, headers=key(local))
    assert answer.status_code == 413
    assert local.status()["events"] == 0


def test_status_and_customer_profile(http: TestClient, local: LocalClient) -> None:
    headers = key(local)
    http.post("/v1/events", json=[
        event(1, identities={"email": "a@x.org"}),
        event(4, type="survey.response", properties={"nps": 10, "survey": "post_delivery"}, text="great"),
    ], headers=headers)  # fmt: skip
    status = http.get("/v1/status", headers=headers).json()
    assert {k: status[k] for k in ("events", "customers", "responses", "store")} == {
        "events": 2, "customers": 1, "responses": 1, "store": "duckdb",
    }  # fmt: skip
    profile = http.get("/v1/customers/u1", headers=headers).json()
    assert profile["attitudinal"]["nps"]["value"] == 10
    assert profile["attitudinal"]["nps"]["source"] == "http"
    assert {i["kind"] for i in profile["identity"]} == {"customer_id", "email"}
    missing = http.get("/v1/customers/nobody", headers=headers)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_undeclared_source_is_rejected_per_record(http: TestClient, local: LocalClient) -> None:
    answer = http.post("/v1/events", json=[event(1, source="nowhere"), event(2)], headers=key(local)).json()
    assert answer["accepted"] == 1
    assert "source: 'nowhere' is not declared" in answer["errors"][0]["error"]


def test_openapi_and_dashboard(http: TestClient) -> None:
    assert "/v1/events" in http.get("/openapi.json").json()["paths"]
    assert http.get("/docs").status_code == 200
    page = http.get("/")
    assert page.status_code == 200
    assert "Net Promoter Score" in page.text


def test_metrics_endpoints(http: TestClient, local: LocalClient) -> None:
    headers = key(local)
    answers = [
        event(100 + i, type="survey.response", touchpoint="checkout" if i % 2 else "delivery",
              occurred_at=f"2026-03-{1 + i % 20:02d}T09:00:00Z", properties={"nps": i % 11, "speed": i % 5})
        for i in range(60)
    ]  # fmt: skip
    assert http.post("/v1/events", json=answers, headers=headers).json()["accepted"] == 60
    rows = http.get("/v1/metrics/nps", params={"by": "touchpoint", "min_n": 40}, headers=headers).json()["rows"]
    assert [(r["touchpoint"], r["n"], r["insufficient"]) for r in rows] == [
        ("checkout", 30, True),
        ("delivery", 30, True),
    ]
    window = http.get("/v1/metrics/nps", params={"from": "2026-03-05T00:00:00Z", "to": "2026-03-10T00:00:00Z"},
                      headers=headers).json()["rows"]  # fmt: skip
    assert window[0]["n"] == 15
    naive = http.get("/v1/metrics/nps", params={"from": "2026-03-05T00:00:00"}, headers=headers)
    assert naive.status_code == 400
    assert "no UTC offset" in naive.json()["detail"]
    bad = http.get("/v1/metrics/nps", params={"by": "not a field"}, headers=headers)
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert http.get("/v1/metrics/nope", headers=headers).status_code == 422
    trend = http.get("/v1/metrics/nps/trends", params={"period": "week"}, headers=headers).json()
    assert {r["status"] for r in trend["rows"]} <= {"normal", "fluke", "pattern", "trend"}
    assert sum(r["n"] for r in trend["rows"]) == 60
    missing = http.get("/v1/drivers", params={"target": "nps", "drivers": "properties.speed,properties.x"},
                       headers=headers)  # fmt: skip
    assert missing.status_code == 400
    assert "properties.x" in missing.json()["detail"]
