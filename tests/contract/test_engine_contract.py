"""The engine in the ingest transaction, on every store: decisions, invitations,
cases owned through the blueprint, SLA escalation, and no action twice."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.config import parse_config
from cxloop.governance import DataUseTags
from cxloop.ingest import Ingestor, records_from_objects
from cxloop.loop import EngineProcessor
from cxloop.store import Store, open_store

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

CONFIG = """
version: 1
workspace: {name: t}
purposes: [{name: service, description: s, basis: contract, retention_days: 30}]
sources: [{name: http, kind: http, purpose: service}, {name: social, kind: social, purpose: service}]
touchpoints: [{name: home_delivery}, {name: call_centre}, {name: social}, {name: checkout}]
defaults: {source: http, file_source: http}
contact_policy:
  max_invitations: {count: 1, per_days: 30}
  channel_priority: [email]
  suppress_after_response_days: 14
rules:
  - {name: survey_after_delivery, when: {events: [delivery.delivered]}, then: [{survey: post_delivery}]}
  - name: repeat_case
    when: {events: [contact.created], signals: [repeat_contact]}
    then: [{case: repeat_contact}, {alert: support}]
  - {name: nudge_stuck, when: {events: [signal.stuck]}, then: [{alert: digital}]}
blueprint:
  - {touchpoint: home_delivery, process: fulfilment, team: logistics}
  - {touchpoint: call_centre, process: service, team: support}
