"""Meso and micro: where is the problem, and how did it happen.

- :func:`hotspots` ranks the groups of one or more fields (touchpoints,
  stages, segments, ...) by impact: ``impact = n / N × (value − overall)``,
  the points of the overall metric that the group's gap accounts for. Each
  group is tested against the rest of the answers (two-sided z test);
  significant groups come first, worst impact first.
- :func:`detail` looks inside one selection (a touchpoint, say): the score
  distribution, the operational attributes that separate detractors from
  promoters (standardised mean difference, on the answer's properties and on
  the properties of the event that triggered the survey), the most negative
  verbatims with their language, and the triggering event types.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

import orjson
from scipy import stats

from cxloop.analytics.metrics import MetricQuery, compute
from cxloop.analytics.selection import Selection
from cxloop.analytics.tree import standard_error
from cxloop.store import Store

__all__ = ["detail", "hotspots"]


def hotspots(store: Store, query: MetricQuery, fields: Sequence[str]) -> list[dict[str, Any]]:
    """Groups of each field ranked by impact on the overall metric (see the module docstring)."""
    overall_rows = compute(
        store,
        MetricQuery(
            query.metric,
            where=query.where,
            start=query.start,
            end=query.end,
            min_n=query.min_n,
            timezone=query.timezone,
        ),
    )
    if not overall_rows:
        return []
    overall = overall_rows[0]
    out: list[dict[str, Any]] = []
    for name in fields:
        for row in compute(
            store,
            MetricQuery(
                query.metric,
                by=[name],
                where=query.where,
                start=query.start,
                end=query.end,
                min_n=query.min_n,
                timezone=query.timezone,
            ),
        ):
            rest = _rest(query.metric, overall, row)
            gap = row["value"] - overall["value"]
            entry = {
                "field": name,
                "group": row[name],
                "n": row["n"],
                "value": row["value"],
                "ci_low": row["ci_low"],
                "ci_high": row["ci_high"],
                "insufficient": row["insufficient"],
                "overall": overall["value"],
                "gap": gap,
                "impact": row["n"] / overall["n"] * gap,
                "p_value": None,
                "significant": False,
            }
            if rest is not None:
                se = math.hypot(standard_error(query.metric, row), rest[1])
                if se > 0 and math.isfinite(se):
                    entry["p_value"] = float(2 * stats.norm.sf(abs(row["value"] - rest[0]) / se))
                    entry["significant"] = entry["p_value"] < 0.05 and not row["insufficient"]
            out.append(entry)
    out.sort(key=lambda e: (not e["significant"], e["impact"]))
    return out


def _rest(metric: str, overall: dict[str, Any], group: dict[str, Any]) -> tuple[float, float] | None:
    """Value and standard error of the answers outside ``group``."""
    n = overall["n"] - group["n"]
    if n <= 1:
        return None
    if metric == "nps":
        p = (overall["promoters"] - group["promoters"]) / n
        d = (overall["detractors"] - group["detractors"]) / n
        return 100 * (p - d), 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    if metric == "csat":
        p = (overall["satisfied"] - group["satisfied"]) / n
        return 100 * p, 100 * math.sqrt(p * (1 - p) / n)
    total = overall["value"] * overall["n"] - group["value"] * group["n"]
    squares = (overall["sd"] ** 2 * (overall["n"] - 1) + overall["n"] * overall["value"] ** 2) - (
        group["sd"] ** 2 * (group["n"] - 1) + group["n"] * group["value"] ** 2
    )
    mean = total / n
    variance = max((squares - n * mean * mean) / (n - 1), 0.0)
    return mean, math.sqrt(variance / n)


_LOW = {"nps": 6, "csat": 2, "ces": 3}  # detractor-like: at or below
_HIGH = {"nps": 9, "csat": 4, "ces": 5}  # promoter-like: at or above


def detail(store: Store, query: MetricQuery, *, verbatims: int = 10) -> dict[str, Any]:
    """Distribution, separating attributes, negative verbatims and triggers of one selection."""
    metric = query.metric
    selection = Selection(metric, query.where, query.start, query.end, query.timezone, store.backend)
    language = selection.field("language")
    sql = (
        f"SELECT r.{metric} AS score, r.text AS text, r.occurred_at AS at, r.channel AS channel,"
        f" {language} AS language, CAST(e.properties AS TEXT) AS props, t.type AS trigger_type,"
        " CAST(t.properties AS TEXT) AS trigger_props "
        f"{selection.from_sql(with_event=True)}"
        " LEFT JOIN events t ON t.event_id = (e.properties ->> 'trigger_event_id') "
        f"{selection.where_sql}"
    )
    answers = store.query(sql, selection.params).to_pylist()
    scores = Counter(int(a["score"]) for a in answers)
    low = [a for a in answers if a["score"] <= _LOW[metric]]
    high = [a for a in answers if a["score"] >= _HIGH[metric]]
    negative = sorted((a for a in low if a["text"]), key=lambda a: (a["score"], -a["at"].timestamp()))[:verbatims]
    return {
        "metric": metric,
        "where": query.where,
        "n": len(answers),
        "distribution": [{"score": s, "n": scores[s]} for s in sorted(scores)],
        "separating": _separating(low, high),
        "verbatims": [
            {
                "score": a["score"],
                "text": a["text"],
                "language": a["language"],
                "channel": a["channel"],
                "occurred_at": a["at"].isoformat(),
            }
            for a in negative
        ],
        "triggers": [
            {
                "trigger_type": t,
                "low": sum(1 for a in low if a["trigger_type"] == t),
                "high": sum(1 for a in high if a["trigger_type"] == t),
            }
            for t in sorted({a["trigger_type"] for a in answers if a["trigger_type"]})
        ],
    }


def _numbers(answer: dict[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for prefix, column in (("", "props"), ("trigger.", "trigger_props")):
        raw = answer[column]
        if not raw:
            continue
        for key, value in orjson.loads(raw).items():
            if isinstance(value, bool) or (isinstance(value, int | float) and key not in {"nps", "csat", "ces"}):
                out[prefix + key] = float(value)
    return out


def _separating(low: list[dict[str, Any]], high: list[dict[str, Any]], top: int = 10) -> list[dict[str, Any]]:
    """Attributes by standardised mean difference between low and high scorers (Cohen's d)."""
    low_values, high_values = [_numbers(a) for a in low], [_numbers(a) for a in high]
    keys = {k for values in (*low_values, *high_values) for k in values}
    out: list[dict[str, Any]] = []
    for key in keys:
        a = [v[key] for v in low_values if key in v]
        b = [v[key] for v in high_values if key in v]
        if len(a) < 5 or len(b) < 5:
            continue
        pooled = math.sqrt(
            ((len(a) - 1) * statistics.variance(a) + (len(b) - 1) * statistics.variance(b)) / (len(a) + len(b) - 2)
        )
        if pooled == 0:
            continue
        d = (statistics.fmean(a) - statistics.fmean(b)) / pooled
        out.append(
            {
                "attribute": key,
                "low_mean": statistics.fmean(a),
                "high_mean": statistics.fmean(b),
                "low_n": len(a),
                "high_n": len(b),
                "effect_size": d,
            }
        )
    out.sort(key=lambda r: -abs(float(r["effect_size"])))
    return out[:top]
