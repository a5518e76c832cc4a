"""The FastAPI application: REST API under ``/v1``, dashboard at ``/``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from cxloop import __version__
from cxloop.api import engine, events, keys, metrics, reads, replay
from cxloop.api.group_commit import GroupCommitter
from cxloop.api.problems import install_handlers
from cxloop.client import LocalClient
from cxloop.loop.timer import BackgroundLoop
from cxloop.web import mount_web

__all__ = ["create_app"]


def create_app(client: LocalClient, *, admin_token: str | None = None, timers: float | None = 1.0) -> FastAPI:
    """An app serving ``client``'s workspace. ``admin_token`` admits local CLI calls.

    ``timers``: every how many seconds the engine's timers (by the wall clock)
    and webhook delivery run in the background; None runs neither.
    """
    committer = GroupCommitter(client.ingestor)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        loop = None
        if timers is not None:
            loop = BackgroundLoop(client.store, client.engine, client.deliverer(), interval=timers)
            loop.start()
        yield
        if loop is not None:
            loop.close()
        committer.close()  # finish what was accepted before the store closes

    app = FastAPI(
        lifespan=lifespan,
        title="cxloop",
        version=__version__,
        description="Real-time customer-experience engine. Authenticate with `Authorization: Bearer KEY`.",
    )
    app.state.client = client
    app.state.committer = committer
    app.state.admin_token = admin_token
    install_handlers(app)

    @app.get("/healthz", tags=["meta"], summary="Liveness")
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.include_router(events.router)
    app.include_router(reads.router)
    app.include_router(keys.router)
    app.include_router(metrics.router)
    app.include_router(replay.router)
    app.include_router(engine.router)
    mount_web(app)
    return app
