"""kill -9 during processing, then restart: exactly the actions of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from cxloop.demo import WorldSpec, demo_workspace_yaml, generate_events
from cxloop.store import open_store
from tests.e2e._cli import CXLOOP, cx

KINDS = ("decisions", "actions", "invitations", "cases", "signals", "outbox")


def _workspace(root: Path) -> Path:
    root.mkdir()
    (root / "cxloop.yaml").write_text(demo_workspace_yaml(), encoding="utf-8")
    return root


def _exports(root: Path) -> dict[str, list[dict[str, object]]]:
    """What `cxloop export KIND` writes for each engine record kind, read in this process."""
    store = open_store(f"duckdb://{root / 'cxloop.duckdb'}")
    try:
        return {kind: [row for batch in store.export(kind) for row in batch.to_pylist()] for kind in KINDS}
    finally:
        store.close()


def _events(root: Path) -> int:
    store = open_store(f"duckdb://{root / 'cxloop.duckdb'}")
    try:
        return store.counts()["events"]
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_kill_9_then_restart_gives_exactly_the_uninterrupted_actions(tmp_path: Path) -> None:
    spec = WorldSpec(customers=500, days=30, seed=5, end=datetime(2026, 3, 1, tzinfo=UTC))
    events = sorted(generate_events(spec), key=lambda e: (e["occurred_at"], e.get("event_id", "")))
    data = tmp_path / "events.jsonl"
    data.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in events))
    args = ["ingest", str(data), "--batch-size", "100"]

    straight = _workspace(tmp_path / "straight")
    started = time.monotonic()
    assert cx(*args, "-w", str(straight), timeout=300).returncode == 0
    took = time.monotonic() - started
    expected = _exports(straight)
    assert expected["actions"] and expected["cases"] and expected["invitations"]

    crashed = _workspace(tmp_path / "crashed")
    killed_at = None
    for share in (0.5, 0.3, 0.7):  # aim for the middle of the run; retry if the kill missed it
        env = {k: v for k, v in os.environ.items() if k not in {"CXLOOP_STORE", "CXLOOP_WORKSPACE"}}
        proc = subprocess.Popen([CXLOOP, *args, "-w", str(crashed)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(took * share)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stored = _events(crashed)
        if 0 < stored < len(events):
            killed_at = stored
            break
    assert killed_at is not None, "the kill never landed mid-run"
    assert cx(*args, "-w", str(crashed), timeout=300).returncode == 0
    assert _events(crashed) == len(events)
    assert _exports(crashed) == expected
