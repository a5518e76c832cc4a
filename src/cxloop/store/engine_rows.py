"""Rows of the engine's tables (migration 2) and what one engine step writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

__all__ = [
    "ActionRow",
    "CaseRow",
    "DecisionRow",
    "EngineBatch",
    "EngineInputs",
    "InvitationRow",
    "OutboxRow",
    "PendingRow",
    "SignalRow",
    "StateRow",
]


class StateRow(NamedTuple):
    customer_id: str
    state: str  # JSON text (cxloop.engine.codec)
    due_at: datetime | None
    updated_at: datetime


class PendingRow(NamedTuple):
    event_id: str
    customer_id: str
    occurred_at: datetime
    source: str
    event: str  # the event as JSON text


class SignalRow(NamedTuple):
    signal_key: str
    customer_id: str
    name: str
    change: str  # opened | cleared
    changed_at: datetime
    event_id: str
    reason: str
    evidence: str  # JSON text
    recorded_at: datetime


class DecisionRow(NamedTuple):
    decision_id: str
    customer_id: str
    event_id: str
    trigger: str  # the triggering event's type
    rule: str
    decided_at: datetime
    persona: str  # JSON text
    considered: str  # JSON text
    policy_checks: str  # JSON text
    explanation: str
    recorded_at: datetime


class ActionRow(NamedTuple):
    action_id: str
    decision_id: str
    customer_id: str
    kind: str  # survey | alert | case | webhook | escalation
    target: str
    status: str  # planned | suppressed | merged
    channel: str | None
    send_at: datetime | None
    reason: str
    created_at: datetime


class InvitationRow(NamedTuple):
    invitation_id: str
    customer_id: str
    survey: str
    channel: str | None
    created_at: datetime
    send_at: datetime | None
    status: str  # scheduled | sent | suppressed | answered | expired
    suppression_reason: str | None
    decision_id: str
    event_id: str
    answered_at: datetime | None


class CaseRow(NamedTuple):
    case_id: str
    customer_id: str
    case_type: str
    owner: str
    status: str  # open | in_progress | resolved | closed
    opened_at: datetime
    due_at: datetime
    trigger: str
    trigger_event_id: str
    touchpoint: str | None
    decision_id: str
    assignee: str | None
    escalated_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    root_cause: str | None
    outcome: str | None
    updated_at: datetime


class OutboxRow(NamedTuple):
    action_id: str
    kind: str
    destination: str | None  # a URL, or None where the action is recorded only
    payload: str  # JSON text
    status: str  # pending | delivered | recorded | dead
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None


@dataclass(frozen=True)
class EngineInputs:
    """What the engine needs of the store for some customers."""

    states: dict[str, str]  # customer id -> state JSON
    traits: dict[str, dict[str, str]]  # customer id -> descriptive attribute -> JSON text
    identity_kinds: dict[str, set[str]]
    open_cases: dict[str, dict[str, str]]  # customer id -> case type -> case id


@dataclass
class EngineBatch:
    """Everything one engine step writes, in the ingest transaction."""

    states: list[StateRow] = field(default_factory=list)
    pending_add: list[PendingRow] = field(default_factory=list)
    pending_done: list[str] = field(default_factory=list)
    signals: list[SignalRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    invitations: list[InvitationRow] = field(default_factory=list)
    cases: list[CaseRow] = field(default_factory=list)
    outbox: list[OutboxRow] = field(default_factory=list)
    answers: list[tuple[str, str, datetime]] = field(default_factory=list)  # customer, survey, answered at
    escalated: list[tuple[str, datetime]] = field(default_factory=list)  # case id, at
    meta: dict[str, str] = field(default_factory=dict)
    sweep_at: datetime | None = None  # when set, invitations go out or expire by this clock (the watermark)
    recompute_next_timer: bool = False  # store the earliest state or case timer as meta next_timer
    invitation_expiry_days: int = 14
