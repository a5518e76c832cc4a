"""One measurement each: cxloop ("ours") and the raw floor, per backend.

:mod:`benchmarks.ingest` runs every function here in a fresh spawned process,
so that peak RSS belongs to one measurement and one run cannot warm the next.
Each times the load alone: stores are opened (and migrated) and servers started
before the clock starts; DuckDB timings include closing the database (its final
checkpoint), so both sides are timed to durable-on-disk.
"""

from __future__ import annotations

import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from benchmarks._data import read_lines

__all__ = [
    "Measurement",
    "duckdb_floor",
    "duckdb_ours",
    "http_floor",
    "http_ours",
    "postgres_floor",
    "postgres_ours",
    "profile_duckdb_ours",
]

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG_COLUMNS = "event_id, customer_id, type, occurred_at, touchpoint, channel, properties, text"


@dataclass
class Measurement:
    """One timed load of ``events`` events."""

    events: int
    seconds: float
    stored: int | None  # events found in the store afterwards (None: not checked)
    peak_rss_mb: float | None
    rss_of: str  # whose peak RSS: "bench process" or "server process"
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else float("inf")

    def to_json(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "seconds": round(self.seconds, 3),
            "events_per_s": round(self.rate, 1),
            "stored": self.stored,
            "peak_rss_mb": None if self.peak_rss_mb is None else round(self.peak_rss_mb, 1),
            "rss_of": self.rss_of,
            **self.detail,
        }


def _self_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _clean_env() -> dict[str, str]:
    """This environment without the variables that would point cxloop elsewhere."""
    return {k: v for k, v in os.environ.items() if k not in {"CXLOOP_STORE", "CXLOOP_WORKSPACE"}}


def _fresh_workspace(workdir: Path, prefix: str) -> Path:
    from cxloop.config import write_init

    ws = Path(tempfile.mkdtemp(prefix=prefix, dir=workdir))
    write_init(ws)
    return ws


# -- DuckDB -------------------------------------------------------------------------------------------------
def duckdb_ours(path: Path, events: int, workdir: Path) -> Measurement:
    """``cxloop ingest FILE`` on a fresh DuckDB workspace: connect, ingest_records(read_file(FILE))."""
    import cxloop
    from cxloop.ingest import read_file

    for name in ("CXLOOP_STORE", "CXLOOP_WORKSPACE"):
        os.environ.pop(name, None)
    ws = _fresh_workspace(workdir, "duckdb-ours-")
    client = cxloop.connect(ws)
    start = time.perf_counter()
    try:
        result = client.ingest_records(read_file(path))
    finally:
        client.close()  # inside the clock: DuckDB checkpoints its WAL on close
    seconds = time.perf_counter() - start
    rss = _self_rss_mb()
    with closing(cxloop.connect(ws)) as check:
        status = check.status()
    return Measurement(
        events, seconds, int(status["events"]), rss, "bench process",
        {**result.summary(), "customers": status["customers"], "db_mb": round(_size_mb(ws), 1)},
    )  # fmt: skip


def duckdb_floor(path: Path, events: int, workdir: Path) -> Measurement:
    """A fresh DuckDB file: ``CREATE TABLE events AS SELECT * FROM read_json(FILE)``; no validation."""
    import duckdb

    folder = Path(tempfile.mkdtemp(prefix="duckdb-floor-", dir=workdir))
    db = folder / "floor.duckdb"
    literal = str(path).replace("'", "''")
    con = duckdb.connect(str(db))
    threads = con.execute("SELECT current_setting('threads')").fetchone()
    start = time.perf_counter()
    try:
        con.execute(f"CREATE TABLE events AS SELECT * FROM read_json('{literal}', format='newline_delimited')")
    finally:
        con.close()
    seconds = time.perf_counter() - start
    rss = _self_rss_mb()
    with duckdb.connect(str(db), read_only=True) as check:
        row = check.execute("SELECT count(*) FROM events").fetchone()
    return Measurement(
        events, seconds, int(row[0]) if row else None, rss, "bench process",
        {"duckdb_threads": threads[0] if threads else None, "db_mb": round(_size_mb(folder), 1)},
    )  # fmt: skip


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def profile_duckdb_ours(path: Path, workdir: Path, top: int) -> str:
    """cProfile of the DuckDB ingest: the ``top`` functions by own time, then by cumulative time."""
    import cProfile
    import io
    import pstats

    import cxloop
    from cxloop.ingest import read_file

    for name in ("CXLOOP_STORE", "CXLOOP_WORKSPACE"):
        os.environ.pop(name, None)
    ws = _fresh_workspace(workdir, "duckdb-profile-")
    profile = cProfile.Profile()
    with closing(cxloop.connect(ws)) as client:
        profile.enable()
        client.ingest_records(read_file(path))
        profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# -- PostgreSQL ---------------------------------------------------------------------------------------------
