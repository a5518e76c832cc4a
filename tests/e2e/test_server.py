"""`cxloop serve` as a real process: the CLI beside it, and kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cxloop.client import LocalClient
from tests.conftest import free_port
from tests.e2e._cli import CXLOOP, cx


class Server:
    def __init__(self, ws: Path) -> None:
        self.ws = ws
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = ws.parent / "server.log"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [CXLOOP, "serve", "--workspace", str(ws), "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError(f"server did not start: {self.log.read_text()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    ws = tmp_path / "ws"
    cx("init", str(ws))
    running = Server(ws)
    yield running
    running.stop()


def test_cli_works_beside_a_running_server(server: Server, tmp_path: Path) -> None:
    ws = str(server.ws)
    lines = [json.dumps({"event_id": f"s{i}", "customer_id": f"u{i}", "type": "order.paid",
                         "occurred_at": "2026-02-01T10:00:00+01:00"}) for i in range(7)]  # fmt: skip
    lines.insert(3, '{"customer_id": "u9", "type": "order.paid"}')
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    run = cx("ingest", str(path), "--workspace", ws, "--format", "json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert (summary["accepted"], summary["rejected"]) == (7, 1)
    reject = json.loads(Path(summary["rejects_file"]).read_text())
    assert reject["line"] == 4
    assert reject["error"] == "occurred_at: required field is missing"

    status = cx("status", "--workspace", ws, "--format", "json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["events"] == 7

    made = json.loads(
        cx("keys", "create", "--name", "t", "--scopes", "read", "--workspace", ws, "--format", "json").stdout
    )
    answer = httpx.get(f"{server.url}/v1/status", headers={"Authorization": f"Bearer {made['secret']}"})
    assert answer.json()["events"] == 7

    report = cx("report", "nps", "--workspace", ws, "--format", "json")  # goes through the server
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["rows"] == []  # no survey answers yet
    bad = cx("report", "nps", "--by", "nonsense field", "--workspace", ws, "--format", "json")
    assert bad.returncode == 2
    assert "not a field" in bad.stderr
    assert "Traceback" not in bad.stderr

    replayed = cx("replay", "--workspace", ws, "--format", "json")  # POST /v1/replay on the server
    assert replayed.returncode == 0, replayed.stderr
    assert json.loads(replayed.stdout)["events"] == 7

    out = tmp_path / "out.parquet"
    exported = cx("export", "events", "--workspace", ws, "--format", "parquet", "--output", str(out))
    assert exported.returncode == 0, exported.stderr
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == 7


def test_acknowledged_events_survive_kill_9(server: Server) -> None:
    made = json.loads(cx("keys", "create", "--name", "t", "--scopes", "ingest", "--workspace", str(server.ws),
                         "--format", "json").stdout)  # fmt: skip
    headers = {"Authorization": f"Bearer {made['secret']}"}
    acknowledged = 0
    for batch in range(5):
        body = [{"event_id": f"k{batch}-{i}", "customer_id": f"u{i % 50}", "type": "page.viewed",
                 "occurred_at": "2026-02-01T10:00:00Z"} for i in range(1_999)]  # fmt: skip
        # One delivery per request: the template's rule decides a survey for it in the same commit.
        body.append(
            {
                "event_id": f"d{batch}",
                "customer_id": f"u{batch}",
                "type": "delivery.delivered",
                "occurred_at": "2026-02-01T10:00:00Z",
                "identities": {"email": f"u{batch}@example.com"},
            }
        )
        answer = httpx.post(f"{server.url}/v1/events", json=body, headers=headers, timeout=60)
        assert answer.status_code == 200
        acknowledged += answer.json()["accepted"]
    os.kill(server.proc.pid, signal.SIGKILL)
    server.proc.wait()
    with LocalClient(server.ws) as client:
        assert client.status()["events"] == acknowledged == 10_000
        decided = client.store.query("SELECT event_id FROM invitations ORDER BY event_id").column("event_id")
        assert decided.to_pylist() == [f"d{batch}" for batch in range(5)]
