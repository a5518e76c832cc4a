"""``GET /v1/metrics/{metric}``: NPS, CSAT and CES by any grouping."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from cxloop.analytics.metrics import MetricQuery
from cxloop.api.auth import require
from cxloop.api.problems import Problem
from cxloop.client import LocalClient

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["metrics"])


Metric = Annotated[str, Path(pattern="^(nps|csat|ces)$")]


def metric_query(
    metric: Metric,
    by: Annotated[str, Query(description="comma-separated: month, touchpoint, segment, properties.NAME, ...")] = "",
    where: Annotated[str | None, Query(description="e.g. touchpoint = checkout and segment in (vip, new)")] = None,
    start: Annotated[datetime | None, Query(alias="from", description="inclusive, RFC 3339")] = None,
    end: Annotated[datetime | None, Query(alias="to", description="exclusive, RFC 3339")] = None,
    min_n: Annotated[int, Query(ge=1)] = 30,
    csat_threshold: Annotated[int, Query(ge=1, le=5)] = 4,
    ces_easy: Annotated[int, Query(ge=1, le=7)] = 5,
) -> MetricQuery:
    """The query parameters every metric endpoint shares, as a :class:`MetricQuery`."""
    for name, moment in (("from", start), ("to", end)):
        if moment is not None and moment.tzinfo is None:
            raise Problem(400, f"{name}: {moment.isoformat()} has no UTC offset: add one such as +00:00 or Z")
    return MetricQuery(
        metric,  # type: ignore[arg-type]
        by=[b for b in by.split(",") if b.strip()], where=where, start=start, end=end, min_n=min_n,
        csat_threshold=csat_threshold, ces_easy=ces_easy,
    )  # fmt: skip


Reader = Annotated[str, Depends(require("read"))]
Metrics = Annotated[MetricQuery, Depends(metric_query)]


@router.get("/metrics/{metric}", summary="A metric with n and a 95% interval per group")
def get_metric(request: Request, key: Reader, query: Metrics) -> dict[str, Any]:
    client: LocalClient = request.app.state.client
    rows = client.metrics(query)
    return {"metric": query.metric, "by": list(query.by), "rows": rows}


@router.get("/metrics/{metric}/trends", summary="The metric per period: normal, fluke, pattern or trend")
def get_trends(
    request: Request, key: Reader, query: Metrics,
    period: Annotated[str, Query(pattern="^(day|week|month|quarter|year)$")] = "week",
) -> dict[str, Any]:  # fmt: skip
    client: LocalClient = request.app.state.client
    rows = client.trends(query, period)
    return {"metric": query.metric, "period": period, "by": list(query.by), "rows": rows}


@router.get("/metrics/{metric}/hotspots", summary="Meso: groups ranked by impact on the metric")
def get_hotspots(
    request: Request,
    key: Reader,
    query: Metrics,
    fields: Annotated[str, Query(description="comma-separated: touchpoint, segment, properties.NAME, ...")],
) -> dict[str, Any]:
    client: LocalClient = request.app.state.client
    names = [f.strip() for f in fields.split(",") if f.strip()]
    return {"metric": query.metric, "rows": client.hotspots(query, names)}


@router.get("/metrics/{metric}/detail", summary="Micro: distribution, separating attributes, verbatims")
def get_detail(request: Request, key: Reader, query: Metrics) -> dict[str, Any]:
    client: LocalClient = request.app.state.client
    return client.detail(query)


@router.get("/tree", summary="Macro: the metric tree for a period against another")
def get_tree(
    request: Request,
    key: Reader,
    period: Annotated[str, Query(description="2026-10, 2026-Q3, 2026-W41, 2026, a..b or last28d")] = "last28d",
    compare: Annotated[str | None, Query(description="the comparison period; default: the one before")] = None,
    min_n: Annotated[int, Query(ge=1)] = 30,
) -> dict[str, Any]:
    client: LocalClient = request.app.state.client
    return client.tree(period, compare, min_n=min_n)


@router.get("/drivers", summary="Key drivers: relative importance with bootstrap intervals, and performance")
def get_drivers(
    request: Request, key: Reader,
    target: Annotated[str, Query(description="nps, csat, ces or properties.NAME")],
    drivers: Annotated[str, Query(description="comma-separated properties.NAME or scores")],
    bootstrap: Annotated[int, Query(ge=0, le=2000)] = 200, min_n: Annotated[int, Query(ge=1)] = 30,
) -> dict[str, Any]:  # fmt: skip
    client: LocalClient = request.app.state.client
    return client.drivers(target, [d.strip() for d in drivers.split(",") if d.strip()],
                          bootstrap=bootstrap, min_n=min_n)  # fmt: skip
