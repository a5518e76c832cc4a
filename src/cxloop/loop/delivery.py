"""Webhook delivery from the outbox: at least once, signed, retried, dead-lettered.

Each POST carries the outbox entry's JSON, ``Idempotency-Key`` (the action id,
stable across retries and replays), ``X-Cxloop-Timestamp`` and
``X-Cxloop-Signature: sha256=HEX`` where HEX is the HMAC-SHA256 of
``TIMESTAMP.BODY`` under the workspace's secret. A 2xx answer marks the entry
delivered; anything else is retried after ``backoff * 2**(attempt-1)``
seconds, and after ``max_attempts`` tries the entry is ``dead`` with its last
error (a dead letter, listed by ``cxloop export outbox``).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from cxloop.config.engine import DeliveryConfig
from cxloop.store import Store

__all__ = ["Deliverer", "sign"]


def _now() -> datetime:
    return datetime.now(tz=UTC)


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``."""
    return "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


@dataclass
class Deliverer:
    store: Store
    config: DeliveryConfig
    secret: bytes
    clock: Callable[[], datetime] = _now
    http: httpx.Client = field(default_factory=lambda: httpx.Client(follow_redirects=False))

    def run_once(self, limit: int = 100) -> dict[str, int]:
        """Try every due entry once; return how many were delivered, retried and dead-lettered."""
        counts = {"delivered": 0, "retry": 0, "dead": 0}
        for row in self.store.due_outbox(self.clock(), limit):
            if row.destination is None:
                continue
            body = row.payload.encode()
            stamp = str(int(self.clock().timestamp()))
            headers = {"Content-Type": "application/json", "Idempotency-Key": row.action_id,
                       "X-Cxloop-Kind": row.kind, "X-Cxloop-Timestamp": stamp,
                       "X-Cxloop-Signature": sign(self.secret, stamp, body)}  # fmt: skip
            error: str | None
            try:
                answer = self.http.post(row.destination, content=body, headers=headers,
                                        timeout=self.config.timeout_seconds)  # fmt: skip
                error = None if 200 <= answer.status_code < 300 else f"HTTP {answer.status_code}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
            attempts = row.attempts + 1
            now = self.clock()
            if error is None:
                self.store.mark_outbox(row.action_id, "delivered", attempts, None, None, now)
                counts["delivered"] += 1
            elif attempts >= self.config.max_attempts:
                self.store.mark_outbox(row.action_id, "dead", attempts, None, error, None)
                counts["dead"] += 1
            else:
                wait = timedelta(seconds=self.config.backoff_seconds * 2 ** (attempts - 1))
                self.store.mark_outbox(row.action_id, "pending", attempts, now + wait, error, None)
                counts["retry"] += 1
        return counts

    def close(self) -> None:
        self.http.close()
