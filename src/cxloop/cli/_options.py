"""Options and helpers that every command module shares."""

from __future__ import annotations

import sys
from typing import Annotated

import orjson
import typer
from rich.console import Console

__all__ = ["FormatOpt", "StoreOpt", "WorkspaceOpt", "check_format", "err", "out", "print_json", "usage"]

out = Console()
err = Console(stderr=True, soft_wrap=True)  # errors stay one line: FILE:LINE: FIELD: ...

WorkspaceOpt = Annotated[
    str | None,
    typer.Option("--workspace", "-w", envvar="CXLOOP_WORKSPACE", help="Workspace folder (default: current folder)."),
]
StoreOpt = Annotated[
    str | None,
    typer.Option("--store", envvar="CXLOOP_STORE", help="Store URL: duckdb:///file or postgresql://..."),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Output: text or json.")]


def usage(message: str) -> typer.Exit:
    err.print(f"[red]usage error:[/red] {message}", highlight=False)
    return typer.Exit(2)


def check_format(fmt: str, allowed: tuple[str, ...] = ("text", "json")) -> None:
    if fmt not in allowed:
        raise usage(f"--format: {fmt!r} is not one of {', '.join(allowed)}")


def print_json(data: object) -> None:
    sys.stdout.write(orjson.dumps(data, default=str).decode() + "\n")
