"""Macro: the metric tree for one period against another.

Each node reports its value with its interval, the change against the
comparison period with a two-sided z test, and how much of its parent's change
it explains. For children ``i`` of a parent with weights ``w_i = n_i / Σn``
(shares of the children's answers) and values ``v_i``, the parent's weighted
change ``Δ Σ w_i v_i`` splits exactly into

- **rate** ``w̄_i · Δv_i``: the child's own score moved, and
- **mix** ``Δw_i · (v̄_i − L)``: the child's share of answers moved, measured
  from the children's mean level ``L`` (the terms' total does not depend on
  ``L`` because the shares sum to 1 in both periods),

with ``w̄, v̄`` the means of the two periods (the symmetric, Shapley-style
split, so neither period is privileged). When the children do not cover all of
the parent's answers, the rest is reported as ``unexplained`` on the parent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scipy import stats

from cxloop.analytics.metrics import Metric, MetricQuery, compute
from cxloop.analytics.periods import Period
from cxloop.config.tree import KpiConfig, MetricTreeConfig, TreeNodeConfig
from cxloop.errors import ValidationError
from cxloop.store import Store

__all__ = ["standard_error", "tree_report"]


def standard_error(metric: str, row: dict[str, Any]) -> float:
    """The standard error of a metric cell (NPS and CSAT in points, CES in scale units)."""
    n = int(row["n"])
    if metric == "nps":
        p, d = row["promoters"] / n, row["detractors"] / n
        return 100.0 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    if metric == "csat":
        p = row["satisfied"] / n
        return 100.0 * math.sqrt(p * (1 - p) / n)
    return float(row["sd"]) / math.sqrt(n) if n > 1 else math.inf


@dataclass
class _Node:
    name: str
    label: str
    parent: str | None
    depth: int
    where: str | None
    target: float | None
    now: dict[str, Any] | None
    before: dict[str, Any] | None
    kpis: list[KpiConfig]


def _cell(
    store: Store, metric: Metric, where: str | None, period: Period, min_n: int, tz: str
) -> dict[str, Any] | None:
    rows = compute(
        store,
        MetricQuery(
            metric,
            where=where,
            start=period.start,
            end=period.end,
            min_n=min_n,
            timezone=tz,
        ),
    )
    return rows[0] if rows else None


def _and(a: str | None, b: str | None) -> str | None:
    return " and ".join(x for x in (a, b) if x) or None


def tree_report(
    store: Store, tree: MetricTreeConfig, period: Period, compare: Period, *, min_n: int = 30, timezone: str = "UTC"
) -> list[dict[str, Any]]:
    """One row per node (depth first) and per KPI; see the module docstring for the columns."""
    metric = tree.metric
    nodes: list[_Node] = []

    def visit(config: TreeNodeConfig | None, parent: str | None, depth: int, where: str | None) -> None:
        name = config.name if config else "root"
        label = (config.label or config.name) if config else (tree.label or metric.upper())
        try:
            node = _Node(
                name,
                label,
                parent,
                depth,
                where,
                config.target if config else tree.target,
                _cell(store, metric, where, period, min_n, timezone),
                _cell(store, metric, where, compare, min_n, timezone),
                config.kpis if config else [],
            )
        except ValidationError as exc:
            raise ValidationError(f"metric_tree node {name!r}: {exc}") from None
        nodes.append(node)
        for child in config.children if config else tree.nodes:
            visit(child, name, depth + 1, _and(where, child.where))

    visit(None, None, 0, None)
    rows = {node.name: _node_row(metric, node) for node in nodes}
    for node in nodes:
        children = [c for c in nodes if c.parent == node.name]
        _decompose(rows[node.name], [rows[c.name] for c in children])
    out: list[dict[str, Any]] = []
    for node in nodes:
        out.append(rows[node.name])
        out.extend(_kpi_row(store, node, kpi, period, compare) for kpi in node.kpis)
    return out


def _node_row(metric: str, node: _Node) -> dict[str, Any]:
    row: dict[str, Any] = {
        "kind": "node",
        "node": node.name,
        "label": node.label,
        "parent": node.parent,
        "depth": node.depth,
        "where": node.where,
        "target": node.target,
    }
    now, before = node.now, node.before
    row.update(
        n=now["n"] if now else 0,
        value=now["value"] if now else None,
        ci_low=now["ci_low"] if now else None,
        ci_high=now["ci_high"] if now else None,
        insufficient=now["insufficient"] if now else True,
        compare_n=before["n"] if before else 0,
        compare_value=before["value"] if before else None,
    )
    row["gap_to_target"] = None if node.target is None or row["value"] is None else row["value"] - node.target
    row.update(change=None, change_ci_low=None, change_ci_high=None, p_value=None, significant=False)
    if now and before:
        change = now["value"] - before["value"]
        se = math.hypot(standard_error(metric, now), standard_error(metric, before))
        row["change"] = change
        if math.isfinite(se) and se > 0:
            row["change_ci_low"], row["change_ci_high"] = change - 1.96 * se, change + 1.96 * se
            row["p_value"] = float(2 * stats.norm.sf(abs(change) / se))
            row["significant"] = row["p_value"] < 0.05 and not (now["insufficient"] or before["insufficient"])
    row.update(contribution=None, rate=None, mix=None, explained_share=None, unexplained=None)
    return row


def _decompose(parent: dict[str, Any], children: list[dict[str, Any]]) -> None:
    usable = [c for c in children if c["value"] is not None and c["compare_value"] is not None]
    n_now, n_before = sum(c["n"] for c in usable), sum(c["compare_n"] for c in usable)
    if not usable or not n_now or not n_before:
        return
    # Shares sum to 1 in both periods, so the mix terms may be measured from any level without
    # changing their total; measuring from the children's mean level makes each one readable:
    # answers moving toward a child above that level raise the parent.
    level = sum(c["n"] / n_now * c["value"] + c["compare_n"] / n_before * c["compare_value"] for c in usable) / 2
    for c in usable:
        w_now, w_before = c["n"] / n_now, c["compare_n"] / n_before
        c["rate"] = (w_now + w_before) / 2 * (c["value"] - c["compare_value"])
        c["mix"] = (w_now - w_before) * ((c["value"] + c["compare_value"]) / 2 - level)
        c["contribution"] = c["rate"] + c["mix"]
        if parent["change"]:
            c["explained_share"] = c["contribution"] / parent["change"]
    if parent["change"] is not None:
        parent["unexplained"] = parent["change"] - sum(c["contribution"] for c in usable)


def _kpi_row(store: Store, node: _Node, kpi: KpiConfig, period: Period, compare: Period) -> dict[str, Any]:
    now, before = _kpi_value(store, kpi, period), _kpi_value(store, kpi, compare)
    change = None if now[0] is None or before[0] is None else now[0] - before[0]
    improved = None if change is None else (change < 0) == (kpi.better == "lower") and change != 0
    return {
        "kind": "kpi",
        "node": kpi.name,
        "label": kpi.label or kpi.name,
        "parent": node.name,
        "depth": node.depth + 1,
        "aggregate": kpi.aggregate,
        "event": kpi.event,
        "property": kpi.property,
        "better": kpi.better,
        "target": kpi.target,
        "value": now[0],
        "n": now[1],
        "compare_value": before[0],
        "compare_n": before[1],
        "change": change,
        "improved": improved,
    }


def _kpi_value(store: Store, kpi: KpiConfig, period: Period) -> tuple[float | None, int]:
    sql = (
        f"SELECT e.properties ->> '{kpi.property}' AS v FROM events e"
        " WHERE e.type = ? AND e.occurred_at >= ? AND e.occurred_at < ?"
    )
    values: list[float] = []
    for raw in store.query(sql, [kpi.event, period.start, period.end]).column("v").to_pylist():
        if raw in ("true", "false"):
            values.append(1.0 if raw == "true" else 0.0)
        elif raw is not None:
            try:
                values.append(float(raw))
            except ValueError:
                continue  # not a number: not part of the KPI
    if not values:
        return None, 0
    if kpi.aggregate == "p90":
        values.sort()
        return values[min(len(values) - 1, math.ceil(0.9 * len(values)) - 1)], len(values)
    return sum(values) / len(values), len(values)
