"""NPS with intervals on millions of responses: cxloop's metrics API beside DuckDB SQL and pandas.

    .venv/bin/python -m benchmarks.metrics [--responses N] [--json FILE]

Goals (issue: metrics at scale), all measured side by side in one process:

* ``compute(store, MetricQuery("nps", by=["month", "touchpoint", "segment"]))``,
  end to end (SQL, fetch, Python rows with their intervals), takes at most 1.5x
  the time of hand-written DuckDB SQL that yields the same cells (counts, NPS
  and the interval computed in SQL, fetched as Arrow, on the store's own
  connection), and is at least 4x faster than pandas doing the same from
  columns already in memory (loading them is not timed).
* One filtered slice, ``by=["month"], where="touchpoint = checkout and segment = vip"``,
  answers in under 100 ms.

The data is built in DuckDB SQL straight into ``bench-data/metrics-v1-nN-cC.duckdb``
(a store made by ``open_store``, so migrated like a real workspace) and reused
while it exists. Every timing is warm: one run of each side first, then
``--repeat`` rounds of all sides in turn, and each side's median. The three
answers are checked cell by cell before any figure is reported. A breakdown
(``--no-breakdown`` leaves it out) times variants of our SQL to show where the
time goes; ``--profile TOP`` prints a cProfile of ``compute`` instead.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import math
import multiprocessing
import os
import platform
import pstats
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

from cxloop.analytics.metrics import MetricQuery, build_sql, compute
from cxloop.analytics.nps import Z95
from cxloop.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
FORMAT_VERSION = 1  # bump when the generated shape changes, so cached files are not reused
RATIO_RAW = 1.5  # ours may take at most this many times the raw SQL
RATIO_PANDAS = 4.0  # ours must be at least this many times faster than pandas
SLICE_MS = 100.0
GROUPED = MetricQuery("nps", by=["month", "touchpoint", "segment"])
SLICE = MetricQuery("nps", by=["month"], where="touchpoint = checkout and segment = vip")
TOUCHPOINTS = ["checkout", "onboarding", "support", "delivery", "returns", "billing", "app", "web"]
CHANNELS = ["web", "email", "app", "phone"]
SEGMENTS = ["vip", "regular", "regular", "regular", "new", "new", "at_risk", "churned"]
# NPS answers drawn from a skewed 0-10 distribution (more 7-10 than 0-6 per value).
NPS_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 8, 9, 9, 9, 10, 10]

Cells = dict[tuple[Any, ...], dict[str, Any]]


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


# Multiplicative hashes of the row number (stable across DuckDB versions, unlike hash()).
RESPONSES_SQL = f"""
INSERT INTO responses
SELECT
    'r' || i,
    'u' || ((i * 2654435761) % $customers),
    TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds((i * 7919) % 31536000),
    {_sql_list(TOUCHPOINTS)}[1 + (i * 48271 % 2147483647) % {len(TOUCHPOINTS)}],
    {_sql_list(CHANNELS)}[1 + (i * 16807 % 2147483647) % {len(CHANNELS)}],
    'relationship',
    CASE WHEN (i * 40503 % 65537) % 10 = 0 THEN NULL
         ELSE CAST({NPS_VALUES}[1 + (i * 69069 % 1000003) % {len(NPS_VALUES)}] AS SMALLINT) END,
    CASE WHEN (i * 22695477 % 4194301) % 3 = 0 THEN NULL
         ELSE CAST(1 + (i * 1103515245 % 2147483647) % 5 AS SMALLINT) END,
    NULL,
    NULL,
    'bench',
    'analytics'
FROM range($n) t(i)
"""
# One descriptive segment per customer; every 50th customer has none (a NULL group).
ATTRIBUTES_SQL = f"""
INSERT INTO attributes
SELECT 'u' || c, 'descriptive', 'segment', to_json({_sql_list(SEGMENTS)}[1 + (c * 7) % {len(SEGMENTS)}]),
       'bench', 'analytics', 'a' || c, TIMESTAMPTZ '2025-01-01 00:00:00+00'
