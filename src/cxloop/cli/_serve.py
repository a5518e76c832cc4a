"""``cxloop serve``: the API and dashboard in one process that owns the store."""

from __future__ import annotations

import ipaddress

from rich.console import Console

from cxloop.client import LocalClient, resolve_workspace

__all__ = ["serve"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(workspace: str | None, *, host: str, port: int, store: str | None, console: Console) -> None:
    import uvicorn

    from cxloop.api import create_app

    root = resolve_workspace(workspace)
    client = LocalClient(root, store_url=store)
    url_host = f"[{host}]" if ":" in host else host
    url = f"http://{url_host}:{port}"
    info = client.workspace.write_server_info(url if _is_loopback(host) else f"http://127.0.0.1:{port}")
    try:
        app = create_app(client, admin_token=info.token)
        if not _is_loopback(host):
            console.print(
                f"[yellow]warning:[/yellow] serving on {host}: the dashboard has no login yet; the API still"
                " requires keys",
                highlight=False,
            )
        console.print(
            f"cxloop serving [bold]{root}[/bold] ({client.store.backend}) at [link={url}]{url}[/link]"
            f"  dashboard {url}/  API docs {url}/docs",
            highlight=False,
        )
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        client.workspace.clear_server_info()
        client.close()
