"""The command line, run as a subprocess on real workspaces."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.e2e._cli import cx

SAMPLE = (
    "event_id,customer_id,type,occurred_at,touchpoint,channel,properties.nps,text\n"
    "p1,u1,survey.response,2026-03-01T09:00:00+00:00,checkout,email,9,Great service\n"
    "p2,u2,survey.response,2026-03-01 09:00:00,checkout,email,3,naive time\n"
    "p3,,survey.response,2026-03-01T09:00:00+00:00,checkout,email,3,no customer\n"
    "p1,u1,survey.response,2026-03-01T09:00:00+00:00,checkout,email,9,Great service\n"
    "p4,u3,survey.response,2026-03-02T10:00:00+09:00,delivery,app,2,配達が遅い\n"
)


def test_init_ingest_status_export(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert cx("init", str(ws)).returncode == 0
    assert "purposes:" in (ws / "cxloop.yaml").read_text()
    again = cx("init", str(ws))
    assert again.returncode == 1
    assert "--force" in again.stderr
    sample = tmp_path / "sample.csv"
    sample.write_text(SAMPLE, encoding="utf-8")
    run = cx("ingest", str(sample), "--workspace", str(ws), "--format", "json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert (summary["accepted"], summary["rejected"], summary["duplicates"]) == (2, 2, 1)
    rejects = [json.loads(line) for line in Path(summary["rejects_file"]).read_text().splitlines()]
    assert [(r["line"], r["error"].split(":")[0]) for r in rejects] == [
        (3, "occurred_at"),
        (4, "customer_id or identities is required"),
    ]
    assert Path(summary["rejects_file"]) == tmp_path / "sample.rejects.jsonl"

    status = json.loads(cx("status", "--workspace", str(ws), "--format", "json").stdout)
    assert (status["events"], status["customers"], status["responses"], status["store"]) == (
        2,
        2,
        2,
        "duckdb",
    )

    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"events.{fmt}"
        assert cx("export", "events", "--workspace", str(ws), "--format", fmt, "--output", str(out)).returncode == 0
        other = tmp_path / f"copy-{fmt}"
        cx("init", str(other))
        again = json.loads(cx("ingest", str(out), "--workspace", str(other), "--format", "json").stdout)
        assert (again["accepted"], again["rejected"]) == (2, 0), (fmt, again)
    lines = (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[1])["text"] == "配達が遅い"


def test_workspace_from_environment_and_customer(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    cx("init", str(ws))
    events = tmp_path / "e.jsonl"
    events.write_text(
        json.dumps({"customer_id": "u1", "type": "customer.updated", "occurred_at": "2026-01-01T00:00:00Z",
                    "identities": {"email": "u1@x.org"}, "properties": {"segment": "vip"}}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    assert cx("ingest", str(events), env={"CXLOOP_WORKSPACE": str(ws)}).returncode == 0
    profile = json.loads(cx("customer", "u1", "--workspace", str(ws)).stdout)
    assert profile["descriptive"]["segment"]["value"] == "vip"
    assert profile["descriptive"]["segment"]["source"] == "file_import"
    assert cx("customer", "nobody", "--workspace", str(ws)).returncode == 1


def test_parquet_with_naive_timestamp_column_rejects_those_rows(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    ws = tmp_path / "ws"
    cx("init", str(ws))
    path = tmp_path / "e.parquet"
    pq.write_table(pa.table({
        "customer_id": ["u1", "u2"], "type": ["order.paid", "order.paid"],
        "occurred_at": pa.array([datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)]),
    }), path)  # fmt: skip
    naive = tmp_path / "naive.parquet"
    pq.write_table(
        pa.table({"customer_id": ["u3"], "type": ["order.paid"], "occurred_at": [datetime(2026, 1, 3)]}),
        naive,
    )
    run = cx("ingest", str(path), str(naive), "--workspace", str(ws), "--format", "json")
    summary = json.loads(run.stdout)
    assert (summary["accepted"], summary["rejected"]) == (2, 1)
    assert "no UTC offset" in Path(summary["rejects_files"][0]).read_text()


def test_exit_codes(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    cx("init", str(ws))
    missing = cx("ingest", str(tmp_path / "missing.jsonl"), "--workspace", str(ws), "--format", "json")
    assert missing.returncode == 1
    assert "no such file" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert cx("ingest", "--workspace", str(ws)).returncode == 2  # no FILE
    bad_format = cx("status", "--workspace", str(ws), "--format", "xml")
    assert bad_format.returncode == 2
    assert "--format" in bad_format.stderr
    not_ws = cx("status", "--workspace", str(tmp_path))
    assert not_ws.returncode == 1
    assert "cxloop init" in not_ws.stderr
    (tmp_path / "x.jsonl").write_text('{"customer_id": "u1", "type": "a.b", "occurred_at": "2026-01-01T00:00:00Z"}\n')
    unknown_source = cx("ingest", str(tmp_path / "x.jsonl"), "--workspace", str(ws), "--source", "nope")
    assert unknown_source.returncode == 2
    assert "--source: 'nope' is not declared" in unknown_source.stderr
    assert cx("ingest", str(tmp_path / "x.jsonl"), "--workspace", str(ws), "--source", "sdk").returncode == 0


def test_config_errors_name_file_line_and_field(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    cx("init", str(ws))
    config = ws / "cxloop.yaml"
    text = config.read_text().replace("purpose: service", "purpose: nowhere", 1)
    config.write_text(text)
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "purpose: nowhere" in row)
    run = cx("status", "--workspace", str(ws))
    assert run.returncode == 1
    assert f"cxloop.yaml:{line}: sources[" in run.stderr
    assert "'nowhere' is not a declared purpose" in run.stderr
    assert "Traceback" not in run.stderr


def test_keys_create_prints_secret_once_and_stores_a_hash(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    cx("init", str(ws))
    made = json.loads(cx("keys", "create", "--name", "web", "--scopes", "ingest,read", "--workspace", str(ws),
                         "--format", "json").stdout)  # fmt: skip
    assert made["secret"].startswith("cx_")
    listed = cx("keys", "list", "--workspace", str(ws), "--format", "json").stdout
    assert made["secret"] not in listed
    assert json.loads(listed)[0]["scopes"] == ["ingest", "read"]
    assert made["secret"].encode() not in (ws / "cxloop.duckdb").read_bytes()
    bad = cx("keys", "create", "--name", "x", "--scopes", "ingest,root", "--workspace", str(ws))
    assert bad.returncode == 2
    assert "root" in bad.stderr


def test_reports_on_a_small_demo(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    assert (
        cx("demo", "--workspace", str(ws), "--customers", "800", "--days", "90", "--seed", "2", "--no-serve").returncode
        == 0
    )
    nps = json.loads(cx("report", "nps", "--by", "month,segment", "--workspace", str(ws), "--format", "json").stdout)
    assert nps["rows"] and all({"month", "segment", "n", "value", "ci_low", "ci_high"} <= set(r) for r in nps["rows"])
    table = cx("report", "csat", "--by", "touchpoint", "--workspace", str(ws))
    assert table.returncode == 0 and "CSAT by touchpoint" in table.stdout
    tree = json.loads(cx("report", "tree", "--period", "last45d", "--workspace", str(ws), "--format", "json").stdout)
    assert tree["rows"][0]["node"] == "root" and tree["compare"]["end"] == tree["period"]["start"]
    hot = cx("report", "hotspots", "--by", "segment,language", "--workspace", str(ws), "--format", "csv")
    assert hot.returncode == 0 and hot.stdout.startswith("field,group,")
    detail = json.loads(cx("report", "detail", "--where", "survey = post_delivery", "--workspace", str(ws),
                           "--format", "json").stdout)  # fmt: skip
    assert sum(d["n"] for d in detail["distribution"]) == detail["n"]
    xml = cx("report", "nps", "--format", "xml", "--workspace", str(ws))
    assert xml.returncode == 2 and "--format: 'xml'" in xml.stderr
    bad = cx("report", "tree", "--period", "someday", "--workspace", str(ws))
    assert bad.returncode == 2 and "--period" in bad.stderr and "Traceback" not in bad.stderr
    plain = tmp_path / "plain"
    cx("init", str(plain))
    empty = cx("report", "tree", "--workspace", str(plain))
    assert empty.returncode == 2 and "no answers" in empty.stderr
    config = plain / "cxloop.yaml"
    config.write_text(config.read_text().split("# Metric tree")[0])
    no_tree = cx("report", "tree", "--workspace", str(plain))
    assert no_tree.returncode == 2 and "metric_tree" in no_tree.stderr


def test_replay_backtests_rules_without_side_effects(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    assert (
        cx("demo", "--workspace", str(ws), "--customers", "600", "--days", "60", "--seed", "4", "--no-serve").returncode
        == 0
    )
    before = json.loads(cx("status", "--workspace", str(ws), "--format", "json").stdout)
    report = json.loads(cx("replay", "--workspace", str(ws), "--format", "json").stdout)
    assert report["events"] == before["events"]
    assert report["decisions"]["survey_after_delivery"] > 0
    assert report["suppressed"]["sampling"] > 0  # the demo policy samples half of the triggers
    assert set(report["signals_opened"]) >= {"failure", "detractor"}
    assert json.loads(cx("status", "--workspace", str(ws), "--format", "json").stdout) == before
    candidate = tmp_path / "candidate.yaml"
    candidate.write_text(
        "rules:\n  - {name: every_payment_failure, when: {events: [payment.failed]}, then: [{alert: payments}]}\n"
    )
    tried = json.loads(cx("replay", "--workspace", str(ws), "--rules", str(candidate), "--format", "json").stdout)
    assert set(tried["decisions"]) == {"every_payment_failure"}
    assert tried["actions"]["alert:payments"] == tried["decisions"]["every_payment_failure"] > 0
    candidate.write_text("rules:\n  - {name: broken, when: {events: [payment.failed]}, then: [{alert: a, case: b}]}\n")
    bad = cx("replay", "--workspace", str(ws), "--rules", str(candidate))
    assert bad.returncode == 1
    assert f"{candidate}: rules[0].then[0]" in bad.stderr and "Traceback" not in bad.stderr
