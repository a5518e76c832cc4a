"""``cxloop ingest``: files in, counts and a rejects file out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from cxloop.client import Client
from cxloop.ingest import IngestResult, read_file
from cxloop.ingest.readers import ReadError

__all__ = ["ingest_files", "rejects_path"]


def rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejects.jsonl")


def _write_rejects(path: Path, result: IngestResult) -> Path | None:
    target = rejects_path(path)
    if not result.rejects:
        target.unlink(missing_ok=True)
        return None
    with target.open("wb") as handle:
        for reject in result.rejects:
            handle.write(orjson.dumps(reject.to_json()) + b"\n")
    return target


def _ingest_one(
    client: Client, path: Path, source: str | None, console: Console, batch_size: int | None
) -> IngestResult:
    records = read_file(path)  # raises ReadError before anything is shown
    size = path.stat().st_size
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal,
    ) as progress:  # fmt: skip
        task = progress.add_task(path.name, total=None, counts="")

        def on_batch(result: IngestResult, _records: int) -> None:
            progress.update(
                task,
                counts=f"{result.accepted:,} accepted · {result.rejected:,} rejected"
                f" · {result.duplicates:,} duplicates",
            )

        progress.update(task, description=f"{path.name} ({size / 1e6:.1f} MB)")
        return client.ingest_records(records, source=source, on_batch=on_batch, batch_size=batch_size)


def ingest_files(
    client: Client,
    files: list[Path],
    *,
    source: str | None,
    as_json: bool,
    out: Console,
    err: Console,
    batch_size: int | None = None,
) -> int:
    """Ingest each file; return the exit code (1 if a file could not be read at all)."""
    code = 0
    summaries: list[dict[str, Any]] = []
    total = IngestResult()
    for path in files:
        try:
            result = _ingest_one(client, path, source, err, batch_size)
        except (ReadError, OSError) as exc:
            code = 1
            message = str(exc) if isinstance(exc, ReadError) else f"{path}: cannot read: {exc}"
            err.print(f"[red]error:[/red] {message}", highlight=False)
            summaries.append({"file": str(path), "error": message})
            continue
        written = _write_rejects(path, result)
        total.add(result)
        summaries.append({"file": str(path), **result.summary(), "rejects_file": str(written) if written else None})
        if not as_json:
            out.print(
                f"{path}: [green]{result.accepted:,} accepted[/green], "
                f"[red]{result.rejected:,} rejected[/red], {result.duplicates:,} duplicates",
                highlight=False,
            )
            for reject in result.rejects[:5]:
                out.print(f"  {reject.where}: {reject.error}", highlight=False, markup=False)
            if written:
                more = f" ({result.rejected - 5:,} more)" if result.rejected > 5 else ""
                out.print(f"  rejects with reasons{more}: {written}", highlight=False)
    if as_json:
        rejects_files = [s["rejects_file"] for s in summaries if s.get("rejects_file")]
        doc = {
            **total.summary(),
            "rejects_file": rejects_files[0] if len(files) == 1 and rejects_files else None,
            "rejects_files": rejects_files,
            "files": summaries,
        }
        os.write(1, orjson.dumps(doc) + b"\n")
    return code
