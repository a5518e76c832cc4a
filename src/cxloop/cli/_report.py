"""``cxloop report``: metrics as a table, CSV or JSON."""

from __future__ import annotations

import csv
import sys
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from cxloop.analytics.metrics import METRICS, Metric, MetricQuery
from cxloop.client import open_client
from cxloop.errors import ValidationError
from cxloop.model import parse_timestamp

__all__ = ["report_app"]

report_app = typer.Typer(help="Metrics with n and 95% intervals: NPS, CSAT, CES.", no_args_is_help=True)
out = Console()

FORMATS = ("table", "csv", "json")


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValidationError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")


def _moment(flag: str, text: str | None) -> datetime | None:
    if text is None:
        return None
    if len(text) == 10:  # a bare date means its midnight, UTC
        try:
            return datetime.fromisoformat(text).replace(tzinfo=UTC)
        except ValueError:
            raise ValidationError(f"{flag}: {text!r} is not a date such as 2026-03-01") from None
    try:
        return parse_timestamp(text)
    except ValueError as exc:
        raise ValidationError(f"{flag}: {exc}") from None


def _show(metric: str, by: list[str], rows: list[dict[str, Any]], fmt: str, title: str | None = None) -> None:
    if fmt == "json":
        sys.stdout.write(orjson.dumps({"metric": metric, "by": by, "rows": rows}).decode() + "\n")
        return
    columns = list(dict.fromkeys(key for row in rows for key in row)) or [*by, "n", "value"]
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(title=title or f"{metric.upper()}" + (f" by {', '.join(by)}" if by else ""))
    for column in columns:
        sample = next((r[column] for r in rows if r.get(column) is not None), None)
        numeric = isinstance(sample, int | float) and not isinstance(sample, bool)
        table.add_column(column, justify="right" if numeric and column not in by else "left")
    for row in rows:
        style = "dim" if row.get("insufficient") else None
        table.add_row(*[_cell(row.get(c)) for c in columns], style=style)
    out.print(table)
    if any(r.get("insufficient") for r in rows):
        out.print("[dim]dim rows: fewer answers than --min-n; do not read them as confident[/dim]")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    if isinstance(value, bool):
        return "yes" if value else ""
    return "" if value is None else str(value)


def _metric_command(metric: Metric) -> None:
    def command(
        by: Annotated[
            str, typer.Option("--by", help="Comma-separated: month, touchpoint, segment, properties.NAME")
        ] = "",
        where: Annotated[str | None, typer.Option("--where", help="e.g. 'touchpoint = checkout and nps <= 6'")] = None,
        start: Annotated[str | None, typer.Option("--from", help="Inclusive date or RFC 3339 time.")] = None,
        end: Annotated[str | None, typer.Option("--to", help="Exclusive date or RFC 3339 time.")] = None,
        min_n: Annotated[int, typer.Option("--min-n", help="Cells below this n are flagged insufficient.")] = 30,
        csat_threshold: Annotated[int, typer.Option("--csat-threshold", help="CSAT: lowest satisfied score.")] = 4,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
        workspace: Annotated[str | None, typer.Option("--workspace", "-w", envvar="CXLOOP_WORKSPACE")] = None,
    ) -> None:
        _check(fmt)
        groups = [b.strip() for b in by.split(",") if b.strip()]
        query = MetricQuery(
            metric, by=groups, where=where, start=_moment("--from", start), end=_moment("--to", end),
            min_n=min_n, csat_threshold=csat_threshold,
        )  # fmt: skip
        client = open_client(workspace)
        try:
            rows = client.metrics(query)
        finally:
            client.close()
        _show(metric, groups, rows, fmt)

    command.__doc__ = f"{metric.upper()} by any grouping, with n, value, 95% interval and an insufficient flag."
    report_app.command(metric)(command)


for _metric in METRICS:
    _metric_command(_metric)


