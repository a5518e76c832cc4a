"""The drill-down pages: ``/tree`` (macro: the metric tree against the period
before) and ``/detail`` (micro: what happened inside one selection)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from cxloop.analytics.metrics import METRICS, MetricQuery
from cxloop.client import LocalClient
from cxloop.errors import ValidationError

__all__ = ["mount_drill"]


def _contribution_figure(rows: list[dict[str, Any]], parent: dict[str, Any]) -> str:
    """A waterfall: the comparison value, each child's contribution, the rest, the current value."""
    children = [
        r for r in rows if r["kind"] == "node" and r["parent"] == parent["node"] and r["contribution"] is not None
    ]
    labels = [f"{parent['label']} before", *(c["label"] for c in children), "other", f"{parent['label']} now"]
    values = [parent["compare_value"], *(c["contribution"] for c in children), parent["unexplained"] or 0.0,
              parent["value"]]  # fmt: skip
    measures = ["absolute", *["relative"] * (len(children) + 1), "total"]
    fig = go.Figure(go.Waterfall(x=labels, y=values, measure=measures, connector={"line": {"color": "#9aa5b1"}},
                                 decreasing={"marker": {"color": "#c0392b"}},
                                 increasing={"marker": {"color": "#2e8b57"}},
                                 totals={"marker": {"color": "#3b6ea5"}}, meta="waterfall"))  # fmt: skip
    fig.update_layout(height=300, margin={"l": 48, "r": 16, "t": 16, "b": 60}, paper_bgcolor="rgba(0,0,0,0)",
                      plot_bgcolor="rgba(0,0,0,0)", showlegend=False)  # fmt: skip
    return str(fig.to_json())


def _distribution_figure(distribution: list[dict[str, Any]], metric: str) -> str:
    low, high = {"nps": (6, 9), "csat": (2, 4), "ces": (3, 5)}[metric]
    colours = ["#c0392b" if d["score"] <= low else "#2e8b57" if d["score"] >= high else "#9aa5b1"
               for d in distribution]  # fmt: skip
    fig = go.Figure(go.Bar(x=[d["score"] for d in distribution], y=[d["n"] for d in distribution],
                           marker_color=colours, meta="distribution"))  # fmt: skip
    fig.update_layout(height=260, margin={"l": 48, "r": 16, "t": 16, "b": 40}, xaxis={"dtick": 1, "title": metric},
                      yaxis_title="answers", paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)")  # fmt: skip
    return str(fig.to_json())


def mount_drill(app: FastAPI, templates: Jinja2Templates) -> None:
    @app.get("/tree", response_class=HTMLResponse, include_in_schema=False)
    def tree_page(request: Request, period: str | None = None, compare: str | None = None) -> HTMLResponse:
        client: LocalClient = request.app.state.client
        form = {"period": (period or "").strip() or "last28d", "compare": (compare or "").strip()}
        context: dict[str, Any] = {"workspace": client.config.workspace.name, "form": form, "result": None,
                                   "error": None, "fig": None}  # fmt: skip
        try:
            result = client.tree(form["period"], form["compare"] or None)
        except ValidationError as exc:
            context["error"] = str(exc)
            return templates.TemplateResponse(request, "tree.html", context, status_code=400)
        context["result"] = result
        context["fig"] = _contribution_figure(result["rows"], result["rows"][0])
        return templates.TemplateResponse(request, "tree.html", context)

    @app.get("/detail", response_class=HTMLResponse, include_in_schema=False)
    def detail_page(request: Request, where: str | None = None, metric: str | None = None) -> HTMLResponse:
        client: LocalClient = request.app.state.client
        form = {"where": (where or "").strip(), "metric": (metric or "").strip() or "nps"}
        context: dict[str, Any] = {"workspace": client.config.workspace.name, "form": form, "metrics": METRICS,
                                   "result": None, "hotspots": [], "error": None, "fig": None}  # fmt: skip
        try:
            query = MetricQuery(form["metric"], where=form["where"] or None)  # type: ignore[arg-type]
            result = client.detail(query)
            context["hotspots"] = client.hotspots(query, ["segment", "language", "channel"])[:8]
        except ValidationError as exc:
            context["error"] = str(exc)
            return templates.TemplateResponse(request, "detail.html", context, status_code=400)
        context["result"] = result
        if result["distribution"]:
            context["fig"] = _distribution_figure(result["distribution"], form["metric"])
        return templates.TemplateResponse(request, "detail.html", context)
