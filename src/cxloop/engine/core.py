"""The detection step: ``(state, event, now) -> (state, changes)``.

Events are handled by event time: a contact that arrives late still counts in
the window it belongs to. Open signals are debounced (a re-trigger refreshes
the open signal's ``last_at`` instead of opening it again) and expire by timers
(:func:`tick`), not only when a new event comes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cxloop.engine.detectors import CONTACT_TYPES, DEFAULT_DETECTORS, Detector, last_seen
from cxloop.engine.state import Contact, CustomerState
from cxloop.model import Event, Signal, SignalChange

__all__ = ["Engine", "observe", "tick"]


def observe(
    state: CustomerState,
    event_id: str,
    event: Event,
    source: str,
    now: datetime,
    detectors: Sequence[Detector] = DEFAULT_DETECTORS,
) -> tuple[CustomerState, list[SignalChange]]:
    """Feed one event (already deduplicated) through every detector.

    Timers due by the event's time fire first, so the outcome is the same
    whether the clock reached that moment before the event arrived or not.
    """
    state, expired = tick(state, min(now, event.occurred_at), detectors)
    if event.type in CONTACT_TYPES:
        topic = event.properties.get("topic")
        state = state.with_contact(
            Contact(event.occurred_at, event_id, event.channel, None if topic is None else str(topic))
        )
    if state.last_event_at is None or event.occurred_at > state.last_event_at:
        state = dataclasses.replace(state, last_event_at=event.occurred_at)
    changes: list[SignalChange] = []
    for detector in detectors:
        verdict = detector.on_event(state, event_id, event, source)
        if verdict is None:
            continue
        current = state.signal(detector.name)
        if verdict.evidence is not None:
            if current is None:
                signal = Signal(detector.name, state.customer_id, event.occurred_at, event_id, dict(verdict.evidence))
                state = state.opened(signal)
                changes.append(SignalChange("opened", signal, event.occurred_at, f"{event.type} ({event_id})"))
            elif event.occurred_at > last_seen(current):
                refreshed = dataclasses.replace(current, evidence={**current.evidence, "last_at": event.occurred_at,
                                                                   "last_event_id": event_id})  # fmt: skip
                state = state.cleared(detector.name).opened(refreshed)
        elif verdict.clear is not None and current is not None and event.occurred_at >= current.opened_at:
            state = state.cleared(detector.name)
            changes.append(SignalChange("cleared", current, event.occurred_at, verdict.clear))
    return state, expired + changes


def tick(
    state: CustomerState, now: datetime, detectors: Sequence[Detector] = DEFAULT_DETECTORS
) -> tuple[CustomerState, list[SignalChange]]:
    """Clear the open signals whose clearing condition holds at ``now``, and forget old contacts."""
    changes: list[SignalChange] = []
    by_name = {d.name: d for d in detectors}
    for signal in state.open_signals:
        detector = by_name.get(signal.name)
        reason = detector.expired(signal, state, now) if detector else None
        if detector is not None and reason is not None:
            state = state.cleared(signal.name)
            # Stamped when it expired, not when the clock noticed: the record does not depend on batching.
            changes.append(SignalChange("cleared", signal, min(now, detector.due(signal, state)), reason))
    return state.forget_before(now), changes


@dataclass
class Engine:
    """Per-customer states in memory, for tests, replays and the embedded server."""

    detectors: Sequence[Detector] = DEFAULT_DETECTORS
    states: dict[str, CustomerState] = field(default_factory=dict)

    def observe(self, customer_id: str, event_id: str, event: Event, source: str, now: datetime) -> list[SignalChange]:
        state = self.states.get(customer_id) or CustomerState(customer_id)
        self.states[customer_id], changes = observe(state, event_id, event, source, now, self.detectors)
        return changes

    def tick(self, now: datetime) -> list[SignalChange]:
        changes: list[SignalChange] = []
        for customer_id, state in list(self.states.items()):
            self.states[customer_id], expired = tick(state, now, self.detectors)
            changes.extend(expired)
        return changes
