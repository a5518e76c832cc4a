"""Read endpoints: status, customer profiles, exports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import pyarrow as pa
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import StreamingResponse

from cxloop.api.auth import require
from cxloop.api.problems import Problem
from cxloop.client import LocalClient
from cxloop.model import Profile
from cxloop.store.protocol import EXPORT_KINDS

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["read"])


@router.get("/status", summary="Counts of events, customers and responses, and the store backend")
def get_status(request: Request, key: Annotated[str, Depends(require("read"))]) -> dict[str, Any]:
    client: LocalClient = request.app.state.client
    return client.status()


@router.get("/customers/{customer_id}", response_model=Profile, summary="A customer's profile with provenance")
def get_customer(
    request: Request,
    customer_id: Annotated[str, Path(min_length=1, max_length=128)],
    key: Annotated[str, Depends(require("read"))],
) -> dict[str, Any]:
    client: LocalClient = request.app.state.client
    profile = client.customer(customer_id)
    if profile is None:
        raise Problem(404, f"no customer {customer_id!r}")
    return profile


@router.get(
    "/export/{kind}",
    summary="Export events, customers or the engine's records as an Arrow IPC stream",
    response_class=StreamingResponse,
)
def export(
    request: Request,
    kind: Annotated[str, Path(pattern=f"^({'|'.join(EXPORT_KINDS)})$")],
    key: Annotated[str, Depends(require("read"))],
) -> StreamingResponse:
    client: LocalClient = request.app.state.client
    batches = client.export_batches(kind)  # type: ignore[arg-type]

    def stream() -> Iterator[bytes]:
        sink = _Chunks()
        writer: pa.ipc.RecordBatchStreamWriter | None = None
        for batch in batches:
            if writer is None:
                writer = pa.ipc.new_stream(sink, batch.schema)
            writer.write_batch(batch)
            yield sink.drain()
        if writer is not None:
            writer.close()
            yield sink.drain()

    return StreamingResponse(stream(), media_type="application/vnd.apache.arrow.stream")


class _Chunks:
    """A write-only file that hands its bytes on as they come."""

    closed = False

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        out, self._parts = b"".join(self._parts), []
        return out
