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
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest", description=(__doc__ or "").split("\n\n")[0])
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
    parts = ["--events", str(args.events), "--only", ",".join(args.only)]
    if "http" in args.only:
        parts += ["--http-events", str(args.http_events), "--batch", str(args.batch)]
        parts += ["--concurrency", str(args.concurrency)]
    if args.seed != 7 or args.customers != 100_000:
        parts += ["--seed", str(args.seed), "--customers", str(args.customers)]
    if args.data.resolve() != (REPO / "bench-data").resolve():
        parts += ["--data", str(args.data)]
    if args.pg != DEFAULT_PG and "postgres" in args.only:
        parts += ["--pg", args.pg]
    if args.json is not None:
        parts += ["--json", str(args.json)]
    if args.profile:
        parts = ["--events", str(args.events), "--profile", str(args.profile)]
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
        found["postgresql"] = str(row[0]) if row else "?"
        found["psycopg"] = psycopg.__version__
    return found


def _fmt_rate(m: Measurement) -> str:
    return f"{m.rate:,.0f}"


def _fmt_rss(m: Measurement) -> str:
    return "-" if m.peak_rss_mb is None else f"{m.peak_rss_mb:,.0f} MB"


def _table(rows: list[Row]) -> Table:
    table = Table(title="cxloop ingest throughput vs. a raw floor (same run)", title_justify="left")
    for name in ("target", "events", "cxloop ev/s", "floor ev/s", "ratio", "cxloop s", "floor s",
                 "cxloop peak RSS", "floor peak RSS", "stored"):  # fmt: skip
        table.add_column(name, justify="left" if name == "target" else "right")
    for row in rows:
        ok = row.ours.stored == row.ours.events
        table.add_row(
            row.target, f"{row.ours.events:,}", _fmt_rate(row.ours), _fmt_rate(row.floor), f"{row.ratio:.1f}x",
            f"{row.ours.seconds:.1f}", f"{row.floor.seconds:.1f}", _fmt_rss(row.ours), _fmt_rss(row.floor),
            f"[green]{row.ours.stored:,} ✓[/green]" if ok else f"[red]{row.ours.stored} ✗[/red]",
        )  # fmt: skip
    return table


def _measure(target: str, args: argparse.Namespace, path: Path, http_path: Path, work: Path, say: Console) -> Row:
    if target == "duckdb":
        calls: tuple[tuple[Callable[..., Measurement], tuple[Any, ...]], ...] = (
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
    for (function, call_args), side in zip(calls, ("floor", "cxloop"), strict=True):
        say.print(f"[bold]{target}[/bold] {side}: {call_args[1]:,} events ...", highlight=False)
        result: Measurement = _isolated(function, *call_args)
        say.print(f"  {result.seconds:.1f} s, {result.rate:,.0f} events/s", highlight=False)
        measured.append(result)
    return Row(target, ours=measured[1], floor=measured[0])


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    out = Console()
    if not out.is_terminal:
        out.width = max(out.width, 150)
    say = Console(stderr=True, highlight=False)
    began, started_at = time.perf_counter(), datetime.now(tz=UTC).isoformat(timespec="seconds")
    command = _command(args)
    out.print(f"Reproduce: {command}", highlight=False, soft_wrap=True)

    say.print(f"data: {args.events:,} events in {args.data} ...")
    start = time.perf_counter()
    path, made = dataset(args.data, args.events, seed=args.seed, customers=args.customers)
    http_path = path
    if "http" in args.only and args.http_events > args.events:
        http_path, made_http = dataset(args.data, args.http_events, seed=args.seed, customers=args.customers)
        made = made or made_http
    say.print(f"  {'generated' if made else 'reused'} {path.name} ({path.stat().st_size / 1e6:,.0f} MB)"
              f" in {time.perf_counter() - start:.1f} s")  # fmt: skip

    if args.profile:
        work = Path(tempfile.mkdtemp(prefix="runs-", dir=args.data))
        try:
            out.print(_targets.profile_duckdb_ours(path, work, args.profile), highlight=False, markup=False)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return 0

    versions = _versions(args.pg, "postgres" in args.only)
    out.print(" · ".join(f"{k} {v}" for k, v in versions.items()), highlight=False)
    _warm(path)
    if http_path != path:
        _warm(http_path)
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="runs-", dir=args.data))
    try:
        for target in args.only:
            rows.append(_measure(target, args, path, http_path, work, say))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall = time.perf_counter() - began

    out.print(_table(rows))
    for row in rows:
        out.print(f"  {row.target} floor: {FLOORS[row.target]}", highlight=False, markup=False)
    out.print(
        "  ratio = floor events/s ÷ cxloop events/s (times slower than the floor). RSS: the bench process for"
        " duckdb/postgres (PostgreSQL's own memory not counted), the server process for http.",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    out.print(f"  wall time {wall:.0f} s", highlight=False)
    if args.json is not None:
        report = {
            "command": command,
            "started_at": started_at,
            "wall_seconds": round(wall, 1),
            "data": str(path),
            "versions": versions,
            "results": [row.to_json() for row in rows],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
        out.print(f"  wrote {args.json}", highlight=False)
    bad = [row.target for row in rows if row.ours.stored != row.ours.events]
    if bad:
        say.print(f"[red]error:[/red] cxloop did not store every event for: {', '.join(bad)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