teams: [{name: support, escalate_to: leads}]
case_types: [{name: repeat_contact, sla_hours: 24}]
goals: [{name: checkout, start: [checkout.started], done: [order.paid], within_hours: 2}]
engine: {grace_seconds: GRACE}
"""


def ev(cid: str, kind: str, at: datetime, eid: str, **extra: Any) -> dict[str, Any]:
    return {"event_id": eid, "customer_id": cid, "type": kind, "occurred_at": at.isoformat(),
            "identities": {"email": f"{cid}@example.com"}, **extra}  # fmt: skip


class World:
    def __init__(self, store: Store, grace: float = 0, wall: datetime | None = None) -> None:
        self.config = parse_config(CONFIG.replace("GRACE", str(grace)))
        self.store = store
        self.engine = EngineProcessor(self.config, wall_clock=lambda: wall or T0)
        tags = DataUseTags(sources={"http": "service", "social": "service"}, purposes=frozenset({"service"}))
        self.ingestor = Ingestor(store, tags, engine=self.engine, clock=lambda: T0)

    def send(self, *events: dict[str, Any]) -> None:
        result = self.ingestor.ingest(records_from_objects(list(events)), default_source="http")
        assert result.rejected == 0, result.rejects

    def rows(self, table: str, order: str) -> list[dict[str, Any]]:
        rows = self.store.query(f"SELECT * FROM {table} ORDER BY {order}").to_pylist()
        for row in rows:
            row.pop("recorded_at", None)
        return rows


@pytest.fixture
def world(store: Store) -> World:
    return World(store)


def test_invitations_are_sent_capped_and_answered(world: World) -> None:
    world.send(ev("c1", "delivery.delivered", T0, "d1", touchpoint="home_delivery"))
    world.send(ev("c1", "delivery.delivered", T0 + timedelta(days=2), "d2", touchpoint="home_delivery"))
    world.send(
        ev("c1", "survey.response", T0 + timedelta(days=3), "r1", properties={"survey": "post_delivery", "nps": 9})
    )
    invitations = world.rows("invitations", "created_at")
    assert [(i["event_id"], i["status"], i["channel"]) for i in invitations] == [
        ("d1", "answered", "email"), ("d2", "suppressed", None)
    ]  # fmt: skip
    assert invitations[0]["answered_at"] == T0 + timedelta(days=3)
    assert invitations[1]["suppression_reason"] == "max_invitations: 1 invitations in the last 30 days; the cap is 1"
    decisions = world.rows("decisions", "decided_at")
    assert "survey post_delivery suppressed (max_invitations" in decisions[1]["explanation"]


def test_repeat_contact_opens_one_case_owned_by_the_blueprint_team_and_escalates(world: World) -> None:
    contact = {"touchpoint": "call_centre", "channel": "phone", "properties": {"topic": "refund"}}
    world.send(ev("c2", "contact.created", T0, "k1", **contact))
    world.send(ev("c2", "contact.created", T0 + timedelta(hours=1), "k2", **contact))
    world.send(ev("c2", "contact.created", T0 + timedelta(hours=2), "k3", **contact))
    [case] = world.rows("cases", "opened_at")
    assert (case["owner"], case["status"], case["trigger_event_id"]) == ("support", "open", "k2")
    assert case["due_at"] - case["opened_at"] == timedelta(hours=24)
    actions = world.rows("actions", "created_at, action_id")
    assert sorted((a["kind"], a["status"]) for a in actions) == [
        ("alert", "planned"), ("alert", "planned"), ("case", "merged"), ("case", "planned")
    ]  # fmt: skip
    assert case["escalated_at"] is None
    # Someone else's event a day later moves the engine's clock past the SLA.
    world.send(ev("c9", "page.viewed", T0 + timedelta(days=2), "p9"))
    [case] = world.rows("cases", "opened_at")
    assert case["escalated_at"] == case["due_at"]
    escalation = [d for d in world.rows("decisions", "decided_at") if d["rule"] == "sla_escalation"]
    assert len(escalation) == 1 and "escalation alert to leads" in escalation[0]["explanation"]
    outbox = {o["kind"]: o for o in world.rows("outbox", "created_at")}
    assert outbox["escalation"]["status"] == "recorded"  # the team declares no webhook


def test_detractor_opens_a_default_case_and_stuck_fires_by_timer(world: World) -> None:
    world.send(ev("c3", "survey.response", T0, "r3", touchpoint="home_delivery",
                  properties={"survey": "post_delivery", "nps": 2}))  # fmt: skip
    [case] = world.rows("cases", "opened_at")
    assert (case["case_type"], case["owner"], case["trigger"]) == (
        "detractor",
        "logistics",
        "case_on_detractor: signal.detractor",
    )
    world.send(ev("c4", "checkout.started", T0, "s4", touchpoint="checkout"))
    assert not [s for s in world.rows("signals", "changed_at") if s["name"] == "stuck"]
    world.send(ev("c5", "page.viewed", T0 + timedelta(hours=3), "p5"))  # the clock passes the goal's limit
    [stuck] = [s for s in world.rows("signals", "changed_at") if s["name"] == "stuck"]
    assert (stuck["customer_id"], stuck["changed_at"]) == ("c4", T0 + timedelta(hours=2))
    assert any(d["rule"] == "nudge_stuck" and d["customer_id"] == "c4" for d in world.rows("decisions", "decided_at"))


def test_resending_events_or_restarting_the_engine_adds_no_action(store: Store) -> None:
    contact = {"touchpoint": "call_centre", "properties": {"topic": "late"}}
    events = [ev("c6", "delivery.delivered", T0, "d6"), ev("c6", "contact.created", T0, "k6", **contact),
              ev("c6", "contact.created", T0 + timedelta(minutes=5), "k7", **contact)]  # fmt: skip
    World(store).send(*events)
    before = {t: World(store).rows(t, "1") for t in ("decisions", "actions", "outbox", "cases", "invitations")}
    World(store).send(*events)  # a new engine process receives the same events again
    World(store).send(*reversed(events))
    after = {t: World(store).rows(t, "1") for t in before}
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    assert sorted(a["kind"] for a in before["actions"]) == ["alert", "case", "survey"]


def _export(world: World) -> dict[str, list[dict[str, Any]]]:
    return {
        "decisions": world.rows("decisions", "decision_id"),
        "actions": world.rows("actions", "action_id"),
        "signals": world.rows("signals", "signal_key"),
        "invitations": world.rows("invitations", "invitation_id"),
        "cases": [{k: v for k, v in c.items()} for c in world.rows("cases", "case_id")],
    }


def _stream(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    events = []
    for i in range(40):
        cid = f"c{rng.randrange(6)}"
        at = T0 + timedelta(minutes=rng.randrange(0, 600))
        kind = rng.choice(["delivery.delivered", "contact.created", "survey.response", "checkout.started",
                           "order.paid", "page.viewed"])  # fmt: skip
        extra: dict[str, Any] = {}
        if kind == "contact.created":
            extra = {"touchpoint": "call_centre", "properties": {"topic": rng.choice(["a", "b"])}}
        elif kind == "survey.response":
            extra = {"properties": {"survey": "post_delivery", "nps": rng.randrange(11)}}
        events.append(ev(cid, kind, at, f"e{i}", **extra))
    return sorted(events, key=lambda e: (e["occurred_at"], e["event_id"]))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), shuffle=st.integers(0, 10**6))
def test_any_arrival_order_within_the_grace_period_gives_the_same_decisions(seed: int, shuffle: int) -> None:
    events = _stream(seed)
    rng = random.Random(shuffle)
    # Each event arrives up to 50 minutes late; the grace period is an hour.
    late = sorted(events, key=lambda e: datetime.fromisoformat(e["occurred_at"]) + timedelta(minutes=rng.randrange(50)))
    outcomes = []
    for order in (events, late):
        store = open_store("duckdb://:memory:")
        world = World(store, grace=3600, wall=T0 + timedelta(days=1))
        for start in range(0, len(order), 3):  # small batches, as a collector sends them
            world.send(*order[start : start + 3])
        world.engine.tick(store)  # the wall clock passes the last grace period
        outcomes.append(_export(world))
        assert store.query("SELECT count(*) AS n FROM engine_pending").column("n")[0].as_py() == 0
        store.close()
    assert outcomes[0] == outcomes[1]
    assert outcomes[0]["decisions"]


@pytest.fixture
def memory_store() -> Iterator[Store]:
    store = open_store("duckdb://:memory:")
    yield store
    store.close()


def test_an_event_later_than_the_grace_period_is_still_decided(memory_store: Store) -> None:
    world = World(memory_store, grace=60)
    world.send(ev("c7", "page.viewed", T0 + timedelta(hours=1), "p7"))
    world.send(ev("c8", "delivery.delivered", T0, "d8"))  # an hour late, past the minute of grace
    assert [d["event_id"] for d in world.rows("decisions", "decided_at")] == ["d8"]
