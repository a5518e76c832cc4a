"""The web dashboard: server-rendered Jinja2 pages, htmx for live fragments,
Plotly for charts; every asset is served from the installed package (no CDN)."""

from __future__ import annotations

from cxloop.web.routes import mount_web

__all__ = ["mount_web"]
