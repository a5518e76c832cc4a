"""Analytics as pandas DataFrames and Plotly figures, for notebooks and scripts.

>>> import cxloop                                                     # doctest: +SKIP
>>> cx = cxloop.connect("demo-workspace")                             # doctest: +SKIP
>>> nps_frame(cx, by=["month", "segment"]).head()                     # doctest: +SKIP
>>> trend_chart(cx, "nps", period="week").show()                      # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd
import plotly.graph_objects as go

from cxloop.analytics.metrics import Metric, MetricQuery

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["metric_frame", "nps_frame", "trend_chart", "trends_frame"]

_STATUS_COLOURS = {"fluke": "#e0a526", "pattern": "#e07b39", "trend": "#c0392b"}


class _Reads(Protocol):
    def metrics(self, query: MetricQuery) -> list[dict[str, Any]]: ...

    def trends(self, query: MetricQuery, period: str) -> list[dict[str, Any]]: ...


def metric_frame(
    client: _Reads, metric: Metric, *, by: Sequence[str] = (), where: str | None = None,
    start: datetime | None = None, end: datetime | None = None, min_n: int = 30,
) -> pd.DataFrame:  # fmt: skip
    """One row per group: the group keys, n, value, ci_low, ci_high, insufficient, ..."""
    rows = client.metrics(MetricQuery(metric, by=list(by), where=where, start=start, end=end, min_n=min_n))
    return pd.DataFrame(rows)


def nps_frame(client: _Reads, **options: Any) -> pd.DataFrame:
    """:func:`metric_frame` for NPS."""
    return metric_frame(client, "nps", **options)


def trends_frame(client: _Reads, metric: Metric, *, period: str = "week", by: Sequence[str] = (),
                 where: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The metric per period with its control limits and fluke / pattern / trend status."""
    return pd.DataFrame(client.trends(MetricQuery(metric, by=list(by), where=where), period))


def trend_chart(client: _Reads, metric: Metric, *, period: str = "week", where: str | None = None) -> go.Figure:
    """The metric per period: its 95% band, control limits and status markers."""
    frame = trends_frame(client, metric, period=period, where=where)
    fig = go.Figure()
    if frame.empty:
        return fig
    x = list(frame["period"])
    fig.add_trace(
        go.Scatter(
            x=x + x[::-1],
            y=list(frame["ci_high"]) + list(frame["ci_low"])[::-1],
            fill="toself",
            mode="lines",
            line={"width": 0},
            fillcolor="rgba(59,110,165,0.18)",
            name="95% CI",
        )
    )
    for column, dash in (("center", "dash"), ("lower", "dot"), ("upper", "dot")):
        fig.add_trace(
            go.Scatter(x=x, y=frame[column], mode="lines", line={"dash": dash, "color": "#6b7785"}, name=column)
        )
    fig.add_trace(
        go.Scatter(x=x, y=frame["value"], mode="lines+markers", name=metric.upper(), line={"color": "#3b6ea5"})
    )
    for status, colour in _STATUS_COLOURS.items():
        flagged = frame[frame["status"] == status]
        if not flagged.empty:
            fig.add_trace(go.Scatter(x=flagged["period"], y=flagged["value"], mode="markers", name=status,
                                     marker={"color": colour, "size": 12, "symbol": [
                                         "triangle-up" if d == "up" else "triangle-down" for d in flagged["direction"]
                                     ]}))  # fmt: skip
    fig.update_layout(yaxis_title=metric.upper(), xaxis_title=period)
    return fig
