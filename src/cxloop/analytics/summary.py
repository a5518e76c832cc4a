"""The workspace summary behind the dashboard's first page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cxloop.analytics.metrics import MetricQuery, compute
from cxloop.analytics.nps import NpsCell, nps_cell
from cxloop.store import Store

__all__ = ["Summary", "summarize"]

_EVENTS_PER_DAY = (
    "SELECT CAST(date_trunc('day', occurred_at) AS DATE) AS day, count(*) AS events FROM events GROUP BY 1 ORDER BY 1"
)
_BY_CHANNEL = (
    "SELECT coalesce(channel, '(none)') AS channel, count(*) AS events FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
)


@dataclass
class Summary:
    counts: dict[str, int]
    backend: str
    events_per_day: list[tuple[date, int]] = field(default_factory=list)
    nps_per_week: list[tuple[str, NpsCell]] = field(default_factory=list)  # ISO date of each week's Monday
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


def _cell(row: dict[str, Any] | None) -> NpsCell:
    return nps_cell(0, 0, 0) if row is None else nps_cell(row["promoters"], row["passives"], row["detractors"])


def _nps(store: Store, **window: Any) -> NpsCell:
    rows = compute(store, MetricQuery("nps", min_n=1, **window))
    return _cell(rows[0] if rows else None)


def summarize(store: Store) -> Summary:
    """Counts, events per day and by channel, and NPS (overall, weekly, last 28 days against the 28 before)."""
    summary = Summary(counts=store.counts(), backend=store.backend)
    per_day = store.query(_EVENTS_PER_DAY).to_pylist()
    summary.events_per_day = [(r["day"], int(r["events"])) for r in per_day]
    weekly = compute(store, MetricQuery("nps", by=["week"], min_n=1))
    summary.nps_per_week = [(row["week"], _cell(row)) for row in weekly]
    summary.nps_overall = _nps(store)
    newest = store.query("SELECT max(occurred_at) AS newest FROM responses WHERE nps IS NOT NULL").column(0)[0].as_py()
    if newest is not None:
        # Anchored on the newest answer, so that a quiet day does not read as a fall:
        # (newest - 28 days, newest] against the 28 days before.
        tick = timedelta(microseconds=1)
        edge, far = newest - timedelta(days=28), newest - timedelta(days=56)
        summary.nps_recent = _nps(store, start=edge + tick, end=newest + tick)
        summary.nps_previous = _nps(store, start=far + tick, end=edge + tick)
    summary.events_by_channel = [(r["channel"], int(r["events"])) for r in store.query(_BY_CHANNEL).to_pylist()]
    return summary
