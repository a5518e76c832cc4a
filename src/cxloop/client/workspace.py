"""Where a workspace keeps its files, and how processes find a running server."""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

from cxloop.errors import WorkspaceError

__all__ = ["ServerInfo", "Workspace", "resolve_workspace"]

CONFIG_FILE = "cxloop.yaml"
DEFAULT_DB = "cxloop.duckdb"
STATE_DIR = ".cxloop"


def resolve_workspace(folder: str | os.PathLike[str] | None) -> Path:
    """The workspace folder: the argument, else ``CXLOOP_WORKSPACE``, else the current folder."""
    chosen = folder if folder not in (None, "") else os.environ.get("CXLOOP_WORKSPACE") or "."
    path = Path(chosen).expanduser().resolve()
    if not (path / CONFIG_FILE).is_file():
        raise WorkspaceError(
            f"{path} is not a cxloop workspace (it has no {CONFIG_FILE}): create one with `cxloop init {chosen}`"
            " or point --workspace / CXLOOP_WORKSPACE at one"
        )
    return path


@dataclass(frozen=True)
class ServerInfo:
    """What ``cxloop serve`` writes so that other processes on this machine reach it."""

    pid: int
    url: str
    token: str  # a local admin token, readable only by the file's owner


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def server_file(self) -> Path:
        return self.state_dir / "server.json"

    def store_url(self, configured: str | None, override: str | None = None) -> str:
        """``override``, else ``CXLOOP_STORE``, else the config's ``store``, else the DuckDB file here."""
        url = override or os.environ.get("CXLOOP_STORE") or configured
        if not url:
            return f"duckdb://{self.root / DEFAULT_DB}"
        if url.startswith("duckdb://") and not url.startswith("duckdb:///") and ":memory:" not in url:
            return f"duckdb://{(self.root / url.removeprefix('duckdb://')).resolve()}"
        return url

    def webhook_secret(self, env_name: str) -> bytes:
        """The HMAC key for webhooks: ``$env_name`` if set, else one made for this workspace (kept private)."""
        value = os.environ.get(env_name)
        if value:
            return value.encode()
        path = self.state_dir / "webhook-secret"
        try:
            return path.read_bytes().strip()
        except FileNotFoundError:
            self.state_dir.mkdir(exist_ok=True)
            secret = secrets.token_hex(32).encode()
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process made it first
                return path.read_bytes().strip()
            with os.fdopen(fd, "wb") as handle:
                handle.write(secret)
            return secret

    def write_server_info(self, url: str) -> ServerInfo:
        info = ServerInfo(os.getpid(), url, secrets.token_urlsafe(32))
        self.state_dir.mkdir(exist_ok=True)
        tmp = self.server_file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(orjson.dumps({"pid": info.pid, "url": info.url, "token": info.token}))
        tmp.replace(self.server_file)
        return info

    def clear_server_info(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            data = orjson.loads(self.server_file.read_bytes())
            if data.get("pid") == os.getpid():
                self.server_file.unlink()

    def running_server(self) -> ServerInfo | None:
        """The live server that owns this workspace, or None (a stale file is ignored)."""
        try:
            data = orjson.loads(self.server_file.read_bytes())
            info = ServerInfo(int(data["pid"]), str(data["url"]), str(data["token"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        try:
            os.kill(info.pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # alive, owned by someone else
        # The file is written just before the server binds: give a starting
        # server a few seconds rather than racing it for the DuckDB lock.
        deadline = time.monotonic() + 10.0
        while True:
            try:
                response = httpx.get(f"{info.url}/healthz", timeout=3.0)
                return info if response.status_code == 200 else None
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    return None
                time.sleep(0.2)
