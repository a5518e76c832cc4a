"""Dashboard routes. Pages read the workspace in the server process.

The dashboard has no login yet: ``cxloop serve`` binds to 127.0.0.1 unless told
otherwise, and warns when it is exposed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from cxloop.analytics import summarize
from cxloop.web.analytics_routes import mount_analytics
from cxloop.web.charts import events_per_day_figure, nps_trend_figure
from cxloop.web.drill_routes import mount_drill
from cxloop.web.engine_routes import mount_engine
from cxloop.web.themes_routes import mount_themes

__all__ = ["mount_web"]

_HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(_HERE / "templates"))


def _fmt_int(value: int) -> str:
    return f"{value:,}"


def _fmt_score(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}"


templates.env.filters["int"] = _fmt_int
templates.env.filters["score"] = _fmt_score


def mount_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    app.mount(
        "/vendor/plotly",
        StaticFiles(directory=str(Path(plotly.__file__).parent / "package_data")),
        name="plotly",
    )
    mount_analytics(app, templates)
    mount_drill(app, templates)
    mount_engine(app, templates)
    mount_themes(app, templates)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request) -> HTMLResponse:
        client = request.app.state.client
        summary = summarize(client.store)
        context: dict[str, Any] = {
            "workspace": client.config.workspace.name,
            "summary": summary,
            "trend": summary.nps_trend(),
            "events_fig": events_per_day_figure(summary),
            "nps_fig": nps_trend_figure(summary),
        }
        return templates.TemplateResponse(request, "dashboard.html", context)

    @app.get("/fragments/counts", response_class=HTMLResponse, include_in_schema=False)
    def counts(request: Request) -> HTMLResponse:
        client = request.app.state.client
        return templates.TemplateResponse(
            request, "_counts.html", {"counts": client.store.counts(), "backend": client.store.backend}
        )
