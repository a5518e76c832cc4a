"""The engine's SQL, shared by both stores: reading what a step needs, writing what it did.

Inserts are ``ON CONFLICT DO NOTHING`` on ids derived from (customer, rule,
event): a step replayed after a crash, or an event sent twice, writes nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from cxloop.store.engine_rows import (
    ActionRow,
    CaseRow,
    DecisionRow,
    EngineBatch,
    EngineInputs,
    InvitationRow,
    OutboxRow,
    PendingRow,
    SignalRow,
    StateRow,
)

if TYPE_CHECKING:
    from cxloop.store.sqlbase import Column, SqlStore

__all__ = ["CASE_COLUMNS", "ENGINE_EXPORTS", "apply_engine", "engine_inputs"]

T, TS, BIG = "TEXT", "TIMESTAMPTZ", "BIGINT"
#: next_timer when no state or case has a timer pending.
NO_TIMER = "9999-12-31T00:00:00+00:00"


def _columns(row: type[Any], types: dict[str, str]) -> list[Column]:
    return [(name, types.get(name, T)) for name in row._fields]


_TIMES = {n: TS for n in ("due_at", "updated_at", "occurred_at", "changed_at", "recorded_at", "decided_at", "send_at",
                          "created_at", "answered_at", "opened_at", "escalated_at", "resolved_at", "closed_at",
                          "next_attempt_at", "delivered_at")}  # fmt: skip
STATE_COLUMNS = _columns(StateRow, _TIMES)
PENDING_COLUMNS = _columns(PendingRow, _TIMES)
SIGNAL_COLUMNS = _columns(SignalRow, _TIMES)
DECISION_COLUMNS = _columns(DecisionRow, _TIMES)
ACTION_COLUMNS = _columns(ActionRow, _TIMES)
INVITATION_COLUMNS = _columns(InvitationRow, _TIMES)
CASE_COLUMNS = _columns(CaseRow, _TIMES)
OUTBOX_COLUMNS = _columns(OutboxRow, {**_TIMES, "attempts": BIG})

ENGINE_EXPORTS: dict[str, str] = {
    "decisions": "SELECT decision_id, customer_id, event_id, trigger, rule, decided_at, explanation, persona,"
    " considered, policy_checks FROM decisions ORDER BY decided_at, decision_id",
    "actions": "SELECT action_id, decision_id, customer_id, kind, target, status, channel, send_at, reason,"
    " created_at FROM actions ORDER BY created_at, action_id",
    "invitations": "SELECT invitation_id, customer_id, survey, channel, created_at, send_at, status,"
    " suppression_reason, decision_id, event_id, answered_at FROM invitations ORDER BY created_at, invitation_id",
    "cases": "SELECT case_id, customer_id, case_type, owner, status, opened_at, due_at, trigger, trigger_event_id,"
    " touchpoint, decision_id, assignee, escalated_at, resolved_at, closed_at, root_cause, outcome, updated_at"
    " FROM cases ORDER BY opened_at, case_id",
    "signals": "SELECT customer_id, name, change, changed_at, event_id, reason, evidence FROM signals"
    " ORDER BY changed_at, customer_id, name, change",
    "outbox": "SELECT action_id, kind, destination, status, attempts, next_attempt_at, last_error, created_at,"
    " delivered_at, payload FROM outbox ORDER BY created_at, action_id",
}


def engine_inputs(s: SqlStore, customer_ids: Sequence[str]) -> EngineInputs:
    inputs = EngineInputs({}, {}, {}, {})
    if not customer_ids:
        return inputs
    s._stage("e_ids", [("customer_id", T)], [(c,) for c in customer_ids])
    try:
        for cid, state in s._fetchall(
            "SELECT e.customer_id, e.state FROM engine_state e JOIN e_ids USING (customer_id)"
        ):
            inputs.states[cid] = state
        for cid, name, value in s._fetchall(
            "SELECT a.customer_id, a.name, CAST(a.value AS TEXT) FROM attributes a JOIN e_ids USING (customer_id)"
            " WHERE a.kind = 'descriptive'"
        ):
            inputs.traits.setdefault(cid, {})[name] = value
        for cid, kind in s._fetchall("SELECT i.customer_id, i.kind FROM identities i JOIN e_ids USING (customer_id)"):
            inputs.identity_kinds.setdefault(cid, set()).add(kind)
        for cid, case_type, case_id in s._fetchall(
            "SELECT c.customer_id, c.case_type, c.case_id FROM cases c JOIN e_ids USING (customer_id)"
            " WHERE c.status IN ('open', 'in_progress')"
        ):
            inputs.open_cases.setdefault(cid, {})[case_type] = case_id
    finally:
        s._unstage("e_ids")
    return inputs


def apply_engine(s: SqlStore, b: EngineBatch) -> None:
    s._run_staged("e_states", STATE_COLUMNS, b.states,
            "INSERT INTO engine_state SELECT * FROM e_states ON CONFLICT (customer_id) DO UPDATE SET"
            " state = excluded.state, due_at = excluded.due_at, updated_at = excluded.updated_at")  # fmt: skip
    s._run_staged("e_pending", PENDING_COLUMNS, b.pending_add,
            "INSERT INTO engine_pending SELECT * FROM e_pending ON CONFLICT (event_id) DO NOTHING")  # fmt: skip
    s._run_staged("e_done", [("event_id", T)], [(e,) for e in b.pending_done],
            "DELETE FROM engine_pending WHERE event_id IN (SELECT event_id FROM e_done)")  # fmt: skip
    for table, key, columns, rows in (
        ("signals", "signal_key", SIGNAL_COLUMNS, b.signals),
        ("decisions", "decision_id", DECISION_COLUMNS, b.decisions),
        ("actions", "action_id", ACTION_COLUMNS, b.actions),
        ("invitations", "invitation_id", INVITATION_COLUMNS, b.invitations),
        ("cases", "case_id", CASE_COLUMNS, b.cases),
        ("outbox", "action_id", OUTBOX_COLUMNS, b.outbox),
    ):
        s._run_staged(f"e_{table}", columns, rows,
                f"INSERT INTO {table} SELECT * FROM e_{table} ON CONFLICT ({key}) DO NOTHING")  # fmt: skip
    # An answer marks as answered the open invitations to that survey created before it.
    s._run_staged("e_answers", [("customer_id", T), ("survey", T), ("answered_at", TS)], b.answers,
            "UPDATE invitations SET status = 'answered', answered_at = a.answered_at FROM ("
            " SELECT i.invitation_id, min(x.answered_at) AS answered_at FROM invitations i"
            " JOIN e_answers x ON x.customer_id = i.customer_id AND x.survey = i.survey"
            " AND x.answered_at >= i.created_at WHERE i.status IN ('sent', 'scheduled', 'expired')"
            " GROUP BY i.invitation_id) a WHERE invitations.invitation_id = a.invitation_id")  # fmt: skip
    s._run_staged("e_escalated", [("case_id", T), ("escalated_at", TS)], b.escalated,
            "UPDATE cases SET escalated_at = x.escalated_at, updated_at = x.escalated_at FROM e_escalated x"
            " WHERE cases.case_id = x.case_id AND cases.escalated_at IS NULL")  # fmt: skip
    if b.sweep_at is not None:
        s._execute("UPDATE invitations SET status = 'sent' WHERE status = 'scheduled' AND send_at <= ?", (b.sweep_at,))
        s._execute(
            "UPDATE invitations SET status = 'expired' WHERE status = 'sent' AND send_at < ?",
            (b.sweep_at - timedelta(days=b.invitation_expiry_days),),
        )
    if b.recompute_next_timer:
        soonest = [
            row[0]
            for row in s._fetchall(
                "SELECT min(due_at) FROM engine_state UNION ALL SELECT min(due_at) FROM cases"
                " WHERE status IN ('open', 'in_progress') AND escalated_at IS NULL"
            )
            if row[0] is not None
        ]
        b.meta["next_timer"] = min(soonest).isoformat() if soonest else NO_TIMER
    if b.meta:
        values = ", ".join("(?, ?)" for _ in b.meta)
        s._execute(
            f"INSERT INTO engine_meta VALUES {values} ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [x for item in b.meta.items() for x in item],
        )


def due_customers(s: SqlStore, until: datetime) -> list[str]:
    return [r[0] for r in s._fetchall("SELECT customer_id FROM engine_state WHERE due_at <= ?", (until,))]


def pending_until(s: SqlStore, until: datetime) -> list[PendingRow]:
    return [
        PendingRow(*r)
        for r in s._fetchall(
            "SELECT event_id, customer_id, occurred_at, source, event FROM engine_pending WHERE occurred_at <= ?"
            " ORDER BY occurred_at, event_id",
            (until,),
        )
    ]


def overdue_cases(s: SqlStore, until: datetime) -> list[tuple[str, str, str, str, datetime]]:
    """Open cases past their due time and not yet escalated: (case id, customer, type, owner, due)."""
    return [
        (r[0], r[1], r[2], r[3], r[4])
        for r in s._fetchall(
            "SELECT case_id, customer_id, case_type, owner, due_at FROM cases WHERE status IN ('open', 'in_progress')"
            " AND escalated_at IS NULL AND due_at <= ? ORDER BY due_at, case_id",
            (until,),
        )
    ]


def engine_meta(s: SqlStore) -> dict[str, str]:
    return {name: value for name, value in s._fetchall("SELECT name, value FROM engine_meta")}
