"""Fluke, pattern, trend: a metric per period and group, against its own history.

One out-of-control period is a fluke, two in a row in the same direction a
pattern, three or more a trend (see :mod:`.control` for the limits). Periods
without answers, or with fewer than ``min_n``, count as gaps: they are not
judged, never enter a baseline, and break runs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cxloop.analytics.control import ControlPoint, classify_proportion, classify_scores
from cxloop.analytics.fields import PERIODS
from cxloop.analytics.metrics import MetricQuery, compute
from cxloop.errors import ValidationError
from cxloop.store import Store

__all__ = ["trends"]


def trends(
    store: Store, query: MetricQuery, period: str, *, baseline: int = 8, sigma: float = 3.0
) -> list[dict[str, Any]]:
    """Rows ``period, value, ci_low, ci_high, n, center, lower, upper, status, direction`` (and the group keys)."""
    if period not in PERIODS:
        raise ValidationError(f"--period: {period!r} is not one of {', '.join(PERIODS)}")
    groups = [b for b in query.by if b != period]
    rows = compute(store, dataclasses.replace(query, by=[*groups, period]))
    periods = sorted({r[period] for r in rows})
    series: dict[tuple[Any, ...], dict[str, dict[str, Any]]] = {}
    for row in rows:
        series.setdefault(tuple(row[g] for g in groups), {})[row[period]] = row
    out: list[dict[str, Any]] = []
    for key, by_period in series.items():
        cells = [by_period.get(p) for p in periods]
        points = _classify(query.metric, periods, cells, baseline, sigma)
        for label, cell, point in zip(periods, cells, points, strict=True):
            if cell is None:
                continue  # a gap: no row to report, but it broke the run above
            out.append({
                **dict(zip(groups, key, strict=True)), "period": label,
                "value": cell["value"], "ci_low": cell["ci_low"], "ci_high": cell["ci_high"], "n": cell["n"],
                "insufficient": cell["insufficient"], "center": point.center, "lower": point.lower,
                "upper": point.upper, "status": point.status, "direction": point.direction,
            })  # fmt: skip
    return out


def _classify(
    metric: str, periods: list[str], cells: list[dict[str, Any] | None], baseline: int, sigma: float
) -> list[ControlPoint]:
    # A cell with too few answers is not judged and never enters a baseline: a
    # one-answer period has no spread and would collapse the limits for good.
    cells = [None if c is None or c["insufficient"] else c for c in cells]
    n = [0 if c is None else int(c["n"]) for c in cells]
    if metric == "csat":
        satisfied = [0 if c is None else int(c["satisfied"]) for c in cells]
        points = classify_proportion(periods, satisfied, n, baseline=baseline, sigma=sigma)
        # The chart works on proportions; report it on the metric's scale (percent).
        return [
            dataclasses.replace(p, value=_pct(p.value), center=_pct(p.center), lower=_pct(p.lower), upper=_pct(p.upper))
            for p in points
        ]
    values = [None if c is None else float(c["value"]) for c in cells]
    variances = [None if c is None else _variance(metric, c) for c in cells]
    return classify_scores(periods, values, n, variances, baseline=baseline, sigma=sigma)


def _pct(share: float | None) -> float | None:
    return None if share is None else 100.0 * share


def _variance(metric: str, cell: dict[str, Any]) -> float:
    if metric == "nps":  # of the +100/0/-100 score of one answer
        n = int(cell["n"])
        p, d = int(cell["promoters"]) / n, int(cell["detractors"]) / n
        return max(p + d - (p - d) ** 2, 0.0) * 100.0**2
    sd = float(cell["sd"])
    return sd * sd
