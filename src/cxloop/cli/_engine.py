"""``cxloop explain``, ``cxloop cases ...`` and ``cxloop deliver``: the engine's records, the case queue."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from cxloop.cli._options import FormatOpt, WorkspaceOpt, check_format, out, print_json
from cxloop.client import open_client

__all__ = ["cases_app", "deliver", "explain"]

cases_app = typer.Typer(
    help="The case queue: list, assign, start, resolve, reopen and close cases.", no_args_is_help=True
)


def explain(
    decision_id: Annotated[str, typer.Argument(help="A decision id (see `cxloop export decisions`).")],
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = "text",
) -> None:
    """Why the engine decided what it did: trigger, persona, rules considered, policy checks, actions."""
    check_format(fmt)
    with open_client(workspace) as client:
        d = client.explain(decision_id)
    if fmt == "json":
        print_json(d)
        return
    out.print(f"[bold]Decision {d['decision_id']}[/bold] ({d['rule']})", highlight=False)
    out.print(d["explanation"], highlight=False, markup=False)
    out.print(f"trigger: {d['trigger']} {d['event_id']} at {d['decided_at']}; customer {d['customer_id']}",
              highlight=False, markup=False)  # fmt: skip
    persona = ", ".join(f"{k}={v}" for k, v in sorted(d["persona"].items()))
    out.print(f"persona: {persona or '(no traits)'}", highlight=False, markup=False)
    for title, rows, cols in (
        ("Rules considered", d["considered"], ("rule", "matched", "why")),
        ("Contact policy checks", d["policy_checks"], ("check", "passed", "detail")),
        ("Actions", d["actions"], ("kind", "target", "status", "channel", "send_at", "reason")),
    ):
        if not rows:
            continue
        table = Table(title=title)
        for col in cols:
            table.add_column(col)
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row[c]) for c in cols))
        out.print(table)


def _case_table(rows: list[dict[str, Any]]) -> Table:
    table = Table()
    for col in ("case_id", "case_type", "owner", "status", "assignee", "opened_at", "due_at", "escalated"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["case_id"], r["case_type"], r["owner"], r["status"], r["assignee"] or "",
                      r["opened_at"][:16], r["due_at"][:16], "yes" if r["escalated_at"] else "")  # fmt: skip
    return table


@cases_app.command("list")
def cases_list(
    workspace: WorkspaceOpt = None,
    status: Annotated[
        str | None, typer.Option("--status", help="active, open, in_progress, resolved, closed")
    ] = "active",
    owner: Annotated[str | None, typer.Option("--owner", help="Only this team's cases.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000)] = 50,
    fmt: FormatOpt = "text",
) -> None:
    """Cases, those due first (default: open or in progress)."""
    check_format(fmt)
    with open_client(workspace) as client:
        rows = client.cases(status=status, owner=owner, limit=limit)
    if fmt == "json":
        print_json({"rows": rows})
    else:
        out.print(_case_table(rows))


def _change(workspace: str | None, case_id: str, fmt: str, **changes: str | None) -> None:
    check_format(fmt)
    with open_client(workspace) as client:
        case = client.change_case(case_id, **changes)
    if fmt == "json":
        print_json(case)
    else:
        out.print(_case_table([case]))


CaseArg = Annotated[str, typer.Argument(help="The case id.")]


@cases_app.command("assign")
def cases_assign(
    case_id: CaseArg, to: Annotated[str, typer.Option("--to", help="Who works on it.")], workspace: WorkspaceOpt = None,
    fmt: FormatOpt = "text",
) -> None:  # fmt: skip
    """Assign a case and mark it in progress."""
    _change(workspace, case_id, fmt, assignee=to, status="in_progress")


@cases_app.command("resolve")
def cases_resolve(
    case_id: CaseArg,
    root_cause: Annotated[str, typer.Option("--root-cause", help="Why it happened.")],
    outcome: Annotated[str, typer.Option("--outcome", help="What was done for the customer.")],
    workspace: WorkspaceOpt = None,
    fmt: FormatOpt = "text",
) -> None:
    """Resolve a case with its root cause and outcome."""
    _change(workspace, case_id, fmt, status="resolved", root_cause=root_cause, outcome=outcome)


@cases_app.command("close")
def cases_close(case_id: CaseArg, workspace: WorkspaceOpt = None, fmt: FormatOpt = "text") -> None:
    """Close a resolved case (final)."""
    _change(workspace, case_id, fmt, status="closed")


@cases_app.command("reopen")
def cases_reopen(case_id: CaseArg, workspace: WorkspaceOpt = None, fmt: FormatOpt = "text") -> None:
    """Reopen a resolved case (back to in progress)."""
    _change(workspace, case_id, fmt, status="in_progress")


def deliver(workspace: WorkspaceOpt = None) -> None:
    """Run the engine's timers by the wall clock and try every due webhook once (the server does this itself)."""
    with open_client(workspace) as client:
        counts = client.deliver()
    out.print(", ".join(f"{v:,} {k}" for k, v in counts.items()), highlight=False)
