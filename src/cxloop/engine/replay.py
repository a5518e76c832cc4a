"""Replay (a backtest): history through a rule set, with no side effects.

Events are fed in event-time order through the detectors and the rules, with
the contact policy applied to invitations the replay itself would have sent,
so a candidate rule set can be judged before it goes live.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cxloop.config.policy import ContactPolicyConfig
from cxloop.config.rules import RuleConfig
from cxloop.engine.core import observe
from cxloop.engine.detectors import DEFAULT_DETECTORS, Detector
from cxloop.engine.policy import ContactHistory, Sent
from cxloop.engine.rules import Decision, RuleIndex, decide
from cxloop.engine.state import CustomerState
from cxloop.model import Event

__all__ = ["ReplayReport", "replay"]

Replayed = tuple[str, str, Event, str]  # customer_id, event_id, event, source


@dataclass
class ReplayReport:
    events: int = 0
    signals_opened: Counter[str] = field(default_factory=Counter)
    decisions: Counter[str] = field(default_factory=Counter)  # by rule
    actions: Counter[str] = field(default_factory=Counter)  # by kind:target
    suppressed: Counter[str] = field(default_factory=Counter)  # by reason (check name)
    examples: list[Decision] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "signals_opened": dict(self.signals_opened),
            "decisions": dict(self.decisions),
            "actions": dict(self.actions),
            "suppressed": dict(self.suppressed),
            "examples": [{"decision_id": d.decision_id, "customer_id": d.customer_id, "event_id": d.event_id,
                          "rule": d.rule, "explanation": d.explanation} for d in self.examples],
        }  # fmt: skip


def replay(
    events: Iterable[Replayed],
    rules: Sequence[RuleConfig],
    policy: ContactPolicyConfig,
    *,
    traits: Callable[[str], Mapping[str, Any]] = lambda _: {},
    reachable: Callable[[str], frozenset[str]] = lambda _: frozenset({"email"}),
    detectors: Sequence[Detector] = DEFAULT_DETECTORS,
    examples: int = 5,
) -> ReplayReport:
    """What ``rules`` would have done over ``events`` (in event-time order)."""
    index = RuleIndex(rules)
    report = ReplayReport()
    states: dict[str, CustomerState] = {}
    sent: dict[str, list[Sent]] = {}
    answered: dict[str, list[datetime]] = {}
    for customer_id, event_id, event, source in events:
        report.events += 1
        now = event.occurred_at
        state = states.get(customer_id) or CustomerState(customer_id)
        state, changes = observe(state, event_id, event, source, now, detectors)
        states[customer_id] = state
        report.signals_opened.update(c.signal.name for c in changes if c.change == "opened")
        history = ContactHistory(customer_id, sent.get(customer_id, ()), answered.get(customer_id, ()),
                                 reachable=reachable(customer_id))  # fmt: skip
        for decision in decide(index, state, event_id, event, source, traits(customer_id), history, policy, now):
            report.decisions[decision.rule] += 1
            if len(report.examples) < examples:
                report.examples.append(decision)
            for action in decision.actions:
                if action.status == "suppressed":
                    report.suppressed[action.reason.split(":")[0]] += 1
                    continue
                report.actions[f"{action.kind}:{action.target}"] += 1
                if action.kind == "survey" and action.send_at and action.channel:
                    sent.setdefault(customer_id, []).append(Sent(action.send_at, action.target, action.channel))
        if event.type == "survey.response":
            answered.setdefault(customer_id, []).append(now)
    return report
