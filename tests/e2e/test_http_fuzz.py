"""No body, however broken, makes the collector answer 500 or lose a valid record."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.api import create_app
from cxloop.client import LocalClient

VALID = {"customer_id": "u1", "type": "order.paid", "occurred_at": "2026-03-01T09:00:00Z"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
records = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "event_id": st.text(max_size=5),
            "customer_id": st.text(max_size=5) | st.integers(-(2**63), 2**63 - 1),
            "type": st.sampled_from(["order.paid", "BAD TYPE", "survey.response", ""]),
            "occurred_at": st.sampled_from(["2026-03-01T09:00:00Z", "2026-03-01", "", "2026-13-01T00:00:00Z"]),
            "properties": json_values,
            "text": st.text(max_size=20),
            "identities": json_values,
        },
    ),
    json_values,
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str], LocalClient]]:
    from cxloop.config import write_init

    root = tmp_path_factory.mktemp("fuzz") / "ws"
    write_init(root)
    with LocalClient(root) as local, TestClient(create_app(local), raise_server_exceptions=False) as http:
        secret = local.create_key("fuzz", ("ingest",))["secret"]
        yield http, {"Authorization": f"Bearer {secret}"}, local


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(records, max_size=6), ndjson=st.booleans(), junk=st.binary(max_size=20))
def test_random_bodies_get_answers_not_errors(
    served: tuple[TestClient, dict[str, str], LocalClient], body: list[object], ndjson: bool, junk: bytes
) -> None:
    http, headers, local = served
    before = local.status()["events"]
    marker = {**VALID, "event_id": f"marker-{orjson.dumps(body).hex()[:40]}-{ndjson}-{junk.hex()}"}
    items = [*body, marker]
    payload = b"\n".join(orjson.dumps(x) for x in items) + b"\n" + junk if ndjson else orjson.dumps(items)
    answer = http.post("/v1/events", content=payload, headers=headers)
    # A JSON array, or several NDJSON lines, is always readable: bad records are rejected one by one.
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["accepted"] + data["rejected"] + data["duplicates"] >= len(items)
    assert local.status()["events"] == before + data["accepted"]
    assert data["accepted"] >= 1 or data["duplicates"] >= 1  # the valid marker is never lost
