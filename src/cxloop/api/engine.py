"""The engine's records over HTTP: decisions (explained), the case queue, delivery."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from cxloop.api.auth import require
from cxloop.client import LocalClient

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["engine"])


class CaseChange(BaseModel):
    """What to change on a case; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    status: str | None = Field(default=None, description="open, in_progress, resolved or closed")
    assignee: str | None = Field(default=None, max_length=200)
    root_cause: str | None = Field(default=None, max_length=2000, description="required to resolve")
    outcome: str | None = Field(default=None, max_length=2000, description="required to resolve")


def _client(request: Request) -> LocalClient:
    client: LocalClient = request.app.state.client
    return client


@router.get("/decisions/{decision_id}", summary="A decision: trigger, persona, rules, policy checks, actions, why")
def get_decision(request: Request, decision_id: str, key: Annotated[str, Depends(require("read"))]) -> dict[str, Any]:
    return _client(request).explain(decision_id)


@router.get("/cases", summary="The case queue, those due first")
def get_cases(
    request: Request,
    key: Annotated[str, Depends(require("read"))],
    status: Annotated[str | None, Query(description="active, open, in_progress, resolved or closed")] = None,
    owner: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> dict[str, Any]:
    return {"rows": _client(request).cases(status=status, owner=owner, limit=limit)}


@router.patch("/cases/{case_id}", summary="Assign, start, resolve (root cause and outcome), reopen or close a case")
def patch_case(
    request: Request, case_id: str, body: CaseChange, key: Annotated[str, Depends(require("ingest"))]
) -> dict[str, Any]:
    return _client(request).change_case(case_id, **body.model_dump())


@router.post("/engine/deliver", summary="Run the engine's timers and try every due webhook now")
def post_deliver(request: Request, key: Annotated[str, Depends(require("admin"))]) -> dict[str, int]:
    return _client(request).deliver()
