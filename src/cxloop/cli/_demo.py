"""``cxloop demo``: a fresh demo workspace, generated and ingested."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cxloop.client import LocalClient, Workspace
from cxloop.demo import WorldSpec, demo_workspace_yaml, generate_events
from cxloop.errors import WorkspaceError
from cxloop.ingest import IngestResult, records_from_objects

__all__ = ["run_demo"]

MARKER = "demo.json"


def _prepare(root: Path) -> None:
    """Write a fresh demo workspace; never overwrite a workspace the demo did not create."""
    workspace = Workspace(root)
    if (root / "cxloop.yaml").exists() and not (workspace.state_dir / MARKER).exists():
        raise WorkspaceError(
            f"{root} is a workspace that `cxloop demo` did not create; pick another folder with --workspace"
        )
    if workspace.running_server() is not None:
        raise WorkspaceError(f"a cxloop server is serving {root}; stop it before regenerating the demo")
    for name in ("cxloop.duckdb", "cxloop.duckdb.wal"):
        (root / name).unlink(missing_ok=True)
    shutil.rmtree(workspace.state_dir, ignore_errors=True)
    workspace.state_dir.mkdir(parents=True)
    (root / "cxloop.yaml").write_text(demo_workspace_yaml(), encoding="utf-8")
    (workspace.state_dir / MARKER).write_text("{}\n", encoding="utf-8")


def run_demo(root: Path, *, customers: int, days: int, seed: int, console: Console) -> Path:
    root = root.resolve()
    _prepare(root)
    end = datetime.now(tz=UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    spec = WorldSpec(customers=customers, days=days, seed=seed, end=end)
    started = time.perf_counter()
    with (
        LocalClient(root) as client,
        Progress(
            TextColumn("demo world"), BarColumn(), MofNCompleteColumn(), TextColumn("events"),
            TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal,
        ) as progress,
    ):  # fmt: skip
        task = progress.add_task("ingest", total=None)

        def on_batch(_: IngestResult, records: int) -> None:
            progress.advance(task, records)

        result = client.ingest_records(records_from_objects(generate_events(spec)), on_batch=on_batch)
        counts = client.store.counts()
    elapsed = time.perf_counter() - started
    console.print(
        f"Demo world in {root}: {result.accepted:,} events from {counts['customers']:,} customers"
        f" ({counts['responses']:,} survey responses, {counts['merges']:,} identity merges) in {elapsed:.1f} s",
        highlight=False,
    )
    if result.rejected:
        console.print(f"[red]{result.rejected} generated events were rejected:[/red] {result.rejects[0]}")
    return root
