"""The workspace summary behind the dashboard's first page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cxloop.analytics.nps import NpsCell, nps_cell
from cxloop.store import Store

__all__ = ["Summary", "summarize"]

_EVENTS_PER_DAY = (
    "SELECT CAST(date_trunc('day', occurred_at) AS DATE) AS day, count(*) AS events FROM events GROUP BY 1 ORDER BY 1"
)
_NPS_PER_WEEK = (
    "SELECT date_trunc('week', occurred_at) AS week,"
    " sum(CASE WHEN nps >= 9 THEN 1 ELSE 0 END) AS promoters,"
    " sum(CASE WHEN nps BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives,"
    " sum(CASE WHEN nps <= 6 THEN 1 ELSE 0 END) AS detractors"
    " FROM responses WHERE nps IS NOT NULL GROUP BY 1 ORDER BY 1"
)
# The last 28 days of answers against the 28 before, anchored on the newest answer
# so that a quiet day does not read as a fall.
_NPS_RECENT = (
    "WITH bounds AS (SELECT max(occurred_at) AS newest FROM responses WHERE nps IS NOT NULL)"
    " SELECT CASE WHEN occurred_at > newest - INTERVAL '28 days' THEN 'recent' ELSE 'previous' END AS period,"
    " sum(CASE WHEN nps >= 9 THEN 1 ELSE 0 END) AS promoters,"
    " sum(CASE WHEN nps BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives,"
    " sum(CASE WHEN nps <= 6 THEN 1 ELSE 0 END) AS detractors"
    " FROM responses, bounds WHERE nps IS NOT NULL AND occurred_at > newest - INTERVAL '56 days' GROUP BY 1"
)
_BY_CHANNEL = (
    "SELECT coalesce(channel, '(none)') AS channel, count(*) AS events FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
)


@dataclass
class Summary:
    counts: dict[str, int]
    backend: str
    events_per_day: list[tuple[date, int]] = field(default_factory=list)
    nps_per_week: list[tuple[datetime, NpsCell]] = field(default_factory=list)
    nps_overall: NpsCell = field(default_factory=lambda: nps_cell(0, 0, 0))
    events_by_channel: list[tuple[str, int]] = field(default_factory=list)
    nps_recent: NpsCell = field(default_factory=lambda: nps_cell(0, 0, 0))
    nps_previous: NpsCell = field(default_factory=lambda: nps_cell(0, 0, 0))

    def nps_trend(self) -> float | None:
        """Change of NPS over the last 28 days against the 28 days before."""
        if self.nps_recent.value is None or self.nps_previous.value is None:
            return None
        return self.nps_recent.value - self.nps_previous.value

    def nps_trend_significant(self) -> bool:
        """Whether the two periods' 95% intervals do not overlap (a conservative test)."""
        recent, previous = self.nps_recent, self.nps_previous
        if recent.ci_low is None or recent.ci_high is None or previous.ci_low is None or previous.ci_high is None:
            return False
        return recent.ci_low > previous.ci_high or recent.ci_high < previous.ci_low

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "store": self.backend,
            "nps": vars(self.nps_overall),
            "events_per_day": [{"day": d.isoformat(), "events": n} for d, n in self.events_per_day],
            "nps_per_week": [{"week": w.date().isoformat(), **vars(c)} for w, c in self.nps_per_week],
        }


def summarize(store: Store) -> Summary:
    summary = Summary(counts=store.counts(), backend=store.backend)
    per_day = store.query(_EVENTS_PER_DAY).to_pylist()
    summary.events_per_day = [(r["day"], int(r["events"])) for r in per_day]
    totals = [0, 0, 0]
    for row in store.query(_NPS_PER_WEEK).to_pylist():
        counts = (int(row["promoters"]), int(row["passives"]), int(row["detractors"]))
        summary.nps_per_week.append((row["week"], nps_cell(*counts)))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    summary.nps_overall = nps_cell(*totals)
    periods = {r["period"]: r for r in store.query(_NPS_RECENT).to_pylist()}
    for name in ("recent", "previous"):
        row = periods.get(name)
        if row is not None:
            cell = nps_cell(int(row["promoters"]), int(row["passives"]), int(row["detractors"]))
            setattr(summary, f"nps_{name}", cell)
    summary.events_by_channel = [(r["channel"], int(r["events"])) for r in store.query(_BY_CHANNEL).to_pylist()]
    return summary
