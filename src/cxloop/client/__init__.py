"""Clients: one workspace, opened in this process or through its server.

:func:`open_client` picks: when a live ``cxloop serve`` owns a DuckDB
workspace, work goes through it over HTTP; otherwise the store opens here.
"""

from __future__ import annotations

import os
from pathlib import Path

from cxloop.client.base import Client
from cxloop.client.local import LocalClient
from cxloop.client.remote import RemoteClient
from cxloop.client.workspace import Workspace, resolve_workspace

__all__ = ["Client", "LocalClient", "RemoteClient", "Workspace", "open_client", "resolve_workspace"]


def open_client(folder: str | os.PathLike[str] | None, *, store_url: str | None = None) -> Client:
    root = resolve_workspace(folder)
    workspace = Workspace(root)
    configured_store = store_url or os.environ.get("CXLOOP_STORE")
    if not configured_store or configured_store.startswith("duckdb:"):
        server = workspace.running_server()
        if server is not None:
            return RemoteClient(root, server)
    return LocalClient(Path(root), store_url=store_url)
