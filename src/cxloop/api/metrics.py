"""``GET /v1/metrics/{metric}``: NPS, CSAT and CES by any grouping."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from cxloop.analytics.metrics import MetricQuery
from cxloop.api.auth import require
from cxloop.api.problems import Problem
from cxloop.client import LocalClient
from cxloop.errors import ValidationError

__all__ = ["router"]

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])


@router.get("/{metric}", summary="A metric with n and a 95% interval per group")
def get_metric(
    request: Request,
    metric: Annotated[str, Path(pattern="^(nps|csat|ces)$")],
    key: Annotated[str, Depends(require("read"))],
    by: Annotated[str, Query(description="comma-separated: month, touchpoint, segment, properties.NAME, ...")] = "",
    where: Annotated[str | None, Query(description="e.g. touchpoint = checkout and segment in (vip, new)")] = None,
    start: Annotated[datetime | None, Query(alias="from", description="inclusive, RFC 3339")] = None,
    end: Annotated[datetime | None, Query(alias="to", description="exclusive, RFC 3339")] = None,
    min_n: Annotated[int, Query(ge=1)] = 30,
    csat_threshold: Annotated[int, Query(ge=1, le=5)] = 4,
    ces_easy: Annotated[int, Query(ge=1, le=7)] = 5,
) -> dict[str, Any]:
    client: LocalClient = request.app.state.client
    for name, moment in (("from", start), ("to", end)):
        if moment is not None and moment.tzinfo is None:
            raise Problem(400, f"{name}: {moment.isoformat()} has no UTC offset: add one such as +00:00 or Z")
    try:
        query = MetricQuery(
            metric,  # type: ignore[arg-type]
            by=[b for b in by.split(",") if b.strip()], where=where, start=start, end=end, min_n=min_n,
            csat_threshold=csat_threshold, ces_easy=ces_easy,
        )  # fmt: skip
        rows = client.metrics(query)
    except ValidationError as exc:
        raise Problem(400, str(exc)) from None
    return {"metric": metric, "by": list(query.by), "rows": rows}
