"""What the engine decided, as rows: signals, decisions, actions, invitations,
cases (owned by the blueprint's team, due by the case type's SLA) and outbox
entries, plus SLA escalations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import orjson

from cxloop.config import WorkspaceConfig
from cxloop.engine.rules import ActionPlan, Decision, digest
from cxloop.engine.step import StepResult
from cxloop.model import Event, SignalChange
from cxloop.store.engine_rows import (
    ActionRow,
    CaseRow,
    DecisionRow,
    EngineBatch,
    InvitationRow,
    OutboxRow,
    SignalRow,
)

__all__ = ["EngineRecorder"]


def _json(value: Any) -> str:
    # Sorted keys: the same decision is the same text however the store returned the traits.
    return orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS).decode()


class EngineRecorder:
    """Turns engine results into the rows of one :class:`EngineBatch`."""

    def __init__(
        self, config: WorkspaceConfig, open_cases: dict[str, dict[str, str]], out: EngineBatch, recorded_at: datetime
    ) -> None:
        self.config = config
        self.open_cases = open_cases
        self.out = out
        self.recorded_at = recorded_at

    def record(self, customer_id: str, result: StepResult) -> None:
        for change in result.changes:
            self._signal(customer_id, change)
        for decision in result.decisions:
            self._decision(decision, result.triggers[decision.event_id])

    def _signal(self, customer_id: str, change: SignalChange) -> None:
        s = change.signal
        key = digest(customer_id, s.name, change.change, change.at.isoformat(), s.event_id)
        self.out.signals.append(
            SignalRow(key, customer_id, s.name, change.change, change.at, s.event_id, change.reason,
                      _json(dict(s.evidence)), self.recorded_at)
        )  # fmt: skip

    def _decision(self, d: Decision, trigger: Event) -> None:
        considered = [{"rule": r, "matched": ok, "why": why} for r, ok, why in d.considered]
        checks = [{"check": c.name, "passed": c.passed, "detail": c.detail} for c in d.policy_checks]
        actions = [self._action(d, a, trigger) for a in d.actions]
        explanation = d.explanation
        merged = [a for a in actions if a.status == "merged"]
        if merged:
            explanation += " " + " ".join(f"{a.reason}." for a in merged)
        self.out.decisions.append(
            DecisionRow(d.decision_id, d.customer_id, d.event_id, trigger.type, d.rule, d.decided_at,
                        _json(dict(d.persona)), _json(considered), _json(checks), explanation, self.recorded_at)
        )  # fmt: skip
        self.out.actions.extend(actions)

    def _action(self, d: Decision, a: ActionPlan, trigger: Event) -> ActionRow:
        at = d.decided_at
        status, reason, destination = a.status, a.reason, None
        payload: dict[str, Any] = {"action_id": a.action_id, "kind": a.kind, "target": a.target,
                                   "customer_id": d.customer_id, "decision_id": d.decision_id, "rule": d.rule,
                                   "event_id": d.event_id, "trigger": trigger.type, "decided_at": at,
                                   "explanation": d.explanation}  # fmt: skip
        if a.kind == "survey":
            if status == "planned":
                sent = "scheduled" if a.send_at and a.send_at > at else "sent"
                payload |= {"survey": a.target, "channel": a.channel, "send_at": a.send_at}
            else:
                sent = "suppressed"
            self.out.invitations.append(
                InvitationRow(a.action_id, d.customer_id, a.target, a.channel, at, a.send_at, sent,
                              a.reason if sent == "suppressed" else None, d.decision_id, d.event_id, None)
            )  # fmt: skip
            webhook = self.config.delivery.invitations_webhook
            destination = str(webhook) if webhook else None
        elif a.kind == "case":
            existing = self.open_cases.get(d.customer_id, {}).get(a.target)
            if existing is not None:
                status, reason = "merged", f"case {existing} ({a.target}) is already open"
            else:
                owner = self.config.owner_of(trigger.touchpoint, a.target)
                due = at + timedelta(hours=self.config.sla_hours(a.target))
                self.open_cases.setdefault(d.customer_id, {})[a.target] = a.action_id
                self.out.cases.append(
                    CaseRow(a.action_id, d.customer_id, a.target, owner, "open", at, due, f"{d.rule}: {trigger.type}",
                            d.event_id, trigger.touchpoint, d.decision_id, None, None, None, None, None, None, at)
                )  # fmt: skip
                payload |= {"case_id": a.action_id, "case_type": a.target, "owner": owner, "due_at": due}
                destination = self._team_webhook(owner)
        elif a.kind == "alert":
            destination = self._team_webhook(a.target)
        elif a.kind == "webhook":
            destination = a.target
        if status == "planned":
            self.out.outbox.append(
                OutboxRow(a.action_id, a.kind, destination, _json(payload), "pending" if destination else "recorded",
                          0, None, None, at, None)
            )  # fmt: skip
        return ActionRow(a.action_id, d.decision_id, d.customer_id, a.kind, a.target, status, a.channel, a.send_at,
                         reason, at)  # fmt: skip

    def _team_webhook(self, team: str) -> str | None:
        declared = self.config.team(team)
        return str(declared.webhook) if declared is not None and declared.webhook is not None else None

    def escalate(self, case_id: str, customer_id: str, case_type: str, owner: str, due_at: datetime) -> None:
        """A case passed its SLA: record the decision and alert the escalation team."""
        team = self.config.team(owner)
        to = team.escalate_to if team is not None and team.escalate_to else owner
        decision_id = digest(case_id, "sla_escalation")
        action_id = digest(decision_id, "0")
        explanation = (
            f"Case {case_id} ({case_type}, owned by {owner}) passed its SLA at {due_at.isoformat()}"
            f" without being resolved: escalation alert to {to}."
        )
        self.out.escalated.append((case_id, due_at))
        self.out.decisions.append(
            DecisionRow(decision_id, customer_id, case_id, "case.sla_breached", "sla_escalation", due_at, "{}", "[]",
                        "[]", explanation, self.recorded_at)
        )  # fmt: skip
        self.out.actions.append(
            ActionRow(action_id, decision_id, customer_id, "escalation", to, "planned", None, None, "", due_at)
        )
        payload = {"action_id": action_id, "kind": "escalation", "target": to, "case_id": case_id,
                   "case_type": case_type, "owner": owner, "due_at": due_at, "customer_id": customer_id,
                   "explanation": explanation}  # fmt: skip
        destination = self._team_webhook(to)
        self.out.outbox.append(
            OutboxRow(action_id, "escalation", destination, _json(payload), "pending" if destination else "recorded",
                      0, None, None, due_at, None)
        )  # fmt: skip
