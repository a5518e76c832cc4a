"""``POST /v1/replay``: a backtest of a rule set over history, with no side effects."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from cxloop.api.auth import require
from cxloop.api.problems import Problem
from cxloop.client import LocalClient
from cxloop.config.rules import RuleConfig

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["engine"])


class ReplayRequest(BaseModel):
    rules: list[RuleConfig] | None = Field(default=None, description="a candidate rule set; default: the workspace's")
    start: datetime | None = Field(default=None, alias="from")
    end: datetime | None = Field(default=None, alias="to")


@router.post("/replay", summary="What a rule set would have done over history (no side effects)")
def post_replay(request: Request, body: ReplayRequest, key: Annotated[str, Depends(require("read"))]) -> dict[str, Any]:
    for name, moment in (("from", body.start), ("to", body.end)):
        if moment is not None and moment.tzinfo is None:
            raise Problem(400, f"{name}: {moment.isoformat()} has no UTC offset: add one such as +00:00 or Z")
    client: LocalClient = request.app.state.client
    return client.replay(body.rules, body.start, body.end)
