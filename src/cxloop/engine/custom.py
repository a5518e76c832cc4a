"""Detectors declared in ``cxloop.yaml`` (``detectors:``): open on matching events, clear when quiet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cxloop.config.engine import DetectorConfig, GoalConfig
from cxloop.engine.detectors import Verdict, last_seen
from cxloop.engine.goals import Goal
from cxloop.engine.rules import holds
from cxloop.engine.state import CustomerState
from cxloop.errors import ConfigError, ValidationError
from cxloop.model import Event, Signal
from cxloop.model.where import Condition, parse_where

__all__ = ["WhereDetector", "custom_detectors", "goals_of"]


@dataclass(frozen=True)
class WhereDetector:
    name: str
    events: frozenset[str]
    conditions: tuple[Condition, ...]
    clear_after: timedelta

    def on_event(self, state: CustomerState, event_id: str, event: Event, source: str) -> Verdict | None:
        if event.type not in self.events or not all(holds(c, event, source, {}) for c in self.conditions):
            return None
        return Verdict(evidence={"type": event.type, "touchpoint": event.touchpoint, "channel": event.channel})

    def expired(self, signal: Signal, state: CustomerState, now: datetime) -> str | None:
        return f"no {self.name} for {self.clear_after}" if now >= self.due(signal, state) else None

    def due(self, signal: Signal, state: CustomerState) -> datetime:
        return last_seen(signal) + self.clear_after


def custom_detectors(configs: Sequence[DetectorConfig]) -> tuple[WhereDetector, ...]:
    detectors = []
    for config in configs:
        try:
            conditions = tuple(parse_where(config.where, None))
        except ValidationError as exc:
            raise ConfigError(f"detectors: {config.name}: where: {str(exc).removeprefix('--where: ')}") from None
        detectors.append(
            WhereDetector(config.name, frozenset(config.events), conditions, timedelta(days=config.clear_after_days))
        )
    return tuple(detectors)


def goals_of(configs: Sequence[GoalConfig]) -> tuple[Goal, ...]:
    return tuple(Goal(g.name, frozenset(g.start), frozenset(g.done), timedelta(hours=g.within_hours)) for g in configs)