FROM range($customers) t(c)
WHERE c % 50 <> 0
"""

# The hand-written floor: the trait projected before the join, the month from the
# epoch (the data and the query are UTC), the interval in SQL, fetched as Arrow.
NPS_CI_SQL = f"""
SELECT *, greatest(nps - half, -100e0) AS ci_low, least(nps + half, 100e0) AS ci_high
FROM (
    SELECT *, 100e0 * CAST({Z95!r} AS DOUBLE) * sqrt(greatest(pp + pd - pow(pp - pd, 2), 0e0) / n) AS half
    FROM (
        SELECT *, 100e0 * (pp - pd) AS nps
        FROM (SELECT *, promoters / CAST(n AS DOUBLE) AS pp, detractors / CAST(n AS DOUBLE) AS pd FROM cells)
    )
)
ORDER BY ALL
"""
RAW_GROUPED_SQL = f"""
WITH seg AS (
    SELECT customer_id, value ->> '$' AS segment FROM attributes WHERE kind = 'descriptive' AND name = 'segment'
), cells AS (
    SELECT CAST(date_trunc('month', make_timestamp(epoch_us(r.occurred_at))) AS DATE) AS month,
           r.touchpoint, s.segment,
           count(*) AS n, count_if(r.nps >= 9) AS promoters, count_if(r.nps BETWEEN 7 AND 8) AS passives,
           count_if(r.nps <= 6) AS detractors
    FROM responses r LEFT JOIN seg s USING (customer_id)
    WHERE r.nps IS NOT NULL
    GROUP BY ALL
)
{NPS_CI_SQL}
"""
RAW_SLICE_SQL = f"""
WITH vip AS (
    SELECT customer_id FROM attributes
    WHERE kind = 'descriptive' AND name = 'segment' AND value ->> '$' = 'vip'
), cells AS (
    SELECT CAST(date_trunc('month', make_timestamp(epoch_us(r.occurred_at))) AS DATE) AS month,
           count(*) AS n, count_if(r.nps >= 9) AS promoters, count_if(r.nps BETWEEN 7 AND 8) AS passives,
           count_if(r.nps <= 6) AS detractors
    FROM responses r JOIN vip USING (customer_id)
    WHERE r.nps IS NOT NULL AND r.touchpoint = 'checkout'
    GROUP BY ALL
)
{NPS_CI_SQL}
"""


@dataclass
class Timing:
    """Warm wall times in milliseconds (the warm-up run is not among them)."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def to_json(self) -> dict[str, Any]:
        return {
            "median_ms": round(self.median, 2),
            "min_ms": round(min(self.samples), 2),
            "samples_ms": [round(s, 2) for s in self.samples],
        }


@dataclass
class Case:
    name: str
    ours: Timing
    raw: Timing
    pandas: Timing | None
    cells: int
    goals: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def ours_raw(self) -> float:
        return self.ours.median / self.raw.median

    @property
    def pandas_ours(self) -> float | None:
        return None if self.pandas is None else self.pandas.median / self.ours.median

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.name,
            "cells": self.cells,
            "ours": self.ours.to_json(),
            "duckdb_raw": self.raw.to_json(),
            "pandas": None if self.pandas is None else self.pandas.to_json(),
            "ours_over_raw": round(self.ours_raw, 3),
            "pandas_over_ours": None if self.pandas_ours is None else round(self.pandas_ours, 3),
            "goals": {goal: ok for goal, ok in self.goals},
        }


def _timed(function: Callable[[], Any], repeat: int) -> tuple[Timing, Any]:
    """One warm-up run, then ``repeat`` timed runs; the last result comes back."""
    timings, results = _interleaved({"only": function}, repeat)
    return timings["only"], results["only"]


def _interleaved(functions: dict[str, Callable[[], Any]], repeat: int) -> tuple[dict[str, Timing], dict[str, Any]]:
    """Each function warmed up once, then timed ``repeat`` times in rounds (a, b, c, a, b, c, ...).

    Rounds rather than one side after another, so that a busy moment on a shared
    machine lands on every side alike instead of on whichever ran then.
    """
    results = {name: function() for name, function in functions.items()}
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            results[name] = function()
            samples[name].append((time.perf_counter() - start) * 1e3)
    return {name: Timing(times) for name, times in samples.items()}, results


