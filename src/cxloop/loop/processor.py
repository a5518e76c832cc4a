"""The engine step inside the ingest transaction.

Time is event time. The engine's clock is a watermark: the newest event time
seen minus the workspace's ``engine.grace_seconds`` (and, when the server
ticks, the wall clock minus the grace). Events at or before the clock are
decided in ``(occurred_at, event_id)`` order; newer ones wait in
``engine_pending``. So events that arrive out of order by less than the grace
period give the same decisions as in order. One that arrives later than that
is decided on arrival, with the state as it is (documented in docs/engine.md).
Timers (signal expiry, ``stuck``, SLA escalation, invitations going out or
expiring) fire by the same clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import orjson

from cxloop.config import WorkspaceConfig
from cxloop.engine.codec import state_from_json, state_to_json
from cxloop.engine.custom import custom_detectors, goals_of
from cxloop.engine.detectors import DEFAULT_DETECTORS
from cxloop.engine.state import CustomerState
from cxloop.engine.step import Brain, Persona, persona_of, signal_rules
from cxloop.ingest.pipeline import Fresh
from cxloop.loop.records import EngineRecorder
from cxloop.model import Event
from cxloop.store import IngestTransaction, Store
from cxloop.store.engine_rows import EngineBatch, PendingRow, StateRow

__all__ = ["EngineProcessor"]

_FOREVER_AGO = datetime(1970, 1, 1, tzinfo=UTC)
SWEEP = timedelta(minutes=1)


def _now() -> datetime:
    return datetime.now(tz=UTC)


class EngineProcessor:
    """Runs the engine for each ingest batch (the Ingestor's hook) and on the server's timer."""

    def __init__(self, config: WorkspaceConfig, *, wall_clock: Callable[[], datetime] = _now) -> None:
        self.config = config
        self.grace = timedelta(seconds=config.engine.grace_seconds)
        taken = {r.name for r in config.rules}
        rules = [*config.rules, *signal_rules(config.engine.case_on_signals, taken)]
        self.brain = Brain(
            rules, config.contact_policy, (*DEFAULT_DETECTORS, *custom_detectors(config.detectors)),
            goals_of(config.goals),
        )  # fmt: skip
        self.wall_clock = wall_clock

    # -- entry points ------------------------------------------------------
    def __call__(self, tx: IngestTransaction, fresh: Sequence[Fresh]) -> None:
        self.step(tx, fresh)

    def tick(self, store: Store) -> None:
        """Advance the clock by the wall clock (the server calls this every second)."""
        with store.ingest_transaction() as tx:
            self.step(tx, (), wall=self.wall_clock())

    # -- the step ----------------------------------------------------------
    def step(self, tx: IngestTransaction, fresh: Sequence[Fresh], *, wall: datetime | None = None) -> None:
        meta = tx.engine_meta()
        newest = max((f[2].occurred_at for f in fresh), default=_FOREVER_AGO)
        max_seen = max(_parse(meta.get("max_seen")), newest)
        clock = max(_parse(meta.get("clock")), max_seen - self.grace)
        if wall is not None:
            clock = max(clock, wall - self.grace)
        out = EngineBatch(invitation_expiry_days=self.config.engine.invitation_expiry_days)
        out.meta = {"max_seen": max_seen.isoformat(), "clock": clock.isoformat()}
        ready: list[Fresh] = []
        for item in fresh:
            if item[2].occurred_at <= clock:
                ready.append(item)
            else:
                event_id, customer_id, event, source = item
                out.pending_add.append(
                    PendingRow(event_id, customer_id, event.occurred_at, source, event.model_dump_json())
                )
        if self.grace:
            for row in tx.pending_until(clock):
                ready.append((row.event_id, row.customer_id, Event.model_validate_json(row.event), row.source))
                out.pending_done.append(row.event_id)
        ready.sort(key=lambda f: (f[2].occurred_at, f[0]))
        # Timers are looked up only once the clock reaches the earliest one known
        # (kept in engine_meta), not by a scan on every batch.
        known = meta.get("next_timer")
        next_timer = datetime.fromisoformat(known) if known else None
        timers_due = next_timer is None or clock >= next_timer
        due = tx.due_customers(clock) if timers_due else []
        customers = list(dict.fromkeys([f[1] for f in ready] + due))
        inputs = tx.engine_inputs(customers)
        recorder = EngineRecorder(self.config, inputs.open_cases, out, self.wall_clock())
        states = {c: state_from_json(c, text) for c, text in inputs.states.items()}
        zone = self.config.workspace.timezone
        personas: dict[str, Persona] = {}
        for cid in customers:
            traits = {k: orjson.loads(v) for k, v in inputs.traits.get(cid, {}).items()}
            personas[cid] = persona_of(traits, inputs.identity_kinds.get(cid, ()), zone)
        for event_id, cid, event, source in ready:
            state = states.get(cid) or CustomerState(cid)
            states[cid], result = self.brain.on_event(state, event_id, event, source, personas[cid])
            recorder.record(cid, result)
            if event.type == "survey.response" and event.properties.get("survey") is not None:
                out.answers.append((cid, str(event.properties["survey"]), event.occurred_at))
        soonest: list[datetime] = []
        for cid in customers:
            state = states.get(cid) or CustomerState(cid)
            when = self.brain.due(state)
            if when is not None and when <= clock:
                state, result = self.brain.on_time(state, clock, personas[cid])
                recorder.record(cid, result)
                when = self.brain.due(state)
            if when is not None:
                soonest.append(when)
            out.states.append(StateRow(cid, state_to_json(state).decode(), when, recorder.recorded_at))
        overdue = (tx.overdue_cases(clock) if timers_due else []) + [
            (c.case_id, c.customer_id, c.case_type, c.owner, c.due_at) for c in out.cases if c.due_at <= clock
        ]
        for case in overdue:
            recorder.escalate(*case)
        soonest += [c.due_at for c in out.cases if c.due_at > clock]
        if timers_due:
            out.recompute_next_timer = True
        elif soonest and next_timer is not None:
            out.meta["next_timer"] = min(next_timer, *soonest).isoformat()
        # Invitations go out and expire by the clock; sweeping them once a minute of
        # engine time is enough, and keeps a stream of small batches cheap.
        if clock - _parse(meta.get("swept")) >= SWEEP:
            out.meta["swept"] = clock.isoformat()
            out.sweep_at = clock
        tx.apply_engine(out)


def _parse(value: str | None) -> datetime:
    return datetime.fromisoformat(value) if value else _FOREVER_AGO
