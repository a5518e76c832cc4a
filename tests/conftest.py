"""Shared fixtures: real services or a clear skip (a failure under CXLOOP_REQUIRE_SERVICES=1)."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cxloop.config import write_init

PG_URL = os.environ.get("CXLOOP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRE = os.environ.get("CXLOOP_REQUIRE_SERVICES") == "1"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def need_service(what: str, ok: bool, why: str) -> None:
    """Skip when ``what`` is missing, unless services are required, then fail."""
    if ok:
        return
    message = f"{what} is not available: {why}"
    if REQUIRE:
        pytest.fail(f"{message} (CXLOOP_REQUIRE_SERVICES=1)")
    pytest.skip(message)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL with a fresh schema, dropped afterwards."""
    need_service("PostgreSQL", _port_open("127.0.0.1", 5432), "nothing listens on 127.0.0.1:5432")
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    yield f"{PG_URL}?schema={schema}"
    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's package), one per test module."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--headless=new"])
        yield launched
        launched.close()


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    need_service("headless Chromium", False, "install Debian's chromium package (apt-get install chromium)")
    raise AssertionError("unreachable")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh workspace made by `cxloop init`'s template."""
    root = tmp_path / "ws"
    write_init(root)
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