# -- data ------------------------------------------------------------------------------------------


def _build(path: Path, n: int, customers: int, say: Console) -> None:
    """The store at ``path`` with ``n`` responses and one segment per customer (written aside, then moved)."""
    partial = path.with_name(path.name + ".partial")
    for stale in (partial, Path(f"{partial}.wal")):
        stale.unlink(missing_ok=True)
    store = open_store(f"duckdb://{partial}")
    try:
        con: Any = store._con  # type: ignore[attr-defined]  # bulk-filling the bench file, not ingest
        start = time.perf_counter()
        con.execute(RESPONSES_SQL, {"n": n, "customers": customers})
        say.print(f"  responses: {n:,} rows in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        con.execute(ATTRIBUTES_SQL, {"customers": customers})
        say.print(f"  attributes: segments in {time.perf_counter() - start:.1f} s")
    finally:
        store.close()
    os.replace(partial, path)


def _store(args: argparse.Namespace, say: Console) -> tuple[Store, Path, float]:
    path = args.data / f"metrics-v{FORMAT_VERSION}-n{args.responses}-c{args.customers}.duckdb"
    start = time.perf_counter()
    if path.exists():
        say.print(f"data: reusing {path}")
    else:
        say.print(f"data: building {path} ...")
        args.data.mkdir(parents=True, exist_ok=True)
        _build(path, args.responses, args.customers, say)
    store = open_store(f"duckdb://{path}")
    counts = store.query("SELECT count(*) AS n, count(nps) AS answered FROM responses").to_pylist()[0]
    found, answered = int(counts["n"]), int(counts["answered"])
    if found != args.responses:
        store.close()
        raise SystemExit(f"{path} holds {found:,} responses, not {args.responses:,}: delete it and run again")
    size = path.stat().st_size / 1e6
    say.print(f"  ready in {time.perf_counter() - start:.1f} s ({size:,.0f} MB)")
    return store, path, answered / max(found, 1)


# -- the three sides -------------------------------------------------------------------------------


def _key(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _cells(rows: list[dict[str, Any]], keys: list[str]) -> Cells:
    return {tuple(_key(row[k]) for k in keys): row for row in rows}


def _load_pandas(store: Store) -> tuple[Any, Any]:
    """The columns pandas needs, in memory (not timed): responses and the segment of each customer."""
    responses = store.query("SELECT customer_id, occurred_at, touchpoint, nps FROM responses").to_pandas()
    segments = store.query(
        "SELECT customer_id, value ->> '$' AS segment FROM attributes WHERE kind = 'descriptive' AND name = 'segment'"
    ).to_pandas()
    return responses, segments


def _pandas_nps(frame: Any, keys: list[str]) -> Any:
    """Counts, NPS and its interval per group of ``frame`` (columns month, the keys, nps)."""
    import numpy as np

    nps = frame["nps"]
    scored = frame[keys].assign(promoter=nps >= 9, passive=nps.between(7, 8), detractor=nps <= 6)
    out = scored.groupby(keys, dropna=False, sort=True).agg(
        n=("promoter", "size"), promoters=("promoter", "sum"), passives=("passive", "sum"),
        detractors=("detractor", "sum"),
    ).reset_index()  # fmt: skip
    pp, pd_ = out["promoters"] / out["n"], out["detractors"] / out["n"]
    out["nps"] = 100.0 * (pp - pd_)
    half = 100.0 * Z95 * np.sqrt(np.maximum(pp + pd_ - (pp - pd_) ** 2, 0.0) / out["n"])
    out["ci_low"] = np.maximum(out["nps"] - half, -100.0)
    out["ci_high"] = np.minimum(out["nps"] + half, 100.0)
    return out


def _month(occurred_at: Any) -> Any:
    return occurred_at.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[M]")


def pandas_grouped(responses: Any, segments: Any) -> Any:
    answered = responses[responses["nps"].notna()].merge(segments, on="customer_id", how="left")
    answered["month"] = _month(answered["occurred_at"])
    return _pandas_nps(answered, ["month", "touchpoint", "segment"])


def pandas_slice(responses: Any, segments: Any) -> Any:
    vip = segments.loc[segments["segment"] == "vip", ["customer_id"]]
    answered = responses[responses["nps"].notna() & (responses["touchpoint"] == "checkout")]
    answered = answered.merge(vip, on="customer_id", how="inner")
    answered["month"] = _month(answered["occurred_at"])
    return _pandas_nps(answered, ["month"])


def _pandas_rows(frame: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = frame.to_dict("records")
    for row in rows:
        row["month"] = row["month"].date().isoformat()
    return rows


def _check(keys: list[str], sides: dict[str, list[dict[str, Any]]]) -> tuple[int, float]:
    """Cells and the largest NPS/interval difference; raises if any side disagrees."""
    ours = _cells(sides["ours"], keys)
    worst = 0.0
    for side, rows in sides.items():
        if side == "ours":
            continue
        theirs = _cells(rows, keys)
        if ours.keys() != theirs.keys():
            missing, extra = (
                sorted(map(str, ours.keys() - theirs.keys())),
                sorted(map(str, theirs.keys() - ours.keys())),
            )
            raise AssertionError(f"{side}: cells differ from ours; missing {missing[:3]}, extra {extra[:3]}")
        for key, mine in ours.items():
            other = theirs[key]
            for name in ("n", "promoters", "passives", "detractors"):
                if int(mine[name]) != int(other[name]):
                    raise AssertionError(f"{side} {key}: {name} {other[name]} != ours {mine[name]}")
            for mine_name, other_name in (("value", "nps"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
                delta = abs(float(mine[mine_name]) - float(other[other_name]))
                if not delta <= 1e-9:
                    raise AssertionError(f"{side} {key}: {other_name} {other[other_name]} != ours {mine[mine_name]}")
                worst = max(worst, delta)
    return len(ours), worst


def _run_case(
    name: str, query: MetricQuery, raw_sql: str, pandas_side: Callable[[], Any] | None, store: Store,
    repeat: int, say: Console,
) -> tuple[Case, str]:  # fmt: skip
    functions: dict[str, Callable[[], Any]] = {
        "ours": lambda: compute(store, query),
        "DuckDB raw": lambda: store.query(raw_sql),
    }
    if pandas_side is not None:
        functions["pandas"] = pandas_side
    say.print(f"[bold]{name}[/bold]: {', '.join(functions)}, {repeat} rounds after a warm-up ...")
    timings, results = _interleaved(functions, repeat)
    ours, raw, pandas = timings["ours"], timings["DuckDB raw"], timings.get("pandas")
    say.print("  " + ", ".join(f"{side} {timing.median:,.1f} ms" for side, timing in timings.items()))
    sides = {"ours": results["ours"], "DuckDB raw": results["DuckDB raw"].to_pylist()}
    if "pandas" in results:
        sides["pandas"] = _pandas_rows(results["pandas"])
    keys = [name.strip() for name in query.by]
    cells, worst = _check(keys, sides)
    check = (
        f"check {name}: {cells} cells, n/promoters/passives/detractors identical and NPS/CI within"
        f" {worst:.1e} across {', '.join(sides)}"
    )
    return Case(name, ours, raw, pandas, cells), check


# -- where the time goes ---------------------------------------------------------------------------


def _breakdown(store: Store, repeat: int) -> list[tuple[str, float]]:
    """Our grouped query end to end, its SQL alone, and the parts of its shape, in ms."""
    sql, params, _ = build_sql(GROUPED, store)
    variants = [
        ("compute() end to end", lambda: compute(store, GROUPED)),
        ("  its SQL alone, fetched as Arrow (store.query)", lambda: store.query(sql, params)),
        ("  ... month only, no touchpoint, no segment",
         lambda: compute(store, MetricQuery("nps", by=["month"]))),
        ("  ... month and touchpoint, no segment (no join)",
         lambda: compute(store, MetricQuery("nps", by=["month", "touchpoint"]))),
        ("  ... no grouping at all (scan + 3 counts)", lambda: compute(store, MetricQuery("nps"))),
    ]  # fmt: skip
    return [(label, _timed(function, repeat)[0].median) for label, function in variants]


def _profile(store: Store, top: int) -> str:
    compute(store, GROUPED)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        compute(store, GROUPED)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(top)
    return text.getvalue()


# -- report ----------------------------------------------------------------------------------------


def _goals(case: Case, slice_case: bool) -> None:
    if slice_case:
        case.goals.append((f"< {SLICE_MS:.0f} ms", case.ours.median < SLICE_MS))
        return
    case.goals.append((f"≤ {RATIO_RAW}x raw", case.ours_raw <= RATIO_RAW))
    if case.pandas_ours is not None:
        case.goals.append((f"≥ {RATIO_PANDAS:.0f}x faster than pandas", case.pandas_ours >= RATIO_PANDAS))


def _table(cases: list[Case], repeat: int) -> Table:
    table = Table(title=f"NPS with 95% CIs: cxloop vs. DuckDB SQL vs. pandas (median of {repeat} warm rounds)",
                  title_justify="left")  # fmt: skip
    for name in ("case", "cells", "ours ms", "DuckDB raw ms", "pandas ms", "ours/raw", "pandas/ours", "goals"):
        table.add_column(name, justify="left" if name in {"case", "goals"} else "right")
    for case in cases:
        goals = "\n".join(f"[green]✓ {goal}[/green]" if ok else f"[red]✗ {goal}[/red]" for goal, ok in case.goals)
        table.add_row(
            case.name, f"{case.cells:,}", f"{case.ours.median:,.1f}", f"{case.raw.median:,.1f}",
            "-" if case.pandas is None else f"{case.pandas.median:,.1f}", f"{case.ours_raw:.2f}x",
            "-" if case.pandas_ours is None else f"{case.pandas_ours:.2f}x", goals,
        )  # fmt: skip
    return table


def _versions() -> dict[str, str]:
    import duckdb
    import pandas
    import pyarrow

    import cxloop

    return {
        "python": platform.python_version(),
        "cxloop": cxloop.__version__,
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "cpus": str(multiprocessing.cpu_count()),
        "machine": f"{platform.system()} {platform.machine()}",
    }


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.metrics", description=(__doc__ or "").split("\n\n", maxsplit=1)[0]
    )
    parser.add_argument("--responses", type=int, default=10_000_000, help="responses (default 10,000,000)")
    parser.add_argument("--customers", type=int, default=500_000, help="distinct customers (default 500,000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed warm runs per side, median reported (default 5)")
    parser.add_argument("--data", type=Path, default=REPO / "bench-data", help="cache folder (default bench-data/)")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--no-pandas", action="store_true", help="leave pandas out (it needs ~1 GB per 10M rows)")
    parser.add_argument("--no-breakdown", action="store_true", help="leave out the timing of our SQL's variants")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="TOP",
        help="instead of the table: cProfile compute() on the grouped query and print the TOP functions",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if min(args.responses, args.customers, args.repeat) < 1:
        parser.error("--responses, --customers and --repeat must be positive")
    return args


def _command(args: argparse.Namespace) -> str:
    parts = ["--responses", str(args.responses)]
    if args.profile:
        parts += ["--profile", str(args.profile)]
    else:
        parts += ["--repeat", str(args.repeat)]
        parts += ["--no-pandas"] if args.no_pandas else []
        parts += ["--no-breakdown"] if args.no_breakdown else []
        parts += ["--json", str(args.json)] if args.json is not None else []
    if args.customers != 500_000:
        parts += ["--customers", str(args.customers)]
    if args.data.resolve() != (REPO / "bench-data").resolve():
        parts += ["--data", str(args.data)]
    return f"cd {shlex.quote(str(REPO))} && .venv/bin/python -m benchmarks.metrics {shlex.join(parts)}"


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    began, started_at = time.perf_counter(), datetime.now(tz=UTC).isoformat(timespec="seconds")
    out = Console()
    if not out.is_terminal:
        out.width = max(out.width, 150)
    say = Console(stderr=True, highlight=False)
    command = _command(args)
    out.print(f"Reproduce: {command}", highlight=False, markup=False, soft_wrap=True)
    store, path, answered = _store(args, say)
    try:
        if args.profile:
            out.print(_profile(store, args.profile), highlight=False, markup=False)
            return 0
        versions = _versions()
        out.print(" · ".join(f"{k} {v}" for k, v in versions.items()), highlight=False, soft_wrap=True)
        grouped_pandas: Callable[[], Any] | None = None
        slice_pandas: Callable[[], Any] | None = None
        if not args.no_pandas:
            start = time.perf_counter()
            responses, segments = _load_pandas(store)
            say.print(f"pandas: loaded {len(responses):,} responses and {len(segments):,} segments in"
                      f" {time.perf_counter() - start:.1f} s (not timed)")  # fmt: skip
            grouped_pandas = lambda: pandas_grouped(responses, segments)  # noqa: E731
            slice_pandas = lambda: pandas_slice(responses, segments)  # noqa: E731
        cases, checks = [], []
        for name, query, raw_sql, pandas_side in (
            ("NPS by month × touchpoint × segment", GROUPED, RAW_GROUPED_SQL, grouped_pandas),
            ("slice: by month, touchpoint = checkout and segment = vip", SLICE, RAW_SLICE_SQL, slice_pandas),
        ):
            case, check = _run_case(name, query, raw_sql, pandas_side, store, args.repeat, say)
            _goals(case, slice_case=query is SLICE)
            cases.append(case)
            checks.append(check)
        breakdown = [] if args.no_breakdown else _breakdown(store, args.repeat)
    finally:
        store.close()
    wall = time.perf_counter() - began

    for check in checks:
        out.print(f"✓ {check}", highlight=False, markup=False, soft_wrap=True)
    out.print(_table(cases, args.repeat))
    notes = [
        f"data: {args.responses:,} responses ({answered:.0%} with NPS) over 2025 in UTC,"
        f" {args.customers:,} customers, segment trait on 98% of them; {path}",
        "ours: compute(store, MetricQuery(...)) end to end: build_sql, DuckDB, Arrow, Python dict rows with CIs.",
        "DuckDB raw: hand-written SQL on the store's connection (segment projected before the join, month from"
        " epoch_us, CI in SQL), fetched as Arrow; see RAW_GROUPED_SQL / RAW_SLICE_SQL in benchmarks/metrics.py.",
        "pandas: merge + groupby + numpy CI on columns already in memory (pandas 3 Arrow strings; loading not timed).",
        "ours/raw = how many times the raw SQL's time ours takes; pandas/ours = how many times faster ours is.",
    ]
    if breakdown:
        notes.append("where ours' time goes (grouped query, median ms):")
        notes += [f"  {ms:8,.1f}  {label}" for label, ms in breakdown]
    notes.append(f"wall time {wall:.0f} s")
    for note in notes:
        out.print(f"  {note}", highlight=False, markup=False, soft_wrap=True)
    if args.json is not None:
        report = {
            "command": command,
            "started_at": started_at,
            "wall_seconds": round(wall, 1),
            "data": str(path),
            "versions": versions,
            "repeat": args.repeat,
            "statistic": "median of warm rounds (sides interleaved), after one warm-up run of each",
            "results": [case.to_json() for case in cases],
            "breakdown_ms": {label.strip(" ."): round(ms, 2) for label, ms in breakdown},
            "raw_sql": {"grouped": RAW_GROUPED_SQL.strip(), "slice": RAW_SLICE_SQL.strip()},
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
        out.print(f"  wrote {args.json}", highlight=False, markup=False)
    return 0  # a missed goal is reported, not an error; a wrong answer raises in _check


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
