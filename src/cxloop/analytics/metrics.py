"""NPS, CSAT and CES by any grouping, each with ``n`` and a 95% interval.

- NPS: promoters 9-10, passives 7-8, detractors 0-6; value in -100..100; the
  interval uses the variance of the +1/0/-1 score (see :mod:`.nps`).
- CSAT: share of answers at or above the threshold (top-2-box of 1-5 by
  default), in percent, with the Wilson score interval.
- CES: mean of 1-7 with a Student-t interval; ``share_easy`` is the share of
  answers at or above ``ces_easy`` (5 by default).

A cell with fewer than ``min_n`` answers is flagged ``insufficient``: it still
carries its numbers, and readers must not present them as confident.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from scipy import stats

from cxloop.analytics.nps import Z95, nps_cell
from cxloop.analytics.selection import Selection
from cxloop.errors import ValidationError
from cxloop.store import Store

__all__ = ["METRICS", "MetricQuery", "compute", "wilson"]

Metric = Literal["nps", "csat", "ces"]
METRICS: tuple[Metric, ...] = ("nps", "csat", "ces")


@dataclass(frozen=True)
class MetricQuery:
    metric: Metric
    by: Sequence[str] = ()
    where: str | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive
    min_n: int = 30
    csat_threshold: int = 4
    ces_easy: int = 5
    timezone: str = "UTC"
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.metric not in METRICS:
            raise ValidationError(f"metric: {self.metric!r} is not one of {', '.join(METRICS)}")
        if self.min_n < 1:
            raise ValidationError("--min-n: must be at least 1")
        if not 1 <= self.csat_threshold <= 5:
            raise ValidationError("--csat-threshold: must be from 1 to 5")
        if not 1 <= self.ces_easy <= 7:
            raise ValidationError("--ces-easy: must be from 1 to 7")
        if self.start and self.end and self.start >= self.end:
            raise ValidationError("--from must be before --to")


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion, as fractions."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def _aggregates(q: MetricQuery) -> tuple[str, list[Any]]:
    m = f"r.{q.metric}"
    if q.metric == "nps":
        return (
            f"count({m}) AS n, sum(CASE WHEN {m} >= 9 THEN 1 ELSE 0 END) AS promoters,"
            f" sum(CASE WHEN {m} BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives,"
            f" sum(CASE WHEN {m} <= 6 THEN 1 ELSE 0 END) AS detractors",
            [],
        )
    if q.metric == "csat":
        return (
            f"count({m}) AS n, sum(CASE WHEN {m} >= ? THEN 1 ELSE 0 END) AS satisfied,"
            f" sum(CAST({m} AS DOUBLE PRECISION)) AS total",
            [q.csat_threshold],
        )
    return (
        f"count({m}) AS n, sum(CAST({m} AS DOUBLE PRECISION)) AS total,"
        f" sum(CAST({m} AS DOUBLE PRECISION) * {m}) AS squares,"
        f" sum(CASE WHEN {m} >= ? THEN 1 ELSE 0 END) AS easy",
        [q.ces_easy],
    )


def build_sql(q: MetricQuery, store: Store | None = None) -> tuple[str, list[Any], list[str]]:
    """The SQL, its parameters and the output names of the group keys (traits checked against ``store``)."""
    selection = Selection(q.metric, q.where, q.start, q.end, q.timezone, store.backend if store else "duckdb")
    names = list(dict.fromkeys(b.strip() for b in q.by if b.strip()))
    select = [f"{selection.field(name)} AS g{i}" for i, name in enumerate(names)]
    aggregates, params = _aggregates(q)
    positions = ", ".join(str(i + 1) for i in range(len(names)))
    grouping = f" GROUP BY {positions} ORDER BY {positions}" if names else ""
    sql = f"SELECT {', '.join([*select, aggregates])} {selection.from_sql()} {selection.where_sql}{grouping}"
    if store is not None:
        selection.check_traits(store)
    return sql, [*params, *selection.params], names


def _key(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def compute(store: Store, q: MetricQuery) -> list[dict[str, Any]]:
    """One row per group: the group keys, ``n``, ``value``, ``ci_low``, ``ci_high``, ``insufficient`` and more."""
    sql, params, names = build_sql(q, store)
    rows = []
    for raw in store.query(sql, params).to_pylist():
        row: dict[str, Any] = {name: _key(raw[f"g{i}"]) for i, name in enumerate(names)}
        n = int(raw["n"] or 0)
        if n == 0:
            continue
        row.update(_cell(q, raw, n))
        row["insufficient"] = n < q.min_n
        rows.append(row)
    return rows


def _cell(q: MetricQuery, raw: dict[str, Any], n: int) -> dict[str, Any]:
    if q.metric == "nps":
        cell = nps_cell(int(raw["promoters"]), int(raw["passives"]), int(raw["detractors"]))
        return {"n": n, "value": cell.value, "ci_low": cell.ci_low, "ci_high": cell.ci_high,
                "promoters": cell.promoters, "passives": cell.passives, "detractors": cell.detractors}  # fmt: skip
    if q.metric == "csat":
        satisfied = int(raw["satisfied"])
        low, high = wilson(satisfied, n)
        return {"n": n, "value": 100.0 * satisfied / n, "ci_low": 100.0 * low, "ci_high": 100.0 * high,
                "satisfied": satisfied, "mean": float(raw["total"]) / n}  # fmt: skip
    total, squares = float(raw["total"]), float(raw["squares"])
    mean = total / n
    variance = max((squares - n * mean * mean) / (n - 1), 0.0) if n > 1 else 0.0
    half = float(stats.t.ppf(0.975, n - 1)) * math.sqrt(variance / n) if n > 1 else math.inf
    return {"n": n, "value": mean, "ci_low": max(1.0, mean - half), "ci_high": min(7.0, mean + half),
            "share_easy": 100.0 * int(raw["easy"]) / n, "sd": math.sqrt(variance)}  # fmt: skip
