"""Customer state to JSON and back, so the engine's state survives a restart.

Timestamps inside a signal's evidence are written as ISO strings and read back
as datetimes when their key ends in ``_at`` (the detectors' convention).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from cxloop.engine.policy import Sent
from cxloop.engine.state import Contact, CustomerState, GoalStart
from cxloop.model import Signal

__all__ = ["state_from_json", "state_to_json"]


def _at(value: Any) -> datetime:
    return datetime.fromisoformat(str(value))


def _evidence_in(evidence: dict[str, Any]) -> dict[str, Any]:
    return {k: _at(v) if k.endswith("_at") and isinstance(v, str) else v for k, v in evidence.items()}


def state_to_json(state: CustomerState) -> bytes:
    return orjson.dumps(
        {
            "c": [[c.at, c.event_id, c.channel, c.topic] for c in state.contacts],
            "s": [[s.name, s.opened_at, s.event_id, dict(s.evidence)] for s in state.open_signals],
            "l": state.last_event_at,
            "i": [[i.at, i.survey, i.channel] for i in state.invitations],
            "r": list(state.responses),
            "g": [[g.goal, g.at, g.event_id] for g in state.goals],
        },
        option=orjson.OPT_NON_STR_KEYS,
        default=str,
    )


def state_from_json(customer_id: str, text: str | bytes) -> CustomerState:
    data = orjson.loads(text)
    return CustomerState(
        customer_id,
        contacts=tuple(Contact(_at(at), e, ch, topic) for at, e, ch, topic in data.get("c", ())),
        open_signals=tuple(
            Signal(name, customer_id, _at(at), e, _evidence_in(ev)) for name, at, e, ev in data.get("s", ())
        ),
        last_event_at=_at(data["l"]) if data.get("l") else None,
        invitations=tuple(Sent(_at(at), survey, ch) for at, survey, ch in data.get("i", ())),
        responses=tuple(_at(r) for r in data.get("r", ())),
        goals=tuple(GoalStart(goal, _at(at), e) for goal, at, e in data.get("g", ())),
    )
