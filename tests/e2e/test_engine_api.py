"""The engine over HTTP: events decided within the request's commit, decisions
explained, the case queue worked through its statuses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cxloop.api import create_app
from cxloop.client import LocalClient


@pytest.fixture
def local(workspace: Path) -> Iterator[LocalClient]:
    with LocalClient(workspace) as client:
        yield client


@pytest.fixture
def http(local: LocalClient) -> Iterator[TestClient]:
    with TestClient(create_app(local, timers=None), raise_server_exceptions=False) as client:
        yield client


def call(i: int, at: str) -> dict[str, object]:
    return {"event_id": f"k{i}", "customer_id": "u1", "type": "call.started", "occurred_at": at,
            "touchpoint": "support_call", "channel": "phone", "identities": {"email": "u1@example.com"},
            "properties": {"topic": "refund"}}  # fmt: skip


def test_a_repeat_contact_is_decided_in_the_request_and_its_case_worked_to_closed(
    http: TestClient, local: LocalClient
) -> None:
    auth = {"Authorization": f"Bearer {local.create_key('t', ('ingest', 'read'))['secret']}"}
    for i, at in enumerate(["2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z"]):
        assert http.post("/v1/events", json=[call(i, at)], headers=auth).json()["accepted"] == 1
    # Decided within the commit that answered the request: the case is there already.
    [case] = http.get("/v1/cases", params={"status": "active"}, headers=auth).json()["rows"]
    assert (case["case_type"], case["owner"], case["status"]) == ("repeat_contact", "support", "open")
    decision = http.get(f"/v1/decisions/{case['decision_id']}", headers=auth).json()
    assert decision["rule"] == "repeat_contact_case" and decision["event_id"] == "k1"
    assert {a["kind"] for a in decision["actions"]} == {"case", "alert"}
    assert "Rule repeat_contact_case matched call.started (k1)" in decision["explanation"]
    assert http.get("/v1/decisions/nope", headers=auth).status_code == 404

    url = f"/v1/cases/{case['case_id']}"
    refused = http.patch(url, json={"status": "resolved"}, headers=auth)
    assert refused.status_code == 400 and "root_cause and outcome" in refused.json()["detail"]
    assert http.patch(url, json={"assignee": "Ana", "status": "in_progress"}, headers=auth).json()["assignee"] == "Ana"
    done = http.patch(url, json={"status": "resolved", "root_cause": "refund stuck in finance",
                                 "outcome": "refund paid"}, headers=auth).json()  # fmt: skip
    assert (done["status"], done["root_cause"]) == ("resolved", "refund stuck in finance")
    assert http.patch(url, json={"status": "closed"}, headers=auth).json()["closed_at"] is not None
    final = http.patch(url, json={"status": "open"}, headers=auth)
    assert final.status_code == 400 and "closed case is final" in final.json()["detail"]
    assert http.patch(url, json={"colour": "red"}, headers=auth).status_code == 422
    assert http.patch("/v1/cases/none", json={"status": "closed"}, headers=auth).status_code == 404
    assert http.get("/v1/cases", params={"status": "odd"}, headers=auth).status_code == 400
