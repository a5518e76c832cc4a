"""API key administration (the local admin token or an ``admin`` key)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from cxloop.api.auth import require
from cxloop.api.problems import Problem
from cxloop.client import LocalClient
from cxloop.client.keys import parse_scopes
from cxloop.errors import ValidationError

__all__ = ["router"]

router = APIRouter(prefix="/v1/keys", tags=["keys"])


class KeyRequest(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[str] = Field(min_length=1)


@router.post("", summary="Create an API key; the secret is in this answer only")
def create(request: Request, body: KeyRequest, key: Annotated[str, Depends(require("admin"))]) -> dict[str, Any]:
    client: LocalClient = request.app.state.client
    try:
        return client.create_key(body.name, parse_scopes(",".join(body.scopes)))
    except ValidationError as exc:
        raise Problem(422, str(exc)) from None


@router.get("", summary="List API keys (never their secrets)")
def list_keys(request: Request, key: Annotated[str, Depends(require("admin"))]) -> list[dict[str, Any]]:
    client: LocalClient = request.app.state.client
    return client.list_keys()


@router.delete("/{key_id}", status_code=204, summary="Revoke an API key")
def revoke(request: Request, key_id: str, key: Annotated[str, Depends(require("admin"))]) -> None:
    client: LocalClient = request.app.state.client
    if not client.revoke_key(key_id):
        raise Problem(404, f"no live key {key_id!r}")
