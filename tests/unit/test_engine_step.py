"""The engine's step: custom detectors, signal-triggered rules, and state that
survives a restart (JSON round trip)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.config import parse_config
from cxloop.config.policy import ContactPolicyConfig
from cxloop.engine.codec import state_from_json, state_to_json
from cxloop.engine.custom import custom_detectors
from cxloop.engine.detectors import DEFAULT_DETECTORS
from cxloop.engine.state import CustomerState
from cxloop.engine.step import Brain, Persona, signal_rules
from cxloop.model import Event

T0 = datetime(2026, 4, 1, 10, tzinfo=UTC)
CONFIG = parse_config("""version: 1
workspace: {name: t}
purposes: [{name: service, description: s, basis: contract, retention_days: 30}]
sources: [{name: http, kind: http, purpose: service}]
detectors:
  - {name: big_return, events: [return.requested], where: "properties.amount >= 200", clear_after_days: 3}
""")


def event(kind: str, at: datetime, **extra: object) -> Event:
    return Event.model_validate({"customer_id": "c1", "type": kind, "occurred_at": at, **extra})


def brain() -> Brain:
    rules = signal_rules(["big_return", "detractor"], set())
    return Brain(rules, ContactPolicyConfig(), (*DEFAULT_DETECTORS, *custom_detectors(CONFIG.detectors)))


def test_a_custom_detector_opens_on_its_condition_and_its_signal_triggers_rules() -> None:
    b, persona = brain(), Persona()
    state, small = b.on_event(CustomerState("c1"), "r1", event("return.requested", T0, properties={"amount": 50}),
                              "http", persona)  # fmt: skip
    assert small.changes == [] and small.decisions == []
    state, big = b.on_event(state, "r2", event("return.requested", T0, properties={"amount": 250}), "http", persona)
    assert [(c.change, c.signal.name) for c in big.changes] == [("opened", "big_return")]
    [decision] = big.decisions
    assert (decision.rule, decision.event_id, decision.actions[0].kind) == (
        "case_on_big_return",
        "r2/big_return",
        "case",
    )
    assert b.due(state) == T0 + timedelta(days=3)
    state, later = b.on_time(state, T0 + timedelta(days=3), persona)
    assert [(c.change, c.at) for c in later.changes] == [("cleared", T0 + timedelta(days=3))]
    assert b.due(state) is None


@settings(max_examples=60, deadline=None)
@given(
    kinds=st.lists(
        st.sampled_from(["contact.created", "survey.response", "payment.failed", "delivery.delivered"]), max_size=12
    ),
    gaps=st.lists(st.integers(0, 60 * 24 * 5), min_size=12, max_size=12),
)
def test_state_survives_a_round_trip_through_json(kinds: list[str], gaps: list[int]) -> None:
    b, persona = brain(), Persona(reachable=frozenset({"email"}))
    state, at = CustomerState("c1"), T0
    for i, (kind, gap) in enumerate(zip(kinds, gaps, strict=False)):
        at += timedelta(minutes=gap)
        extra: dict[str, object] = {"properties": {"topic": "refund"}}
        if kind == "survey.response":
            extra = {"properties": {"survey": "s", "nps": gap % 11}}
        state, _ = b.on_event(state, f"e{i}", event(kind, at, **extra), "http", persona)
        assert state_from_json("c1", state_to_json(state)) == state


def test_a_next_best_action_offer_is_an_action_like_the_others() -> None:
    from cxloop.config.rules import RuleConfig

    rule = RuleConfig.model_validate(
        {"name": "win_back", "when": {"events": ["signal.detractor"]}, "then": [{"offer": "free_delivery"}]}
    )
    b = Brain([rule], ContactPolicyConfig())
    answer = event("survey.response", T0, properties={"survey": "s", "nps": 3})
    _, result = b.on_event(CustomerState("c1"), "a1", answer, "http", Persona())
    [decision] = result.decisions
    assert [(a.kind, a.target, a.status) for a in decision.actions] == [("offer", "free_delivery", "planned")]
    assert decision.explanation.endswith("offer free_delivery.")
