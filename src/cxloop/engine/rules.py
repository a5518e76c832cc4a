"""Rules to decisions: ``event -> decision -> action`` for a persona, explained.

A decision is a record, not a side effect: which rules the event's type made
candidates, which held and why not, the contact-policy checks, the actions
chosen (or suppressed, with the reason) and a sentence a person can read. Ids
derive from (customer, rule, event), so a replay or a retry decides the same
ids and can never act twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cxloop.config.policy import ContactPolicyConfig
from cxloop.config.rules import RuleConfig
from cxloop.engine.policy import Check, ContactHistory, Sent, evaluate
from cxloop.engine.state import CustomerState
from cxloop.errors import ConfigError, ValidationError
from cxloop.model import Event
from cxloop.model.where import Condition, parse_where

__all__ = ["ActionPlan", "Decision", "RuleIndex", "decide", "digest", "holds", "matching"]

_SCORES = ("nps", "csat", "ces")


@dataclass(frozen=True)
class ActionPlan:
    action_id: str
    kind: str  # survey, alert, case, webhook
    target: str
    status: str  # planned, suppressed
    channel: str | None = None
    send_at: datetime | None = None
    reason: str = ""


@dataclass(frozen=True)
class Decision:
    decision_id: str
    customer_id: str
    event_id: str
    rule: str
    decided_at: datetime
    persona: Mapping[str, Any]
    considered: list[tuple[str, bool, str]]
    policy_checks: list[Check]
    actions: list[ActionPlan]
    explanation: str


@dataclass(frozen=True)
class _Compiled:
    rule: RuleConfig
    conditions: tuple[Condition, ...]


def digest(*parts: str) -> str:
    """A short stable id from its parts: the same parts always give the same id."""
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:24]


@dataclass
class RuleIndex:
    """Rules by event type; conditions parsed once, errors naming the rule."""

    rules: Sequence[RuleConfig]
    _by_type: dict[str, list[_Compiled]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for rule in self.rules:
            try:
                conditions = tuple(parse_where(rule.when.where, None))
            except ValidationError as exc:
                raise ConfigError(f"rules: {rule.name}: when.where: {str(exc).removeprefix('--where: ')}") from None
            for event_type in rule.when.events:
                self._by_type[event_type].append(_Compiled(rule, conditions))

    def candidates(self, event_type: str) -> list[_Compiled]:
        return self._by_type.get(event_type, [])


def _value(name: str, event: Event, source: str, traits: Mapping[str, Any]) -> Any:
    if name in _SCORES:
        return event.score(name)
    if name in ("type", "touchpoint", "channel"):
        return getattr(event, name)
    if name == "source":
        return source
    group, dot, rest = name.partition(".")
    if dot and group == "properties":
        return event.properties.get(rest)
    return traits.get(rest if dot and group == "traits" else name)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def holds(condition: Condition, event: Event, source: str, traits: Mapping[str, Any]) -> bool:
    value = _value(condition.field, event, source, traits)
    if condition.op in ("<", "<=", ">", ">="):
        if value is None or isinstance(value, bool):
            return False
        try:
            number, limit = float(value), float(condition.values[0])
        except (TypeError, ValueError):
            return False
        if condition.op == "<":
            return number < limit
        if condition.op == "<=":
            return number <= limit
        return number > limit if condition.op == ">" else number >= limit
    text = _text(value)
    if condition.op == "in":
        return text in condition.values
    if condition.op == "!=":
        return text != condition.values[0]
    return text == condition.values[0]


def matching(
    index: RuleIndex, state: CustomerState, event: Event, source: str, traits: Mapping[str, Any]
) -> tuple[list[RuleConfig], list[tuple[str, bool, str]]]:
    """The rules that hold for ``event``, and every candidate with why it did or did not hold.

    The reasons are written only when some rule holds: most events match none,
    and nobody reads the reasons of a decision that was never made.
    """
    candidates = index.candidates(event.type)
    if not candidates:
        return [], []
    open_signals = {s.name for s in state.open_signals}
    verdicts = []
    for compiled in candidates:
        failing = next((c for c in compiled.conditions if not holds(c, event, source, traits)), None)
        missing = [] if failing is not None else [s for s in compiled.rule.when.signals if s not in open_signals]
        verdicts.append((compiled.rule, failing, missing))
    matched = [rule for rule, failing, missing in verdicts if failing is None and not missing]
    if not matched:
        return [], []
    considered: list[tuple[str, bool, str]] = []
    for rule, failing, missing in verdicts:
        if failing is not None:
            considered.append(
                (rule.name, False, f"{failing.field} {failing.op} {', '.join(failing.values)} does not hold")
            )
        elif missing:
            considered.append((rule.name, False, f"signal(s) not open: {', '.join(missing)}"))
        else:
            considered.append((rule.name, True, "all conditions hold"))
    return matched, considered


def decide(
    index: RuleIndex,
    state: CustomerState,
    event_id: str,
    event: Event,
    source: str,
    traits: Mapping[str, Any],
    history: ContactHistory,
    policy: ContactPolicyConfig,
    now: datetime,
    *,
    matched: tuple[list[RuleConfig], list[tuple[str, bool, str]]] | None = None,
) -> list[Decision]:
    """One decision per rule that holds for ``event``; the others are listed as considered."""
    matched_rules, considered = matched or matching(index, state, event, source, traits)
    open_signals = {s.name for s in state.open_signals}
    decisions = []
    for rule in matched_rules:
        decision_id = digest(state.customer_id, rule.name, event_id)
        actions: list[ActionPlan] = []
        checks: list[Check] = []
        for i, action in enumerate(rule.then):
            action_id = digest(decision_id, str(i))
            if action.kind != "survey":
                actions.append(ActionPlan(action_id, action.kind, action.target, "planned"))
                continue
            outcome = evaluate(policy, history, action.target, event_id, now)
            checks.extend(outcome.checks)
            status = "planned" if outcome.allowed else "suppressed"
            if outcome.allowed and outcome.send_at and outcome.channel:
                # A second invitation decided on the same event sees this one under the caps.
                sent = Sent(outcome.send_at, action.target, outcome.channel)
                history = dataclasses.replace(history, invitations=(*history.invitations, sent))
            actions.append(ActionPlan(action_id, "survey", action.target, status, outcome.channel, outcome.send_at,
                                      outcome.reason))  # fmt: skip
        explanation = _explain(rule, event, event_id, traits, open_signals, actions)
        decisions.append(
            Decision(decision_id, state.customer_id, event_id, rule.name, now, dict(traits), considered, checks,
                     actions, explanation)
        )  # fmt: skip
    return decisions


def _explain(
    rule: RuleConfig, event: Event, event_id: str, traits: Mapping[str, Any], signals: set[str],
    actions: list[ActionPlan],
) -> str:  # fmt: skip
    who = f"a {traits['segment']} customer" if traits.get("segment") else "the customer"
    parts = [f"Rule {rule.name} matched {event.type} ({event_id}) for {who}"]
    if rule.when.signals:
        parts.append(f"with {', '.join(sorted(set(rule.when.signals) & signals))} open")
    done = []
    for a in actions:
        if a.kind == "survey" and a.status == "suppressed":
            done.append(f"survey {a.target} suppressed ({a.reason})")
        elif a.kind == "survey":
            when = f" at {a.send_at.isoformat()}" if a.send_at and a.send_at > event.occurred_at else ""
            done.append(f"survey {a.target} by {a.channel}{when}")
        else:
            done.append(f"{a.kind} {a.target}")
    return f"{' '.join(parts)}: {'; '.join(done)}."