def _with_schema(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


def _drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def postgres_ours(path: Path, events: int, workdir: Path, url: str) -> Measurement:
    """``cxloop ingest FILE --store postgresql://...?schema=bench_XXXX`` in a fresh schema."""
    import cxloop
    from cxloop.ingest import read_file

    schema = f"bench_{secrets.token_hex(4)}"
    ws = _fresh_workspace(workdir, "postgres-ours-")
    try:
        with closing(cxloop.connect(ws, store_url=_with_schema(url, schema))) as client:
            start = time.perf_counter()
            result = client.ingest_records(read_file(path))
            seconds = time.perf_counter() - start
            status = client.status()
    finally:
        _drop_schema(url, schema)
    return Measurement(
        events, seconds, int(status["events"]), _self_rss_mb(), "bench process",
        {**result.summary(), "customers": status["customers"], "schema": schema},
    )  # fmt: skip


def postgres_floor(path: Path, events: int, url: str) -> Measurement:
    """psycopg ``COPY`` of the same rows, parsed from the JSONL with orjson, into a logged table."""
    import psycopg

    schema = f"bench_floor_{secrets.token_hex(4)}"
    table = f'"{schema}".events'
    try:
        with psycopg.connect(url, connect_timeout=10) as con:
            con.execute(f'CREATE SCHEMA "{schema}"')
            con.execute(
                f"CREATE TABLE {table} (event_id TEXT PRIMARY KEY, customer_id TEXT, type TEXT NOT NULL,"
                " occurred_at TIMESTAMPTZ NOT NULL, touchpoint TEXT, channel TEXT, properties JSONB, text TEXT)"
            )
            con.commit()
            start = time.perf_counter()
            with (
                path.open("rb") as handle,
                con.cursor() as cur,
                cur.copy(f"COPY {table} ({PG_COLUMNS}) FROM STDIN") as copy,
            ):
                for line in handle:
                    event = orjson.loads(line)
                    props = event.get("properties")
                    copy.write_row((
                        event["event_id"], event.get("customer_id"), event["type"], event["occurred_at"],
                        event.get("touchpoint"), event.get("channel"),
                        None if props is None else orjson.dumps(props).decode(), event.get("text"),
                    ))  # fmt: skip
            con.commit()
            seconds = time.perf_counter() - start
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    finally:
        _drop_schema(url, schema)
    return Measurement(
        events, seconds, int(row[0]) if row else None, _self_rss_mb(), "bench process",
        {"table": "logged, event_id PRIMARY KEY", "schema": schema},
    )  # fmt: skip


# -- HTTP ---------------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _cxloop_command() -> list[str]:
    script = Path(sys.executable).with_name("cxloop")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "cxloop.cli"]


