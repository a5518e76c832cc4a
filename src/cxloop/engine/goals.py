"""The ``stuck`` detector: a customer who started a goal and has not reached it in time.

Unlike the other detectors it opens on a timer, not on an event: :func:`goal_tick`
is called with the engine's clock (the event-time watermark), so a customer who
goes silent is still found.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cxloop.engine.detectors import last_seen
from cxloop.engine.state import CustomerState, GoalStart
from cxloop.model import Event, Signal, SignalChange

__all__ = ["STUCK", "Goal", "goal_event", "goal_tick", "stuck_due"]

STUCK = "stuck"
#: A stuck signal clears when the goal is reached, or after this long.
STUCK_CLEARS_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Goal:
    name: str
    start: frozenset[str]
    done: frozenset[str]
    within: timedelta


def goal_event(
    state: CustomerState, goals: Sequence[Goal], event_id: str, event: Event
) -> tuple[CustomerState, list[SignalChange]]:
    """Start or reach goals on ``event``; reaching one clears a stuck signal about it."""
    changes: list[SignalChange] = []
    for goal in goals:
        if event.type in goal.done:
            started = [g for g in state.goals if g.goal == goal.name and g.at <= event.occurred_at]
            if started:
                state = dataclasses.replace(state, goals=tuple(g for g in state.goals if g not in started))
            stuck = state.signal(STUCK)
            if stuck is not None and stuck.evidence.get("goal") == goal.name and event.occurred_at >= stuck.opened_at:
                state = state.cleared(STUCK)
                changes.append(SignalChange("cleared", stuck, event.occurred_at, f"reached {goal.name} ({event_id})"))
        elif event.type in goal.start and not any(g.goal == goal.name for g in state.goals):
            state = dataclasses.replace(state, goals=(*state.goals, GoalStart(goal.name, event.occurred_at, event_id)))
    return state, changes


def goal_tick(state: CustomerState, goals: Sequence[Goal], now: datetime) -> tuple[CustomerState, list[SignalChange]]:
    """Open ``stuck`` for goals past their time limit at ``now``; clear an old stuck signal."""
    changes: list[SignalChange] = []
    limits = {g.name: g.within for g in goals}
    for started in state.goals:
        within = limits.get(started.goal)
        if within is None or now < started.at + within:
            continue
        state = dataclasses.replace(state, goals=tuple(g for g in state.goals if g != started))
        if state.signal(STUCK) is None:
            at = started.at + within
            evidence = {"goal": started.goal, "started_at": started.at, "started_event_id": started.event_id,
                        "within_hours": within.total_seconds() / 3600}  # fmt: skip
            signal = Signal(STUCK, state.customer_id, at, started.event_id, evidence)
            state = state.opened(signal)
            changes.append(SignalChange("opened", signal, at, f"{started.goal} not reached within {within}"))
    stuck = state.signal(STUCK)
    if stuck is not None and now - last_seen(stuck) >= STUCK_CLEARS_AFTER:
        state = state.cleared(STUCK)
        at = last_seen(stuck) + STUCK_CLEARS_AFTER
        changes.append(SignalChange("cleared", stuck, at, f"stuck for more than {STUCK_CLEARS_AFTER.days} days"))
    return state, changes


def stuck_due(state: CustomerState, goals: Sequence[Goal]) -> datetime | None:
    """The next moment :func:`goal_tick` has something to do for this customer."""
    limits = {g.name: g.within for g in goals}
    moments = [g.at + limits[g.goal] for g in state.goals if g.goal in limits]
    stuck = state.signal(STUCK)
    if stuck is not None:
        moments.append(last_seen(stuck) + STUCK_CLEARS_AFTER)
    return min(moments, default=None)
