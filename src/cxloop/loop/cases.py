"""Reading the engine's records back (decisions, cases, live signals) and
moving cases through their life: open -> in_progress -> resolved -> closed.

A case is resolved with a root cause and an outcome (both required: the
closed loop is what they feed); a resolved case may be reopened to
in_progress, a closed one is final.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from cxloop.errors import NotFoundError, ValidationError
from cxloop.store import Store

__all__ = ["CASE_STATUSES", "case_list", "change_case", "decision", "iso_rows", "signals_since"]

CASE_STATUSES = ("open", "in_progress", "resolved", "closed")
_NEXT = {
    "open": {"in_progress", "resolved"},
    "in_progress": {"resolved", "open"},
    "resolved": {"closed", "in_progress"},
    "closed": set[str](),
}


def iso_rows(store: Store, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Rows of a query as dicts, times as ISO 8601 text (ready for JSON and templates)."""
    return [
        {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
        for row in store.query(sql, params).to_pylist()
    ]


def decision(store: Store, decision_id: str) -> dict[str, Any]:
    """A decision with its actions, ready to print or serve."""
    found = iso_rows(store, "SELECT * FROM decisions WHERE decision_id = ?", (decision_id,))
    if not found:
        raise NotFoundError(f"no decision {decision_id!r}: ids are in `cxloop export decisions`")
    record = found[0]
    record.pop("recorded_at", None)
    for key in ("persona", "considered", "policy_checks"):
        record[key] = orjson.loads(record[key])
    record["actions"] = iso_rows(
        store,
        "SELECT action_id, kind, target, status, channel, send_at, reason FROM actions WHERE decision_id = ?"
        " ORDER BY action_id",
        (decision_id,),
    )
    return record


def case_list(
    store: Store, *, status: str | None = None, owner: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Cases, those due first; ``status='active'`` means open or in progress."""
    if status is not None and status not in (*CASE_STATUSES, "active"):
        raise ValidationError(f"status: {status!r} is not one of active, {', '.join(CASE_STATUSES)}")
    where, params = [], []
    if status == "active":
        where.append("status IN ('open', 'in_progress')")
    elif status is not None:
        where.append("status = ?")
        params.append(status)
    if owner:
        where.append("owner = ?")
        params.append(owner)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return iso_rows(store, f"SELECT * FROM cases{clause} ORDER BY due_at, case_id LIMIT {int(limit)}", tuple(params))


def change_case(
    store: Store,
    case_id: str,
    at: datetime,
    *,
    status: str | None = None,
    assignee: str | None = None,
    root_cause: str | None = None,
    outcome: str | None = None,
) -> dict[str, Any]:
    """Assign, start, resolve (with root cause and outcome), reopen or close a case."""
    found = iso_rows(store, "SELECT * FROM cases WHERE case_id = ?", (case_id,))
    if not found:
        raise NotFoundError(f"no case {case_id!r}")
    case = found[0]
    changes: dict[str, Any] = {}
    if assignee is not None:
        if not assignee.strip() or len(assignee) > 200:
            raise ValidationError("assignee: give a name of 1 to 200 characters")
        changes["assignee"] = assignee.strip()
    if status is not None and status != case["status"]:
        if status not in CASE_STATUSES:
            raise ValidationError(f"status: {status!r} is not one of {', '.join(CASE_STATUSES)}")
        if status not in _NEXT[case["status"]]:
            allowed = ", ".join(sorted(_NEXT[case["status"]])) or "nothing (a closed case is final)"
            raise ValidationError(f"status: a case that is {case['status']} can move to {allowed}, not {status}")
        changes["status"] = status
        if status == "resolved":
            cause = root_cause or case["root_cause"]
            result = outcome or case["outcome"]
            if not cause or not result:
                raise ValidationError("root_cause and outcome: both are required to resolve a case")
            changes |= {"root_cause": cause, "outcome": result, "resolved_at": at}
        elif status == "closed":
            changes["closed_at"] = at
    for name, value in (("root_cause", root_cause), ("outcome", outcome)):
        if value is not None and name not in changes:
            changes[name] = value
    if changes:
        store.update_case(case_id, changes, at)
    return iso_rows(store, "SELECT * FROM cases WHERE case_id = ?", (case_id,))[0]


def signals_since(store: Store, since: datetime | None, limit: int = 50) -> list[dict[str, Any]]:
    """Signal changes recorded after ``since`` (newest last), for the live view."""
    if since is None:
        rows = iso_rows(
            store,
            "SELECT * FROM (SELECT customer_id, name, change, changed_at, event_id, reason, recorded_at, signal_key"
            f" FROM signals ORDER BY recorded_at DESC, changed_at DESC LIMIT {int(limit)}) s"
            " ORDER BY recorded_at, changed_at",
        )
    else:
        rows = iso_rows(
            store,
            "SELECT customer_id, name, change, changed_at, event_id, reason, recorded_at, signal_key FROM signals"
            f" WHERE recorded_at > ? ORDER BY recorded_at, changed_at LIMIT {int(limit)}",
            (since,),
        )
    return rows
