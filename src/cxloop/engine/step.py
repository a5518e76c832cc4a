"""One customer's step: an event (or the clock) in, signals and decisions out.

:class:`Brain` holds the compiled configuration (detectors, goals, rule index,
contact policy) and is pure: ``on_event(state, ...)`` and ``on_time(state, now)``
return the new state and what happened. Every signal that opens also becomes a
``signal.<name>`` trigger, so rules (and the built-in ``case_on_<signal>`` rules)
can act on signals that timers open, such as ``stuck``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cxloop.config.policy import ContactPolicyConfig
from cxloop.config.rules import ActionConfig, RuleConfig, WhenConfig
from cxloop.engine.core import observe, tick
from cxloop.engine.detectors import DEFAULT_DETECTORS, Detector
from cxloop.engine.goals import Goal, goal_event, goal_tick, stuck_due
from cxloop.engine.policy import ContactHistory, Sent
from cxloop.engine.rules import Decision, RuleIndex, decide, matching
from cxloop.engine.state import CustomerState
from cxloop.model import Event, SignalChange

__all__ = ["REACHABLE_BY_IDENTITY", "Brain", "Persona", "StepResult", "persona_of", "signal_rules"]

#: Which channel an identity kind makes a customer reachable on.
REACHABLE_BY_IDENTITY = {"email": "email", "phone": "sms", "device_id": "app"}


@dataclass(frozen=True)
class Persona:
    """What the profile says about the customer, as the rules and the contact policy need it."""

    traits: Mapping[str, Any] = field(default_factory=dict)
    reachable: frozenset[str] = frozenset()
    timezone: str = "UTC"

    @property
    def opted_out(self) -> bool:
        value = self.traits.get("opt_out")
        return value is True or str(value).lower() in {"true", "yes", "1"}


def persona_of(traits: Mapping[str, Any], identity_kinds: Iterable[str], default_zone: str) -> Persona:
    """The persona from a profile's descriptive traits and identity kinds."""
    zone = traits.get("timezone")
    if not isinstance(zone, str) or not _known_zone(zone):
        zone = default_zone
    reachable = frozenset(REACHABLE_BY_IDENTITY[k] for k in identity_kinds if k in REACHABLE_BY_IDENTITY)
    return Persona(traits, reachable, zone)


@functools.cache
def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass
class StepResult:
    changes: list[SignalChange] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    # (event id, event) of each trigger decided on, for the case owner's touchpoint
    triggers: dict[str, Event] = field(default_factory=dict)


def signal_rules(signals: Sequence[str], taken: set[str]) -> list[RuleConfig]:
    """The built-in rules that open a case when one of ``signals`` opens."""
    return [
        RuleConfig(name=f"case_on_{s}", when=WhenConfig(events=[f"signal.{s}"]), then=[ActionConfig(case=s)])
        for s in signals
        if f"case_on_{s}" not in taken
    ]


@dataclass
class Brain:
    rules: Sequence[RuleConfig]
    policy: ContactPolicyConfig
    detectors: Sequence[Detector] = DEFAULT_DETECTORS
    goals: Sequence[Goal] = ()
    index: RuleIndex = field(init=False)

    def __post_init__(self) -> None:
        self.index = RuleIndex(self.rules)

    def on_event(
        self, state: CustomerState, event_id: str, event: Event, source: str, persona: Persona
    ) -> tuple[CustomerState, StepResult]:
        now = event.occurred_at
        result = StepResult()
        state, timed = goal_tick(state, self.goals, now)  # timers due by the event's time first
        state, changes = observe(state, event_id, event, source, now, self.detectors)
        state, reached = goal_event(state, self.goals, event_id, event)
        result.changes = timed + changes + reached
        if event.type == "survey.response":
            state = state.with_response(now)
        state = self._decide(state, event_id, event, source, persona, result)
        return self._on_signals(state, event, persona, result)

    def on_time(self, state: CustomerState, now: datetime, persona: Persona) -> tuple[CustomerState, StepResult]:
        result = StepResult()
        state, expired = tick(state, now, self.detectors)
        state, timed = goal_tick(state, self.goals, now)
        result.changes = expired + timed
        return self._on_signals(state, None, persona, result)

    def due(self, state: CustomerState) -> datetime | None:
        """When :meth:`on_time` next has work for this customer (None: nothing pending)."""
        by_name = {d.name: d for d in self.detectors}
        moments = [by_name[s.name].due(s, state) for s in state.open_signals if s.name in by_name]
        stuck = stuck_due(state, self.goals)
        if stuck is not None:
            moments.append(stuck)
        return min(moments, default=None)

    def _on_signals(
        self, state: CustomerState, cause: Event | None, persona: Persona, result: StepResult
    ) -> tuple[CustomerState, StepResult]:
        for change in [c for c in result.changes if c.change == "opened"]:
            signal = change.signal
            scalars = {k: v for k, v in signal.evidence.items() if isinstance(v, str | int | float | bool)}
            # Built from values already validated, so it skips validation (a hot path).
            trigger = Event.model_construct(
                customer_id=state.customer_id, type=f"signal.{signal.name}", occurred_at=change.at,
                touchpoint=cause.touchpoint if cause else None, channel=cause.channel if cause else None,
                properties=scalars,
            )  # fmt: skip
            state = self._decide(state, f"{signal.event_id}/{signal.name}", trigger, "engine", persona, result)
        return state, result

    def _decide(
        self, state: CustomerState, event_id: str, event: Event, source: str, persona: Persona, result: StepResult
    ) -> CustomerState:
        found = matching(self.index, state, event, source, persona.traits)
        if not found[0]:
            return state
        history = ContactHistory(state.customer_id, state.invitations, state.responses, persona.opted_out,
                                 persona.reachable, persona.timezone)  # fmt: skip
        decisions = decide(self.index, state, event_id, event, source, persona.traits, history, self.policy,
                           event.occurred_at, matched=found)  # fmt: skip
        for decision in decisions:
            for action in decision.actions:
                if action.kind == "survey" and action.status == "planned" and action.send_at and action.channel:
                    state = state.with_invitation(Sent(action.send_at, action.target, action.channel))
        if decisions:
            result.decisions.extend(decisions)
            result.triggers[event_id] = event
        return state
