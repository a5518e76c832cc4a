"""The themes page, ``/themes``: what customers write about, by taxonomy theme (volume, share
negative, weekly trend, top touchpoints and segments, example verbatims in their own language and
direction) and the themes discovered by clustering the newest texts.

Like the other pages it reads the workspace in the server process, without a login. Bad filters are
shown on the page with status 400, never a 500.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from cxloop.client import LocalClient
from cxloop.errors import ValidationError
from cxloop.web.themes_data import (
    DEFAULT_PERIOD,
    MAX_DISCOVERY,
    MAX_TEXTS,
    PERIOD_CHOICES,
    parse_filters,
    segments,
    themes_view,
    touchpoints,
)

__all__ = ["mount_themes"]


def mount_themes(app: FastAPI, templates: Jinja2Templates) -> None:
    def page(request: Request, period: str | None, touchpoint: str | None, segment: str | None,
             language: str | None) -> HTMLResponse:  # fmt: skip
        client: LocalClient = request.app.state.client
        form = {"period": (period or "").strip() or DEFAULT_PERIOD, "touchpoint": (touchpoint or "").strip(),
                "segment": (segment or "").strip(), "language": (language or "").strip()}  # fmt: skip
        context: dict[str, Any] = {
            "workspace": client.config.workspace.name, "form": form, "periods": PERIOD_CHOICES,
            "touchpoints": touchpoints(client), "segments": segments(client), "languages": [], "view": None,
            "error": None, "max_texts": MAX_TEXTS, "max_discovery": MAX_DISCOVERY, "urlencode": urlencode,
        }  # fmt: skip
        try:
            filters = parse_filters(client, period, touchpoint, segment, language)
        except ValidationError as exc:
            context["error"] = str(exc)
            return templates.TemplateResponse(request, "themes.html", context, status_code=400)
        view = themes_view(client, filters)
        context.update(view=view, languages=view.languages, filters=filters)
        return templates.TemplateResponse(request, "themes.html", context)

    @app.get("/themes", response_class=HTMLResponse, include_in_schema=False)
    def themes_page(
        request: Request,
        period: str | None = None,
        touchpoint: str | None = None,
        segment: str | None = None,
        language: str | None = None,
    ) -> HTMLResponse:
        return page(request, period, touchpoint, segment, language)
