"""Text at ingest and on the command line: PII never reaches the store; every
comment carries language, signals and themes; `cxloop text detect` keeps input order."""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from cxloop.store import open_store
from tests.e2e._cli import cx


def test_pii_is_redacted_before_storage_and_text_fields_are_queryable(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert cx("init", str(ws)).returncode == 0
    events = [
        {"event_id": "e1", "customer_id": "u1", "type": "survey.response", "occurred_at": "2026-03-01T09:00:00Z",
         "touchpoint": "delivery", "properties": {"nps": 2, "note": "call me on +44 20 7946 0958"},
         "text": "Terrible service, the parcel never came. Worst experience ever. Mail me at jane.doe@example.com,"
         " card 4111 1111 1111 1111"},
        {"event_id": "e2", "customer_id": "u2", "type": "survey.response", "occurred_at": "2026-03-01T10:00:00Z",
         "touchpoint": "delivery", "properties": {"nps": 10}, "text": "配達がとても早くて最高です"},
    ]  # fmt: skip
    data = tmp_path / "events.jsonl"
    data.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in events))
    assert cx("ingest", str(data), "-w", str(ws)).returncode == 0
    raw = (ws / "cxloop.duckdb").read_bytes()
    for secret in (b"jane.doe@example.com", b"4111 1111 1111 1111", b"7946 0958"):
        assert secret not in raw
    store = open_store(f"duckdb://{ws / 'cxloop.duckdb'}")
    try:
        rows = {r["event_id"]: r for r in store.query("SELECT event_id, text, properties FROM events").to_pylist()}
        first = json.loads(rows["e1"]["properties"])
        assert "[EMAIL]" in rows["e1"]["text"] and "[CARD]" in rows["e1"]["text"]
        assert first["note"] == "call me on [PHONE]"
        assert (first["text_language"], first["text_negative"]) == ("en", True)
        second = json.loads(rows["e2"]["properties"])
        assert (second["text_language"], second["text_negative"]) == ("ja", False)
        [signal] = store.query("SELECT name FROM signals WHERE change = 'opened' AND name = 'upset'").to_pylist()
        assert signal["name"] == "upset"
    finally:
        store.close()
    report = cx("report", "nps", "-w", str(ws), "--where", "properties.text_negative = true", "--format", "json")
    assert json.loads(report.stdout)["rows"][0]["n"] == 1


def test_text_detect_prints_one_record_per_row_in_order(tmp_path: Path) -> None:
    path = tmp_path / "texts.csv"
    path.write_text("id,text\na,I want to cancel my account. Worst service ever\nb,\nc,服务态度很好，下次还来\n",
                    encoding="utf-8")  # fmt: skip
    result = cx("text", "detect", str(path), "--column", "text", "--id-column", "id", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["row"], r["id"]) for r in records] == [(1, "a"), (2, "b"), (3, "c")]
    assert records[0]["negative"] is True and "churn_intent" in records[0]["signals"]
    assert records[2]["language"] == "zh" and records[2]["negative"] is False
    assert "row 2" in result.stderr
    missing = cx("text", "detect", str(path), "--column", "comment")
    assert missing.returncode == 2 and "has no column 'comment'" in missing.stderr and "Traceback" not in missing.stderr
    as_csv = cx("text", "detect", str(path), "--format", "csv")
    assert as_csv.stdout.splitlines()[0] == "row,id,language,negative,signals,themes,evidence"


def test_the_workspace_sets_redaction_patterns_and_thresholds() -> None:
    from cxloop.config.text import TextConfig
    from cxloop.ingest.text import TextEnricher
    from cxloop.model import Event

    event = Event.model_validate({"customer_id": "u1", "type": "comment.posted", "occurred_at": "2026-03-01T09:00:00Z",
                                  "text": "Worst service ever, order ORD-12345678 never came"})  # fmt: skip
    default = TextEnricher(TextConfig())(event)
    strict = TextEnricher(TextConfig(thresholds={"negative": 0.99}, patterns={"ORDER": "ORD-[0-9]{8}"}))(event)
    assert default.properties["text_negative"] is True and "ORD-12345678" in (default.text or "")
    assert strict.properties["text_negative"] is False
    assert strict.text == "Worst service ever, order [ORDER] never came"
    raw = TextEnricher(TextConfig(redact=False, analyze=False))(event)
    assert raw.text == event.text and "text_negative" not in raw.properties


def test_text_detect_keeps_rows_around_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"id,text\na,Great service\nb,\xff\xfe broken\nc,Terrible delay\n")
    result = cx("text", "detect", str(path), "--id-column", "id")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b", "c"]
    assert "row 2: not valid UTF-8" in result.stderr
