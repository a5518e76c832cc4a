"""The closed loop around the pure engine: the engine step inside the ingest
transaction, case handling, and webhook delivery from the transactional outbox.

Commit order (stated once, relied on everywhere): an ingest batch's events,
the engine's new state, its signals, decisions, actions, invitations, cases and
outbox entries commit in one transaction. Delivery reads the outbox afterwards
and marks each entry delivered only after the receiver answered 2xx, so delivery
is at least once; receivers get the action id as ``Idempotency-Key`` so the
effect happens once.
"""

from __future__ import annotations

from cxloop.loop.processor import EngineProcessor

__all__ = ["EngineProcessor"]
