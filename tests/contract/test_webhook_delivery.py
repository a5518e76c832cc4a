"""Webhook delivery from the outbox against a real HTTP receiver: signed, retried
with backoff, dead-lettered, and the same idempotency key on every try."""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson
import pytest

from cxloop.config import parse_config
from cxloop.governance import DataUseTags
from cxloop.ingest import Ingestor, records_from_objects
from cxloop.loop import EngineProcessor
from cxloop.loop.delivery import Deliverer
from cxloop.store import Store

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
SECRET = b"s3cret"


class Receiver:
    """A webhook receiver that fails the first ``failures`` calls, then answers 204."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append({"headers": dict(self.headers), "body": body})
                failed = len(receiver.calls) <= receiver.failures
                self.send_response(503 if failed else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(request: pytest.FixtureRequest) -> Iterator[Receiver]:
    r = Receiver(getattr(request, "param", 2))
    yield r
    r.close()


def _world(store: Store, url: str, max_attempts: int) -> None:
    config = parse_config(f"""
version: 1
workspace: {{name: t}}
purposes: [{{name: service, description: s, basis: contract, retention_days: 30}}]
sources: [{{name: http, kind: http, purpose: service}}]
rules:
  - {{name: tell_billing, when: {{events: [payment.failed]}}, then: [{{webhook: "{url}"}}]}}
delivery: {{max_attempts: {max_attempts}, backoff_seconds: 10}}
""")
    tags = DataUseTags(sources={"http": "service"}, purposes=frozenset({"service"}))
    ingestor = Ingestor(store, tags, engine=EngineProcessor(config))
    event = {"event_id": "f1", "customer_id": "c1", "type": "payment.failed", "occurred_at": T0.isoformat(),
             "properties": {"reason": "card_declined"}}  # fmt: skip
    ingestor.ingest(records_from_objects([event]), default_source="http")


def _outbox(store: Store) -> dict[str, Any]:
    [row] = store.query("SELECT * FROM outbox").to_pylist()
    return row


@pytest.mark.parametrize("receiver", [2], indirect=True)
def test_signed_delivery_retries_with_backoff_and_keeps_one_idempotency_key(store: Store, receiver: Receiver) -> None:
    _world(store, receiver.url, max_attempts=5)
    now = [T0]
    deliverer = Deliverer(store, parse_config_delivery(5), SECRET, clock=lambda: now[0])
    assert deliverer.run_once() == {"delivered": 0, "retry": 1, "dead": 0}
    first = _outbox(store)
    assert (first["status"], first["attempts"], first["next_attempt_at"]) == ("pending", 1, T0 + timedelta(seconds=10))
    assert deliverer.run_once() == {"delivered": 0, "retry": 0, "dead": 0}  # not due yet
    now[0] = T0 + timedelta(seconds=10)
    deliverer.run_once()
    assert _outbox(store)["next_attempt_at"] == now[0] + timedelta(seconds=20)  # the wait doubles
    now[0] += timedelta(seconds=20)
    assert deliverer.run_once() == {"delivered": 1, "retry": 0, "dead": 0}
    assert _outbox(store)["status"] == "delivered"
    assert len(receiver.calls) == 3
    keys = {c["headers"]["Idempotency-Key"] for c in receiver.calls}
    assert keys == {first["action_id"]}
    for call in receiver.calls:
        stamp = call["headers"]["X-Cxloop-Timestamp"]
        expected = hmac.new(SECRET, stamp.encode() + b"." + call["body"], hashlib.sha256).hexdigest()
        assert call["headers"]["X-Cxloop-Signature"] == f"sha256={expected}"
    payload = orjson.loads(receiver.calls[-1]["body"])
    assert (payload["rule"], payload["customer_id"], payload["event_id"]) == ("tell_billing", "c1", "f1")
    deliverer.close()


@pytest.mark.parametrize("receiver", [99], indirect=True)
def test_the_last_failed_try_dead_letters_the_entry(store: Store, receiver: Receiver) -> None:
    _world(store, receiver.url, max_attempts=2)
    now = [T0]
    deliverer = Deliverer(store, parse_config_delivery(2), SECRET, clock=lambda: now[0])
    deliverer.run_once()
    now[0] += timedelta(seconds=10)
    assert deliverer.run_once() == {"delivered": 0, "retry": 0, "dead": 1}
    row = _outbox(store)
    assert (row["status"], row["attempts"], row["last_error"]) == ("dead", 2, "HTTP 503")
    now[0] += timedelta(days=1)
    assert deliverer.run_once() == {"delivered": 0, "retry": 0, "dead": 0}
    assert len(receiver.calls) == 2
    deliverer.close()


def parse_config_delivery(max_attempts: int) -> Any:
    from cxloop.config.engine import DeliveryConfig

    return DeliveryConfig(max_attempts=max_attempts, backoff_seconds=10)
