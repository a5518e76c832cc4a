from __future__ import annotations

from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.ingest import read_body, read_file
from cxloop.ingest.readers import BodyError, ReadError


def test_jsonl_reports_each_bad_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_bytes(b'{"a": 1}\n\nnot json\n[1, 2]\n{"b": "\xff"}\n{"c": 3}\n')
    records = list(read_file(path))
    assert [(r.where, r.error is None) for r in records] == [
        ("line 1", True), ("line 3", False), ("line 4", False), ("line 5", False), ("line 6", True),
    ]  # fmt: skip
    assert records[1].error is not None and "not valid JSON" in records[1].error
    assert records[2].error == "expected a JSON object, got list"
    assert records[3].error is not None and "not valid UTF-8" in records[3].error


def test_csv_nests_properties_and_types_numbers(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "customer_id,type,properties.nps,properties.code,properties.ok,identities.email\n"
        'u1,survey.response,9,007,true,a@b.c\nu2,"multi\nline",3.5,,false,\n',
        encoding="utf-8",
    )
    first, second = list(read_file(path))
    assert first.data == {
        "customer_id": "u1", "type": "survey.response",
        "properties": {"nps": 9, "code": "007", "ok": True}, "identities": {"email": "a@b.c"},
    }  # fmt: skip
    assert second.where == "line 3"
    assert second.data is not None and second.data["properties"] == {"nps": 3.5, "ok": False}


def test_csv_row_with_wrong_field_count_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("customer_id,type\nu1,a\nu2,b,extra\nu3,c\n", encoding="utf-8")
    records = list(read_file(path))
    assert [r.error is None for r in records] == [True, False, True]
    assert records[1].error == "has 3 fields but the header has 2"


def test_parquet_reads_flat_and_nested_properties(tmp_path: Path) -> None:
    path = tmp_path / "e.parquet"
    table = pa.table({"customer_id": ["u1", None], "type": ["x.y", "x.y"], "properties.nps": [3, None]})
    pq.write_table(table, path)
    records = list(read_file(path))
    assert records[0].data == {"customer_id": "u1", "type": "x.y", "properties": {"nps": 3}}
    assert records[1].where == "row 2"


def test_unknown_extension_and_missing_file_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="unknown file type"):
        read_file(tmp_path / "e.xlsx")
    with pytest.raises(ReadError, match="no such file"):
        read_file(tmp_path / "missing.csv")


def test_body_forms() -> None:
    assert [r.where for r in read_body(b'[{"a":1},{"b":2}]')] == ["index 0", "index 1"]
    assert [r.where for r in read_body(b'{"a":1}\n{"b":2}\n')] == ["line 1", "line 2"]
    assert [r.where for r in read_body(b'{"a":1}')] == ["index 0"]
    assert [r.where for r in read_body(b'{\n  "a": 1\n}\n')] == ["index 0"]  # pretty-printed
    assert [r.where for r in read_body(b'[]\n{"b":2}\n')] == ["line 1", "line 2"]
    assert [r.where for r in read_body(b'[{"a":1}]', "application/x-ndjson")] == ["line 1"]
    for bad in (b"", b"   ", b"hello", b"[1, 2"):
        with pytest.raises(BodyError):
            list(read_body(bad))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300))
def test_bodies_never_raise_anything_but_body_error(data: bytes) -> None:
    try:
        records = list(read_body(data))
    except BodyError:
        return
    for record in records:
        assert (record.data is None) != (record.error is None)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(
        st.binary(max_size=60) | st.dictionaries(st.text(max_size=5), st.integers(-(2**63), 2**63 - 1)),
        max_size=20,
    )
)
def test_any_jsonl_yields_one_record_per_nonblank_line(tmp_path: Path, lines: list[object]) -> None:
    raw = [orjson.dumps(x) if isinstance(x, dict) else x.replace(b"\n", b" ").replace(b"\r", b" ") for x in lines]
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(raw) + b"\n")
    records = list(read_file(path))
    assert len(records) == sum(1 for line in raw if line.strip())
