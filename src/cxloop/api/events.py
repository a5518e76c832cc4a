"""``POST /v1/events``: the HTTP collector."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from cxloop.api.auth import require
from cxloop.api.group_commit import GroupCommitter
from cxloop.api.problems import Problem
from cxloop.client import LocalClient
from cxloop.ingest import IngestResult, RawRecord, read_body
from cxloop.ingest.readers import BodyError

__all__ = ["MAX_BODY_BYTES", "MAX_EVENTS", "router"]

MAX_EVENTS = 10_000
MAX_BODY_BYTES = 64 * 1024 * 1024

router = APIRouter(prefix="/v1", tags=["events"])


class RecordError(BaseModel):
    index: int
    line: int | None = None
    error: str


class IngestAnswer(BaseModel):
    accepted: int
    rejected: int
    duplicates: int
    errors: list[RecordError]


async def _read_limited(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise Problem(413, f"the body has {declared} bytes; the limit is {MAX_BODY_BYTES}: send smaller batches")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Problem(413, f"the body exceeds {MAX_BODY_BYTES} bytes: send smaller batches")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/events",
    response_model=IngestAnswer,
    summary="Ingest events (JSON array or NDJSON, up to 10,000 a request)",
    responses={400: {"description": "unreadable body"}, 401: {}, 403: {}, 413: {"description": "too large"}},
)
async def post_events(
    request: Request,
    key: Annotated[str, Depends(require("ingest"))],
    source: Annotated[str | None, Query(description="source for events that name none")] = None,
) -> IngestAnswer:
    """Validate and store events. A 200 means every accepted event is durable;
    rejected records are listed with their index (and NDJSON line) and reason."""
    body = await _read_limited(request)
    try:
        records = list(read_body(body, request.headers.get("content-type")))
    except BodyError as exc:
        raise Problem(400, str(exc)) from None
    if len(records) > MAX_EVENTS:
        raise Problem(413, f"the body holds {len(records)} events; the limit is {MAX_EVENTS} a request")
    client: LocalClient = request.app.state.client
    committer: GroupCommitter = request.app.state.committer
    # Validation and the write happen on the committer's thread; this request
    # is answered only after the transaction holding its events has committed.
    result = await asyncio.wrap_future(committer.submit(records, source or client.http_source))
    return IngestAnswer(**result.summary(), errors=_errors(records, result))


def _errors(records: list[RawRecord], result: IngestResult) -> list[RecordError]:
    index_of = {r.where: i for i, r in enumerate(records)}
    out = []
    for reject in result.rejects:
        kind, _, number = reject.where.partition(" ")
        line = int(number) if kind == "line" else None
        out.append(RecordError(index=index_of[reject.where], line=line, error=reject.error))
    return out
