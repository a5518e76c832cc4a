"""The analyst pages: ``/trends`` (a metric per period against its control limits) and ``/drivers``.

Bad parameters are shown on the page with status 400: every query parameter is
read as plain text here and checked by the analytics layer, whose
``ValidationError`` messages say what is wrong and how to fix it.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from cxloop.analytics.metrics import METRICS, MetricQuery
from cxloop.client import LocalClient
from cxloop.errors import ValidationError
from cxloop.web.analytics_charts import METRIC_LABELS, STATUS_COLORS, drivers_figure, quadrant_of, trend_figure

__all__ = ["mount_analytics", "rating_drivers"]

PERIOD_CHOICES = ("day", "week", "month", "quarter")
BY_CHOICES = ("touchpoint", "channel", "survey", "segment", "language")
MAX_GROUPS = 8
#: The group keys of a trends row are whatever is not one of these.
_TREND_KEYS = frozenset(
    {"period", "value", "ci_low", "ci_high", "n", "insufficient", "center", "lower", "upper", "status", "direction"}
)
_SAMPLE_SQL = (
    "SELECT CAST(properties AS TEXT) AS p FROM events WHERE type = 'survey.response'"
    " ORDER BY occurred_at DESC LIMIT 2000"
)


def rating_drivers(client: LocalClient) -> list[str]:
    """``properties.rating_*`` keys with numbers in recent survey responses (portable SQL: DuckDB and PostgreSQL)."""
    found: set[str] = set()
    for row in client.store.query(_SAMPLE_SQL).to_pylist():
        try:
            properties = json.loads(row["p"]) if row["p"] else {}
        except (TypeError, ValueError):
            continue
        if not isinstance(properties, dict):
            continue
        for key, value in properties.items():
            if key.startswith("rating_") and isinstance(value, int | float) and not isinstance(value, bool):
                found.add(f"properties.{key}")
    return sorted(found)


def _series(rows: list[dict[str, Any]]) -> list[tuple[str | None, list[dict[str, Any]]]]:
    """Rows split by their group key, the groups with the most answers first (at most ``MAX_GROUPS``)."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        key = tuple((k, v) for k, v in row.items() if k not in _TREND_KEYS)
        groups.setdefault(key, []).append(row)
    ordered = sorted(groups.items(), key=lambda item: -sum(int(r["n"]) for r in item[1]))
    return [(", ".join("(none)" if v is None else str(v) for _, v in key) or None, series) for key, series in ordered]


def _text(value: str | None, default: str) -> str:
    return default if value is None or not value.strip() else value.strip()


def mount_analytics(app: FastAPI, templates: Jinja2Templates) -> None:
    @app.get("/trends", response_class=HTMLResponse, include_in_schema=False)
    def trends_page(
        request: Request, metric: str | None = None, period: str | None = None, by: str | None = None
    ) -> HTMLResponse:
        client: LocalClient = request.app.state.client
        form = {"metric": _text(metric, "nps"), "period": _text(period, "week"), "by": _text(by, "")}
        context: dict[str, Any] = {
            "workspace": client.config.workspace.name, "form": form, "metrics": METRICS,
            "metric_labels": METRIC_LABELS, "periods": PERIOD_CHOICES, "by_choices": BY_CHOICES,
            "status_colors": STATUS_COLORS, "charts": [], "flagged": [], "hidden_groups": 0, "error": None,
        }  # fmt: skip
        try:
            if "," in form["by"]:
                raise ValidationError(f"by: one field at a time, got {form['by']!r}")
            query = MetricQuery(form["metric"], by=[form["by"]] if form["by"] else [])  # type: ignore[arg-type]
            rows = client.trends(query, form["period"])
        except ValidationError as exc:
            context["error"] = str(exc)
            return templates.TemplateResponse(request, "trends.html", context, status_code=400)
        series = _series(rows)
        context["hidden_groups"] = max(0, len(series) - MAX_GROUPS)
        for i, (group, points) in enumerate(series[:MAX_GROUPS]):
            context["charts"].append({
                "id": f"trend-chart-{i}", "group": group, "n": sum(int(r["n"]) for r in points),
                "fig": trend_figure(points, form["metric"], form["period"], height=300 if group is None else 240),
            })  # fmt: skip
            context["flagged"].extend({**r, "group": group} for r in points if r["status"] != "normal")
        return templates.TemplateResponse(request, "trends.html", context)

    @app.get("/drivers", response_class=HTMLResponse, include_in_schema=False)
    def drivers_page(request: Request, target: str | None = None, drivers: str | None = None) -> HTMLResponse:
        client: LocalClient = request.app.state.client
        chosen = [d.strip() for d in (drivers or "").split(",") if d.strip()]
        names = chosen or rating_drivers(client)
        form = {"target": _text(target, "nps"), "drivers": ", ".join(names)}
        context: dict[str, Any] = {
            "workspace": client.config.workspace.name, "form": form, "metrics": METRICS, "result": None,
            "rows": [], "fig": None, "error": None, "notice": None,
        }  # fmt: skip
        if not names:
            context["notice"] = (
                "No survey response carries a numeric properties.rating_* yet: name the drivers to analyse,"
                " for example drivers=properties.rating_delivery,properties.rating_price."
            )
            return templates.TemplateResponse(request, "drivers.html", context)
        try:
            result = client.drivers(form["target"], names)
        except ValidationError as exc:
            context["error"] = str(exc)
            return templates.TemplateResponse(request, "drivers.html", context, status_code=400)
        rows = result["rows"]
        mean_importance = 1.0 / len(rows)
        mean_performance = sum(r["performance"] for r in rows) / len(rows)
        for row in rows:
            row["quadrant"] = quadrant_of(row["importance"], row["performance"], mean_importance, mean_performance)
        context.update(result=result, rows=rows, mean_importance=mean_importance, mean_performance=mean_performance,
                       fig=drivers_figure(rows, mean_importance, mean_performance))  # fmt: skip
        return templates.TemplateResponse(request, "drivers.html", context)
