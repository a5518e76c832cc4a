"""cxloop: an open-source, real-time customer-experience engine.

The public entry point is :func:`connect`, which opens a workspace folder and
returns a client that ingests events and reads profiles back::

    import cxloop
    cx = cxloop.connect("my-workspace")
    result = cx.ingest([{"customer_id": "u1", "type": "order.paid",
                         "occurred_at": "2026-03-01T09:00:00+00:00"}])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["__version__", "connect"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    from cxloop.client import Client


def connect(workspace: str | Path, store_url: str | None = None) -> Client:
    """Open the workspace at ``workspace`` (a folder holding ``cxloop.yaml``).

    When a ``cxloop serve`` process already owns the workspace, the client talks
    to it over HTTP so that both can work at once; otherwise it opens the store.
    """
    from cxloop.client import open_client

    return open_client(workspace, store_url=store_url)
