"""Plotly figures for the trends and key-driver pages, returned as JSON for ``Plotly.newPlot``.

Every trace carries a ``meta`` tag (``value``, ``ci``, ``center``, ``lower``,
``upper``, ``status:fluke``... ``drivers``) so the page and its tests can find
it without relying on the trace order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from cxloop.web.charts import _LAYOUT

__all__ = [
    "METRIC_LABELS",
    "QUADRANTS",
    "STATUS_COLORS",
    "drivers_figure",
    "quadrant_of",
    "short_driver",
    "trend_figure",
]

ACCENT = "#3b6ea5"
GREY = "#9aa5b1"
LIMIT = "#6b7785"
#: Marker colours of the out-of-control statuses: amber, orange, red.
STATUS_COLORS = {"fluke": "#f2b01e", "pattern": "#f07f1a", "trend": "#d62f2f"}
METRIC_LABELS = {"nps": "NPS", "csat": "CSAT %", "ces": "CES"}
#: Fixed y ranges (a little beyond the scale, so points at its ends stay whole) make small charts comparable.
_RANGES = {"nps": [-106, 106], "csat": [-4, 104], "ces": [0.75, 7.25]}
_PERIOD_WORDS = {"day": "", "week": "week of ", "month": "month of ", "quarter": "quarter from ", "year": "year "}

#: Quadrant names by (high importance, high performance).
QUADRANTS = {
    (True, False): "Fix first",
    (True, True): "Keep up",
    (False, True): "Possible overkill",
    (False, False): "Low priority",
}


def _symbol(direction: str | None, hollow: bool) -> str:
    base = "triangle-down" if direction == "down" else "triangle-up"
    return f"{base}-open" if hollow else base


def trend_figure(rows: Sequence[dict[str, Any]], metric: str, period: str, *, height: int = 300) -> str:
    """One series of :func:`cxloop.analytics.trends.trends` rows: line, 95% band, limits, status markers."""
    x = [str(r["period"]) for r in rows]
    label = METRIC_LABELS.get(metric, metric)
    fmt = ".2f" if metric == "ces" else ".1f"
    fig = go.Figure()
    if rows:
        fig.add_trace(
            go.Scatter(x=x + x[::-1], y=[r["ci_high"] for r in rows] + [r["ci_low"] for r in rows][::-1],
                       mode="lines", fill="toself", fillcolor="rgba(59,110,165,0.15)", line={"width": 0},
                       hoverinfo="skip", name="95% CI", meta="ci")
        )  # fmt: skip
    for key, dash, name in (
        ("center", "dash", "centre"),
        ("lower", "dot", "lower limit"),
        ("upper", "dot", "upper limit"),
    ):
        limited = [r for r in rows if r[key] is not None]
        fig.add_trace(
            go.Scatter(x=[str(r["period"]) for r in limited], y=[r[key] for r in limited], mode="lines", name=name,
                       line={"color": LIMIT, "dash": dash, "width": 1.2}, meta=key,
                       hovertemplate=f"{name} %{{y:{fmt}}}<extra></extra>")
        )  # fmt: skip
    insufficient = [bool(r["insufficient"]) for r in rows]
    fig.add_trace(
        go.Scatter(
            x=x, y=[r["value"] for r in rows], mode="lines+markers", name=label, meta="value",
            line={"color": ACCENT, "width": 2},
            marker={"size": 7, "color": [GREY if i else ACCENT for i in insufficient],
                    "symbol": ["circle-open" if i else "circle" for i in insufficient], "line": {"width": 1.5}},
            customdata=[[r["n"], r["ci_low"], r["ci_high"], r["status"], " (too few answers)" if i else ""]
                        for r, i in zip(rows, insufficient, strict=True)],
            hovertemplate=(f"{_PERIOD_WORDS.get(period, '')}%{{x}}<br>{label} %{{y:{fmt}}}"
                           f" [%{{customdata[1]:{fmt}}}, %{{customdata[2]:{fmt}}}]"
                           "<br>n=%{customdata[0]}%{customdata[4]}<br>%{customdata[3]}<extra></extra>"),
        )
    )  # fmt: skip
    for status, color in STATUS_COLORS.items():
        flagged = [r for r in rows if r["status"] == status]
        fig.add_trace(
            go.Scatter(
                x=[str(r["period"]) for r in flagged], y=[r["value"] for r in flagged], mode="markers",
                name=status, meta=f"status:{status}",
                marker={"size": 13, "color": color, "line": {"width": 1.5, "color": color},
                        "symbol": [_symbol(r["direction"], bool(r["insufficient"])) for r in flagged]},
                customdata=[[r["n"], r["direction"]] for r in flagged],
                hovertemplate=f"%{{x}}: {status}, %{{customdata[1]}}<br>{label} %{{y:{fmt}}}, n=%{{customdata[0]}}"
                              "<extra></extra>",
            )
        )  # fmt: skip
    layout = {**_LAYOUT, "height": height}
    fig.update_layout(**layout, yaxis_title=label, yaxis_range=_RANGES.get(metric), showlegend=False,
                      hovermode="closest")  # fmt: skip
    return _json(fig)


def short_driver(name: str) -> str:
    """``properties.rating_delivery`` -> ``delivery``, for chart labels."""
    return name.removeprefix("properties.").removeprefix("rating_")


def quadrant_of(importance: float, performance: float, mean_importance: float, mean_performance: float) -> str:
    return QUADRANTS[(importance >= mean_importance, performance >= mean_performance)]


def drivers_figure(rows: Sequence[dict[str, Any]], mean_importance: float, mean_performance: float) -> str:
    """Importance (share of explained variance, %) against performance (mean), with quadrant lines at the means."""
    x = [r["performance"] for r in rows]
    y = [100.0 * r["importance"] for r in rows]
    high = [max(0.0, 100.0 * (r["ci_high"] - r["importance"])) if r["ci_high"] == r["ci_high"] else 0.0 for r in rows]
    low = [max(0.0, 100.0 * (r["importance"] - r["ci_low"])) if r["ci_low"] == r["ci_low"] else 0.0 for r in rows]
    fig = go.Figure(
        go.Scatter(
            x=x, y=y, mode="markers+text", text=[short_driver(r["driver"]) for r in rows], textposition="middle right",
            meta="drivers", name="drivers",
            marker={"size": 12, "color": [STATUS_COLORS["trend"] if r["quadrant"] == "Fix first" else ACCENT
                                          for r in rows]},
            error_y={"type": "data", "symmetric": False, "array": high, "arrayminus": low, "color": GREY,
                     "thickness": 1.2, "width": 4},
            customdata=[[r["driver"], r["quadrant"]] for r in rows],
            hovertemplate="%{customdata[0]}<br>importance %{y:.1f}%<br>performance %{x:.2f}<br>%{customdata[1]}"
                          "<extra></extra>",
        )
    )  # fmt: skip
    spread = max(max(x, default=0.0) - min(x, default=0.0), 0.2)
    x_range = [min(x, default=0.0) - 0.35 * spread, max(x, default=1.0) + 0.6 * spread]
    y_top = max([a + b for a, b in zip(y, high, strict=True)] + [2 * mean_importance * 100.0]) * 1.08
    line = {"color": LIMIT, "dash": "dash", "width": 1}
    fig.add_vline(x=mean_performance, line=line)
    fig.add_hline(y=100.0 * mean_importance, line=line)
    corners = {
        "Fix first": (0.01, 0.99, "left", "top"),
        "Keep up": (0.99, 0.99, "right", "top"),
        "Possible overkill": (0.99, 0.01, "right", "bottom"),
        "Low priority": (0.01, 0.01, "left", "bottom"),
    }
    for text, (ax, ay, xanchor, yanchor) in corners.items():
        fig.add_annotation(x=ax, y=ay, xref="x domain", yref="y domain", text=f"<b>{text}</b>", showarrow=False,
                           xanchor=xanchor, yanchor=yanchor, font={"color": LIMIT, "size": 13})  # fmt: skip
    fig.update_layout(**{**_LAYOUT, "height": 420}, showlegend=False, xaxis_title="performance (mean rating)",
                      yaxis_title="importance (% of explained variance)", xaxis_range=x_range,
                      yaxis_range=[0, y_top])  # fmt: skip
    return _json(fig)


def _json(fig: go.Figure) -> str:
    """The figure as JSON that is safe inside a ``<script>`` element (names can come from the data)."""
    return str(fig.to_json()).replace("</", "<\\/")