@report_app.command("trends")
def report_trends(
    metric: Annotated[str, typer.Option("--metric", help="nps, csat or ces.")] = "nps",
    period: Annotated[str, typer.Option("--period", help="day, week, month, quarter or year.")] = "week",
    by: Annotated[str, typer.Option("--by", help="Comma-separated groups, each with its own series.")] = "",
    where: Annotated[str | None, typer.Option("--where", help="e.g. 'touchpoint = checkout'")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Inclusive date or RFC 3339 time.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Exclusive date or RFC 3339 time.")] = None,
    min_n: Annotated[int, typer.Option("--min-n")] = 30,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    workspace: Annotated[str | None, typer.Option("--workspace", "-w", envvar="CXLOOP_WORKSPACE")] = None,
) -> None:
    """The metric per period with its control limits: normal, fluke (1 out), pattern (2 in a row), trend (3+)."""
    _check(fmt)
    if metric not in METRICS:
        raise ValidationError(f"--metric: {metric!r} is not one of {', '.join(METRICS)}")
    groups = [b.strip() for b in by.split(",") if b.strip()]
    query = MetricQuery(metric, by=groups, where=where, start=_moment("--from", start), end=_moment("--to", end),
                        min_n=min_n)  # fmt: skip
    client = open_client(workspace)
    try:
        rows = client.trends(query, period)
    finally:
        client.close()
    _show(metric, [*groups, "period"], rows, fmt, title=f"{metric.upper()} by {period}: fluke, pattern, trend")


@report_app.command("drivers")
def report_drivers(
    target: Annotated[str, typer.Option("--target", help="nps, csat, ces or properties.NAME")],
    drivers: Annotated[str, typer.Option("--drivers", help="Comma-separated properties.NAME (or scores).")],
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Resamples for the intervals.", min=0)] = 200,
    min_n: Annotated[int, typer.Option("--min-n")] = 30,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    workspace: Annotated[str | None, typer.Option("--workspace", "-w", envvar="CXLOOP_WORKSPACE")] = None,
) -> None:
    """Key drivers (Johnson's relative weights): each driver's share of explained variance, with 95% bootstrap
    intervals, and its performance (mean)."""
    _check(fmt)
    names = [d.strip() for d in drivers.split(",") if d.strip()]
    client = open_client(workspace)
    try:
        result = client.drivers(target, names, bootstrap=bootstrap, min_n=min_n)
    finally:
        client.close()
    if fmt == "json":
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
        return
    title = f"Drivers of {target} (n = {result['n']:,}, R² = {result['r2']:.2f})"
    _show("drivers", ["driver"], result["rows"], fmt, title=title)


Workspace = Annotated[str | None, typer.Option("--workspace", "-w", envvar="CXLOOP_WORKSPACE")]
Format = Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")]


@report_app.command("tree")
def report_tree(
    period: Annotated[str, typer.Option("--period", help="2026-10, 2026-Q3, 2026-W41, 2026, a..b or last28d")] = (
        "last28d"
    ),
    compare: Annotated[str | None, typer.Option("--compare", help="Default: the period just before.")] = None,
    min_n: Annotated[int, typer.Option("--min-n")] = 30,
    fmt: Format = "table",
    workspace: Workspace = None,
) -> None:
    """Macro: every node of the metric tree with its change, significance and share of its parent's change."""
    _check(fmt)
    client = open_client(workspace)
    try:
        result = client.tree(period, compare, min_n=min_n)
    finally:
        client.close()
    if fmt == "json":
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
        return
    rows = [
        {"node": "  " * r["depth"] + r["label"], **{k: r.get(k) for k in (
            "n", "value", "ci_low", "ci_high", "compare_value", "change", "p_value", "significant",
            "explained_share", "rate", "mix", "target")}}
        for r in result["rows"]
    ]  # fmt: skip
    title = f"{result['metric'].upper()} tree: {result['period']['label']} vs {result['compare']['label']}"
    _show(result["metric"], ["node"], rows, fmt, title=title)


@report_app.command("hotspots")
def report_hotspots(
    metric: Annotated[str, typer.Option("--metric", help="nps, csat or ces.")] = "nps",
    by: Annotated[str, typer.Option("--by", help="Fields to rank, e.g. touchpoint,segment,language")] = "touchpoint",
    where: Annotated[str | None, typer.Option("--where")] = None,
    start: Annotated[str | None, typer.Option("--from")] = None,
    end: Annotated[str | None, typer.Option("--to")] = None,
    min_n: Annotated[int, typer.Option("--min-n")] = 30,
    fmt: Format = "table",
    workspace: Workspace = None,
) -> None:
    """Meso: where is the problem? Groups ranked by impact on the overall metric, significant ones first."""
    _check(fmt)
    if metric not in METRICS:
        raise ValidationError(f"--metric: {metric!r} is not one of {', '.join(METRICS)}")
    query = MetricQuery(metric, where=where, start=_moment("--from", start), end=_moment("--to", end),
                        min_n=min_n)  # fmt: skip
    client = open_client(workspace)
    try:
        rows = client.hotspots(query, [b.strip() for b in by.split(",") if b.strip()])
    finally:
        client.close()
    _show(metric, ["field", "group"], rows, fmt, title=f"{metric.upper()} hotspots by impact")


@report_app.command("detail")
def report_detail(
    where: Annotated[str, typer.Option("--where", help="The selection, e.g. 'survey = post_delivery'")],
    metric: Annotated[str, typer.Option("--metric", help="nps, csat or ces.")] = "nps",
    start: Annotated[str | None, typer.Option("--from")] = None,
    end: Annotated[str | None, typer.Option("--to")] = None,
    workspace: Workspace = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Micro: score distribution, attributes separating detractors from promoters, negative verbatims."""
    if fmt not in ("table", "json"):
        raise ValidationError(f"--format: {fmt!r} is not one of table, json")
    if metric not in METRICS:
        raise ValidationError(f"--metric: {metric!r} is not one of {', '.join(METRICS)}")
    query = MetricQuery(metric, where=where, start=_moment("--from", start), end=_moment("--to", end))
    client = open_client(workspace)
    try:
        result = client.detail(query)
    finally:
        client.close()
    if fmt == "json":
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
        return
    out.print(f"[bold]{metric.upper()} where {where}[/bold]: {result['n']:,} answers", highlight=False)
    _show(metric, ["score"], result["distribution"], "table", title="Distribution")
    _show(metric, ["attribute"], result["separating"], "table", title="What separates low from high scores")
    _show(metric, ["score"], result["verbatims"], "table", title="Most negative verbatims")
