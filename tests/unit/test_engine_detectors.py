"""The detection half of the engine: pure functions, a fake clock, no sleeping."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.engine import CustomerState, Engine, KeywordText, observe, tick
from cxloop.model import Event

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def ev(minutes: float, type_: str, **extra: Any) -> Event:
    return Event.model_validate({"customer_id": "u1", "type": type_,
                                 "occurred_at": (T0 + timedelta(minutes=minutes)).isoformat(), **extra})  # fmt: skip


def run(events: list[tuple[str, Event]], source: str = "api") -> tuple[Engine, list[Any]]:
    engine = Engine()
    changes = []
    for event_id, event in events:
        changes += engine.observe("u1", event_id, event, source, now=event.occurred_at)
    return engine, changes


def test_repeat_contact_opens_once_and_clears_by_timer() -> None:
    contact = {"properties": {"topic": "delivery"}, "channel": "phone"}
    engine, changes = run([
        ("a", ev(0, "contact.created", **contact)),
        ("b", ev(60, "contact.created", properties={"topic": "billing"})),
        ("c", ev(24 * 60, "contact.created", **{**contact, "channel": "chat"})),
        ("d", ev(25 * 60, "contact.created", **contact)),  # a third: the same signal, refreshed
    ])  # fmt: skip
    assert [(c.change, c.signal.name) for c in changes] == [("opened", "repeat_contact")]
    opened = changes[0].signal
    assert opened.evidence["contacts"] == ["a", "c"]
    assert opened.evidence["channels"] == ["chat", "phone"]
    assert engine.tick(T0 + timedelta(days=7)) == []  # the last contact was a day after the first
    cleared = engine.tick(T0 + timedelta(days=8, minutes=25 * 60))
    assert [(c.change, c.reason) for c in cleared] == [("cleared", "no contact about delivery for 7 days")]


def test_a_late_contact_counts_in_the_window_it_belongs_to() -> None:
    later = ev(3 * 24 * 60, "contact.created", properties={"topic": "x"})
    earlier = ev(0, "contact.created", properties={"topic": "x"})
    _, changes = run([("late", later), ("early", earlier)])
    assert [c.signal.evidence["contacts"] for c in changes] == [["early", "late"]]


def test_failure_cleared_by_success_detractor_by_promoter_answer() -> None:
    _, changes = run([
        ("f", ev(0, "payment.failed", properties={"reason": "card_declined"}, touchpoint="payment")),
        ("p", ev(5, "order.paid")),
        ("s1", ev(60, "survey.response", properties={"nps": 3})),
        ("s2", ev(90, "survey.response", properties={"nps": 9})),
    ])  # fmt: skip
    assert [(c.change, c.signal.name, c.reason) for c in changes] == [
        ("opened", "failure", "payment.failed (f)"),
        ("cleared", "failure", "order.paid after payment.failed"),
        ("opened", "detractor", "survey.response (s1)"),
        ("cleared", "detractor", "answered NPS 9"),
    ]  # fmt: skip
    assert changes[0].signal.evidence["reason"] == "card_declined"


def test_upset_and_public_complaint_from_text() -> None:
    _, changes = run([("t", ev(0, "social.posted", text="Worst delivery ever", channel="social"))], source="social")
    assert sorted(c.signal.name for c in changes) == ["public_complaint", "upset"]
    assert {c.signal.evidence["span"] for c in changes} == {"Worst"}
    _, private = run([("t", ev(0, "chat.ended", text="worst delivery ever", channel="chat"))])
    assert [c.signal.name for c in private] == ["upset"]


@pytest.mark.parametrize(
    ("text", "negative"),
    [("Terrible service, I want to cancel my account", True), ("Great service, thanks", False),
     ("El pedido llegó tarde", True), ("配達が遅すぎて最悪です", True), ("服务态度很差，太失望了", True),
     ("ส่งของช้ามาก", True), ("التوصيل متأخر جدا", True), ("服务态度很好，下次还来", False)],
)  # fmt: skip
def test_keyword_lexicon_languages(text: str, negative: bool) -> None:
    assert (KeywordText().negative(text) is not None) == negative


types = st.sampled_from(["contact.created", "payment.failed", "order.paid", "survey.response", "page.viewed"])


@settings(max_examples=150, deadline=None)
@given(stream=st.lists(st.tuples(types, st.integers(0, 20 * 24 * 60), st.integers(0, 10),
                                 st.sampled_from(["a", "b"])), max_size=30))  # fmt: skip
def test_signals_alternate_open_and_clear_and_never_double_open(stream: list[tuple[str, int, int, str]]) -> None:
    state = CustomerState("u1")
    history: dict[str, list[str]] = {}
    now = T0
    for i, (type_, minute, score, topic) in enumerate(stream):
        props: dict[str, Any] = {"topic": topic}
        if type_ == "survey.response":
            props = {"nps": score}
        event = ev(minute, type_, properties=props, text="terrible" if score < 3 else None)
        now = max(now, event.occurred_at)
        state, changes = observe(state, f"e{i}", event, "api", now)
        for change in changes:
            history.setdefault(change.signal.name, []).append(change.change)
        names = [s.name for s in state.open_signals]
        assert len(names) == len(set(names))  # one open signal per name: debounced
    state, changes = tick(state, now + timedelta(days=60))
    for change in changes:
        history.setdefault(change.signal.name, []).append(change.change)
    assert state.open_signals == ()
    for name, sequence in history.items():
        assert sequence[0] == "opened", name
        assert all(a != b for a, b in itertools.pairwise(sequence)), (name, sequence)
