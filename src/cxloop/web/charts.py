"""Plotly figures for the dashboard, returned as JSON for ``Plotly.newPlot``."""

from __future__ import annotations

import plotly.graph_objects as go

from cxloop.analytics import Summary

__all__ = ["events_per_day_figure", "nps_trend_figure"]

_LAYOUT = {
    "margin": {"l": 48, "r": 16, "t": 16, "b": 40},
    "height": 300,
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "font": {"family": "system-ui, sans-serif", "size": 12},
}


def events_per_day_figure(summary: Summary) -> str:
    days = [d.isoformat() for d, _ in summary.events_per_day]
    counts = [n for _, n in summary.events_per_day]
    fig = go.Figure(go.Bar(x=days, y=counts, name="events", marker_color="#3b6ea5"))
    fig.update_layout(**_LAYOUT, yaxis_title="events", bargap=0.1)
    return str(fig.to_json())


def nps_trend_figure(summary: Summary) -> str:
    weeks = [w for w, c in summary.nps_per_week if c.value is not None]
    cells = [c for _, c in summary.nps_per_week if c.value is not None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=weeks + weeks[::-1], y=[c.ci_high for c in cells] + [c.ci_low for c in cells][::-1],
                   mode="lines", fill="toself", fillcolor="rgba(59,110,165,0.18)", line={"width": 0}, hoverinfo="skip",
                   name="95% CI")
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=weeks, y=[c.value for c in cells], mode="lines+markers", name="NPS",
                   line={"color": "#3b6ea5"}, customdata=[c.n for c in cells],
                   hovertemplate="week of %{x}<br>NPS %{y:.1f}<br>n=%{customdata}<extra></extra>")
    )  # fmt: skip
    fig.update_layout(**_LAYOUT, yaxis_title="NPS", yaxis_range=[-100, 100], showlegend=False)
    return str(fig.to_json())
