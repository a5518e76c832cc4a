"""The HTTP floor: the same framework and server as ``cxloop serve``, doing nothing with the body.

Served with ``python -m uvicorn benchmarks._floor_app:app`` by :mod:`benchmarks.ingest`.
"""

from __future__ import annotations

from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/v1/events")
async def post_events(request: Request) -> dict[str, bool]:
    await request.body()
    return {"ok": True}
