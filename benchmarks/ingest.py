"""Ingest throughput of cxloop, each figure beside a raw floor measured in the same run.

    .venv/bin/python -m benchmarks.ingest [--events N] [--only duckdb,postgres,http] [--json FILE]

Targets (each side runs in a fresh process, one after another):

* ``duckdb``: ``cxloop.connect(ws).ingest_records(read_file(FILE))`` on a fresh
  workspace (what ``cxloop ingest FILE`` does) against DuckDB's own
  ``CREATE TABLE ... AS SELECT * FROM read_json(FILE)`` into a fresh file.
* ``postgres``: the same ingest with ``store_url=postgresql://...?schema=bench_XXXX``
  against a psycopg ``COPY`` of the same rows (JSON parsed with orjson in
  Python) into a logged table with ``event_id`` as primary key.
* ``http``: ``cxloop serve`` taking NDJSON batches on ``POST /v1/events`` against
  a FastAPI endpoint that only reads the body, both under uvicorn, both fed by
  the same httpx client threads.

The ratio is how many times slower cxloop is than the floor (floor rate / our rate).
``--profile 15 --events 200000`` prints a cProfile of the DuckDB ingest instead.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

from benchmarks import _targets
from benchmarks._data import dataset
from benchmarks._targets import Measurement

REPO = Path(__file__).resolve().parent.parent
TARGETS = ("duckdb", "postgres", "http")
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
FLOORS = {
    "duckdb": "DuckDB CREATE TABLE AS SELECT * FROM read_json (no validation)",
    "postgres": "psycopg COPY, orjson parse, logged table, event_id PRIMARY KEY",
    "http": "FastAPI+uvicorn endpoint that reads the body, answers {ok: true}",
}


@dataclass
class Row:
    target: str
    ours: Measurement
    floor: Measurement

    @property
    def ratio(self) -> float:
        """How many times slower than the floor, per event."""
        return self.floor.rate / self.ours.rate

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "floor_is": FLOORS[self.target],
            "ours": self.ours.to_json(),
            "floor": self.floor.to_json(),
            "ratio": round(self.ratio, 2),
        }


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.ingest", description=(__doc__ or "").split("\n\n", maxsplit=1)[0]
    )
    parser.add_argument("--events", type=int, default=1_000_000, help="events for the file targets (default 1,000,000)")
    parser.add_argument("--http-events", type=int, default=200_000, help="events for the HTTP target (default 200,000)")
    parser.add_argument("--only", default=",".join(TARGETS), help="comma-separated targets: duckdb,postgres,http")
    parser.add_argument("--data", type=Path, default=REPO / "bench-data", help="cache folder (default bench-data/)")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--pg", default=DEFAULT_PG, help=f"PostgreSQL URL (default {DEFAULT_PG})")
    parser.add_argument("--batch", type=int, default=1_000, help="events per HTTP request (default 1,000)")
    parser.add_argument("--concurrency", type=int, default=4, help="HTTP client connections (default 4)")
    parser.add_argument("--seed", type=int, default=7, help="data seed (default 7)")
    parser.add_argument("--customers", type=int, default=100_000, help="distinct customers (default 100,000)")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="TOP",
        help="instead of the table: cProfile the DuckDB ingest of --events and print the TOP functions",
    )  # fmt: skip
    args = parser.parse_args(argv)
    only = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = [t for t in only if t not in TARGETS]
    if unknown or not only:
        parser.error(f"--only: unknown target(s) {', '.join(unknown) or '(none)'}; use {','.join(TARGETS)}")
    if min(args.events, args.http_events, args.batch, args.concurrency, args.customers) < 1:
        parser.error("--events, --http-events, --batch, --concurrency and --customers must be positive")
    args.only = only
    return args


def _command(args: argparse.Namespace) -> str:
    """The command line that repeats this run, every default spelled out."""
    if args.profile:
        parts = ["--events", str(args.events), "--profile", str(args.profile)]
    else:
        parts = ["--events", str(args.events), "--only", ",".join(args.only)]
        if "http" in args.only:
            parts += ["--http-events", str(args.http_events), "--batch", str(args.batch)]
            parts += ["--concurrency", str(args.concurrency)]
        if args.pg != DEFAULT_PG and "postgres" in args.only:
            parts += ["--pg", args.pg]
        if args.json is not None:
            parts += ["--json", str(args.json)]
    if args.seed != 7 or args.customers != 100_000:
        parts += ["--seed", str(args.seed), "--customers", str(args.customers)]
    if args.data.resolve() != (REPO / "bench-data").resolve():
        parts += ["--data", str(args.data)]
    return f"cd {shlex.quote(str(REPO))} && .venv/bin/python -m benchmarks.ingest {shlex.join(parts)}"


def _isolated(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in a fresh spawned process (its own peak RSS, nothing warm from the last run)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def _warm(path: Path) -> None:
    """Read ``path`` once so that both sides find it in the page cache."""
    with path.open("rb") as handle:
        while handle.read(16 << 20):
            pass


def _versions(pg_url: str, with_pg: bool) -> dict[str, str]:
    import duckdb
    import fastapi
    import uvicorn

    import cxloop

    found = {
        "python": platform.python_version(),
        "cxloop": cxloop.__version__,
        "duckdb": duckdb.__version__,
        "fastapi": fastapi.__version__,
        "uvicorn": uvicorn.__version__,
        "cpus": str(multiprocessing.cpu_count()),
        "machine": f"{platform.system()} {platform.machine()}",
    }
    if with_pg:
        import psycopg

        with psycopg.connect(pg_url, connect_timeout=10) as con:
            row = con.execute("SHOW server_version").fetchone()
        found["postgresql"] = str(row[0]).split(" ", maxsplit=1)[0] if row else "?"
        found["psycopg"] = psycopg.__version__
    return found


def _data(args: argparse.Namespace, say: Console) -> tuple[Path, Path]:
    """The JSONL files for the file targets and for HTTP (generated once, then reused)."""
    file_targets = bool(args.profile) or any(t in args.only for t in ("duckdb", "postgres"))
    wanted = [args.events] if file_targets else []
    if "http" in args.only and not (file_targets and args.http_events <= args.events):
        wanted.append(args.http_events)  # otherwise HTTP sends the first --http-events lines of the main file
    files: dict[int, Path] = {}
    for n in wanted:
        start = time.perf_counter()
        say.print(f"data: {n:,} events in {args.data} ...")
        files[n], made = dataset(args.data, n, seed=args.seed, customers=args.customers)
        size = files[n].stat().st_size / 1e6
        action = "generated" if made else "reused"
        say.print(f"  {action} {files[n].name} ({size:,.0f} MB) in {time.perf_counter() - start:.1f} s")
    path = files.get(args.events) or files[args.http_events]
    return path, files.get(args.http_events, path)


def _fmt_rss(m: Measurement) -> str:
    return "-" if m.peak_rss_mb is None else f"{m.peak_rss_mb:,.0f} MB"


def _table(rows: list[Row]) -> Table:
    table = Table(title="cxloop ingest throughput vs. a raw floor (same run)", title_justify="left")
    for name in ("target", "events", "cxloop ev/s", "floor ev/s", "ratio", "cxloop s", "floor s",
                 "cxloop peak RSS", "floor peak RSS", "stored"):  # fmt: skip
        table.add_column(name, justify="left" if name == "target" else "right")
    for row in rows:
        stored = row.ours.stored
        check = f"[green]{stored:,} ✓[/green]" if stored == row.ours.events else f"[red]{stored} ✗[/red]"
        table.add_row(
            row.target, f"{row.ours.events:,}", f"{row.ours.rate:,.0f}", f"{row.floor.rate:,.0f}",
            f"{row.ratio:.1f}x", f"{row.ours.seconds:.1f}", f"{row.floor.seconds:.1f}", _fmt_rss(row.ours),
            _fmt_rss(row.floor), check,
        )  # fmt: skip
    return table


def _measure(target: str, args: argparse.Namespace, path: Path, http_path: Path, work: Path, say: Console) -> Row:
    calls: tuple[tuple[Callable[..., Measurement], tuple[Any, ...]], ...]
    if target == "duckdb":
        calls = (
            (_targets.duckdb_floor, (path, args.events, work)),
            (_targets.duckdb_ours, (path, args.events, work)),
        )
    elif target == "postgres":
        calls = (
            (_targets.postgres_floor, (path, args.events, args.pg)),
            (_targets.postgres_ours, (path, args.events, work, args.pg)),
        )
    else:
        calls = (
            (_targets.http_floor, (http_path, args.http_events, work, args.batch, args.concurrency)),
            (_targets.http_ours, (http_path, args.http_events, work, args.batch, args.concurrency)),
        )
    measured: list[Measurement] = []
    function: Callable[..., Measurement]
    call_args: tuple[Any, ...]
    for side, (function, call_args) in zip(("floor", "cxloop"), calls, strict=True):
        say.print(f"[bold]{target}[/bold] {side}: {call_args[1]:,} events ...")
        result: Measurement = _isolated(function, *call_args)
        say.print(f"  {result.seconds:.1f} s, {result.rate:,.0f} events/s")
        measured.append(result)
    return Row(target, ours=measured[1], floor=measured[0])


def _unstored(rows: list[Row]) -> list[str]:
    """Sides that did not store every event they were sent (the floor for HTTP stores nothing)."""
    bad = []
    for row in rows:
        if row.ours.stored != row.ours.events:
            bad.append(f"{row.target} cxloop")
        if row.floor.stored is not None and row.floor.stored != row.floor.events:
            bad.append(f"{row.target} floor")
    return bad


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    began, started_at = time.perf_counter(), datetime.now(tz=UTC).isoformat(timespec="seconds")
    out = Console()
    if not out.is_terminal:
        out.width = max(out.width, 150)
    say = Console(stderr=True, highlight=False)
    command = _command(args)
    out.print(f"Reproduce: {command}", highlight=False, markup=False, soft_wrap=True)
    path, http_path = _data(args, say)

    if args.profile:
        work = Path(tempfile.mkdtemp(prefix="runs-", dir=args.data))
        try:
            out.print(_targets.profile_duckdb_ours(path, work, args.profile), highlight=False, markup=False)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return 0

    versions = _versions(args.pg, "postgres" in args.only)
    out.print(" · ".join(f"{k} {v}" for k, v in versions.items()), highlight=False, soft_wrap=True)
    for cached in {path, http_path}:
        _warm(cached)
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="runs-", dir=args.data))
    try:
        for target in args.only:
            rows.append(_measure(target, args, path, http_path, work, say))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall = time.perf_counter() - began

    out.print(_table(rows))
    notes = [f"{row.target} floor: {FLOORS[row.target]}" for row in rows]
    notes += [
        "ratio = floor events/s ÷ cxloop events/s: how many times slower than the floor.",
        "peak RSS: the bench process for duckdb/postgres (PostgreSQL's own memory not counted),"
        " the server process for http.",
        f"wall time {wall:.0f} s",
    ]
    for note in notes:
        out.print(f"  {note}", highlight=False, markup=False, soft_wrap=True)
    if args.json is not None:
        report = {
            "command": command,
            "started_at": started_at,
            "wall_seconds": round(wall, 1),
            "data": str(path),
            "http_data": str(http_path),
            "versions": versions,
            "results": [row.to_json() for row in rows],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
        out.print(f"  wrote {args.json}", highlight=False, markup=False)
    bad = _unstored(rows)
    if bad:
        say.print(f"[red]error:[/red] not every event was stored by: {', '.join(bad)}")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # workers and servers have cleaned up in their own finally blocks
        print("interrupted", file=sys.stderr)
        sys.exit(130)