def _peak_rss_mb(pid: int) -> float | None:
    """The high-water RSS of a live process (Linux ``VmHWM``)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


@contextmanager
def _server(command: list[str], port: int, log: Path, cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``command``, wait until ``/healthz`` answers on ``port``, and stop it on the way out."""
    import httpx

    with log.open("wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=cwd, env=_clean_env())
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
            with suppress(httpx.HTTPError):
                if httpx.get(f"http://{HOST}:{port}/healthz", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command} did not answer on port {port} in 60 s")
            time.sleep(0.1)
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _bodies(path: Path, events: int, batch: int) -> list[bytes]:
    lines = read_lines(path, events)
    if len(lines) < events:
        raise RuntimeError(f"{path} holds {len(lines)} events, fewer than {events}")
    return [b"\n".join(lines[i : i + batch]) + b"\n" for i in range(0, len(lines), batch)]


def _post_all(port: int, bodies: list[bytes], headers: dict[str, str], concurrency: int) -> tuple[float, list[bytes]]:
    """POST every body to ``/v1/events`` from ``concurrency`` threads, one connection each; the seconds taken."""
    import httpx

    answers: list[bytes] = [b""] * len(bodies)
    queue = iter(range(len(bodies)))
    lock = threading.Lock()
    ready = threading.Barrier(concurrency + 1, timeout=60)

    def sender() -> None:
        with httpx.Client(base_url=f"http://{HOST}:{port}", headers=headers, timeout=600) as http:
            try:
                http.get("/healthz").raise_for_status()  # open the connection before the clock starts
            except BaseException:
                ready.abort()
                raise
            ready.wait()
            while True:
                with lock:
                    index = next(queue, None)
                if index is None:
                    return
                response = http.post("/v1/events", content=bodies[index])
                if response.status_code != 200:
                    raise RuntimeError(f"POST /v1/events answered {response.status_code}: {response.text[:500]}")
                answers[index] = response.content

    with ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(sender) for _ in range(concurrency)]
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            for future in futures:
                future.result()  # raises the sender's error
            raise
        start = time.perf_counter()
        for future in futures:
            future.result()
        seconds = time.perf_counter() - start
    return seconds, answers


def _http_run(
    command: list[str], port: int, workdir: Path, path: Path, events: int, batch: int, concurrency: int,
    headers: dict[str, str], on_answers: Callable[[list[bytes]], dict[str, Any]],
) -> tuple[float, float | None, dict[str, Any]]:  # fmt: skip
    bodies = _bodies(path, events, batch)
    headers = {**headers, "Content-Type": "application/x-ndjson"}
    with _server(command, port, workdir / f"server-{port}.log", REPO) as proc:
        seconds, answers = _post_all(port, bodies, headers, concurrency)
        rss = _peak_rss_mb(proc.pid)
    return seconds, rss, {"requests": len(bodies), "batch": batch, "concurrency": concurrency, **on_answers(answers)}


def http_ours(path: Path, events: int, workdir: Path, batch: int, concurrency: int) -> Measurement:
    """``cxloop serve`` on a fresh DuckDB workspace; NDJSON batches POSTed to ``/v1/events`` with a key."""
    import cxloop

    ws = _fresh_workspace(workdir, "http-ours-")
    cli = _cxloop_command()
    created = subprocess.run(
        [*cli, "keys", "create", "--name", "bench", "--scopes", "ingest,read", "--workspace", str(ws),
         "--format", "json"],
        capture_output=True, check=True, env=_clean_env(), cwd=REPO,
    )  # fmt: skip
    secret = str(orjson.loads(created.stdout)["secret"])
    port = _free_port()

    def totals(answers: list[bytes]) -> dict[str, Any]:
        parsed = [orjson.loads(a) for a in answers]
        return {k: sum(int(p[k]) for p in parsed) for k in ("accepted", "rejected", "duplicates")}

    seconds, rss, detail = _http_run(
        [*cli, "serve", "--workspace", str(ws), "--port", str(port)], port, workdir, path, events, batch,
        concurrency, {"Authorization": f"Bearer {secret}"}, totals,
    )  # fmt: skip
    for name in ("CXLOOP_STORE", "CXLOOP_WORKSPACE"):
        os.environ.pop(name, None)
    with closing(cxloop.connect(ws)) as check:  # the server has stopped: this opens the DuckDB file
        stored = int(check.status()["events"])
    return Measurement(events, seconds, stored, rss, "server process", detail)


def http_floor(path: Path, events: int, workdir: Path, batch: int, concurrency: int) -> Measurement:
    """A FastAPI endpoint that reads the body and answers ``{"ok": true}``, under uvicorn like ``cxloop serve``."""
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", "benchmarks._floor_app:app", "--host", HOST, "--port", str(port),
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip

    def oks(answers: list[bytes]) -> dict[str, Any]:
        return {"ok_answers": sum(1 for a in answers if orjson.loads(a) == {"ok": True})}

    seconds, rss, detail = _http_run(
        command, port, workdir, path, events, batch, concurrency, {"Authorization": "Bearer floor"}, oks
    )
    return Measurement(events, seconds, None, rss, "server process", detail)
