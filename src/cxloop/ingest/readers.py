"""Readers that turn files, HTTP bodies and Python objects into raw records.

Readers never raise for one bad record: a record that cannot be parsed comes
out as a :class:`RawRecord` with ``error`` set, naming its line, row or index,
and reading goes on. Only a source that cannot be read at all raises
:class:`ReadError`.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from cxloop.errors import CxloopError
from cxloop.ingest.result import RawRecord

__all__ = ["FORMATS", "BodyError", "ReadError", "read_body", "read_file", "records_from_objects"]

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet"}
MAX_RAW_CHARS = 4_000  # how much of a rejected record the rejects file keeps
_INT = re.compile(r"^-?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^-?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?$")
_TOP_LEVEL = {
    "event_id", "customer_id", "type", "occurred_at", "touchpoint", "channel", "text", "source", "purpose",
    "properties", "identities", "received_at",
}  # fmt: skip


class ReadError(CxloopError, OSError):
    """A source that cannot be read at all (missing file, unknown format)."""


class BodyError(CxloopError, ValueError):
    """An HTTP body that is not JSON or NDJSON at all."""


def _clip(text: str) -> str:
    return text if len(text) <= MAX_RAW_CHARS else text[:MAX_RAW_CHARS] + "…"


def _object_record(where: str, value: Any, raw: str | None) -> RawRecord:
    if not isinstance(value, dict):
        return RawRecord(where, None, f"expected a JSON object, got {type(value).__name__}", raw)
    return RawRecord(where, value, None, raw)


def _json_line(where: str, line: bytes) -> RawRecord:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raw = _clip(line.decode("utf-8", errors="replace"))
        return RawRecord(where, None, f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at position {exc.start})", raw)
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return RawRecord(where, None, f"not valid JSON: {exc}", _clip(text))
    return _object_record(where, value, _clip(text))


def _lines(data: Iterable[bytes]) -> Iterator[RawRecord]:
    for number, line in enumerate(data, start=1):
        if line.strip():
            yield _json_line(f"line {number}", line.rstrip(b"\r\n"))


def _whole_json(data: bytes, unit: str) -> Iterator[RawRecord]:
    """Parse now (so that an unreadable body raises here), yield records lazily."""
    return _records_of(_parse_whole(data), unit)


def _parse_whole(data: bytes) -> Any:
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        try:
            # One record's broken bytes should reject that record, not the body:
            # the escaped bytes fail that record's validation later.
            value = json.loads(data.decode("utf-8", errors="surrogateescape"))
        except ValueError:
            raise BodyError(f"the body is not valid JSON: {exc}") from None
    return value


def _records_of(value: Any, unit: str) -> Iterator[RawRecord]:
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        yield _object_record(f"{unit} {index}", item, _clip(orjson.dumps(item, default=str).decode(errors="replace")))


NDJSON_TYPES = {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}


def read_body(body: bytes, content_type: str | None = None) -> Iterator[RawRecord]:
    """Records of an HTTP body: a JSON array (or one object), or NDJSON lines.

    An NDJSON content type reads lines; otherwise the shape decides. Only a
    body that is none of these raises :class:`BodyError`; in NDJSON a bad line
    is one rejected record.
    """
    stripped = body.strip()
    if not stripped:
        raise BodyError("the body is empty: send a JSON array of events or NDJSON, one event a line")
    lines = body.split(b"\n")
    several = sum(1 for line in lines if line.strip()) > 1
    media = (content_type or "").split(";")[0].strip().lower()
    if media in NDJSON_TYPES:
        return _lines(lines)
    if not several:
        if stripped[:1] not in (b"[", b"{"):
            raise BodyError("the body is neither a JSON array nor NDJSON: it must start with [ or {")
        return _whole_json(stripped, "index")
    try:
        return _whole_json(body, "index")  # pretty-printed JSON spans lines too
    except BodyError:
        return _lines(lines)


def _csv_value(column: str, value: str) -> Any:
    if column.startswith("properties."):
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
        if value in {"true", "false"}:
            return value == "true"
    return value


def _csv_records(path: Path) -> Iterator[RawRecord]:
    with path.open(newline="", encoding="utf-8", errors="surrogateescape") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReadError(f"{path}: line 1: the CSV header cannot be read: {exc}") from None
        unknown = [c for c in header if c not in _TOP_LEVEL and not c.startswith(("properties.", "identities."))]
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RawRecord(f"line {start}", None, f"not valid CSV: {exc}")
                start = reader.line_num + 1
                continue
            where, start = f"line {start}", reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            raw = _clip(",".join(row).encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace"))
            if len(row) != len(header):
                yield RawRecord(where, None, f"has {len(row)} fields but the header has {len(header)}", raw)
                continue
            if unknown:
                yield RawRecord(
                    where, None,
                    f"unknown column(s) {', '.join(unknown)}: use the event field names, properties.NAME"
                    " or identities.KIND",
                    raw,
                )  # fmt: skip
                continue
            yield RawRecord(
                where,
                _nest({c: _csv_value(c, v) for c, v in zip(header, row, strict=True) if v != ""}),
                None,
                raw,
            )


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    """``properties.a`` columns become ``{"properties": {"a": ...}}`` (likewise identities)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        group, dot, name = key.partition(".")
        if key in {"properties", "identities"} and isinstance(value, str):
            # A JSON object in one cell: what `cxloop export --format csv` writes.
            try:
                decoded = orjson.loads(value)
            except orjson.JSONDecodeError:
                decoded = value
            if isinstance(decoded, dict):
                out.setdefault(key, {}).update(decoded)
            else:
                out[key] = value  # validation names it: properties must be an object
        elif dot and group in {"properties", "identities"}:
            out.setdefault(group, {})[name] = value
        else:
            out[key] = value
    return out


def _parquet_records(path: Path) -> Iterator[RawRecord]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several unrelated types for unreadable files
        raise ReadError(f"{path}: not a readable Parquet file: {exc}") from None
    number = 0
    for batch in parquet.iter_batches(batch_size=10_000):
        for row in batch.to_pylist():
            number += 1
            clean = {k: v for k, v in row.items() if v is not None}
            yield RawRecord(f"row {number}", _nest(clean), None, _clip(orjson.dumps(clean, default=str).decode()))


def read_file(path: Path, fmt: str | None = None) -> Iterator[RawRecord]:
    """Records of a CSV, JSONL, JSON or Parquet file (format by extension)."""
    kind = fmt or FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ReadError(f"{path}: unknown file type {path.suffix!r}: use .csv, .jsonl, .ndjson, .json or .parquet")
    if not path.is_file():
        raise ReadError(f"{path}: no such file")
    try:
        if kind == "csv":
            return _csv_records(path)
        if kind == "parquet":
            return _parquet_records(path)
        if kind == "json":
            try:
                return _whole_json(path.read_bytes(), "index")
            except BodyError as exc:
                raise ReadError(f"{path}: {exc}") from None
        return _lines(_iter_binary_lines(path))
    except OSError as exc:
        raise ReadError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _iter_binary_lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from handle


def records_from_objects(objects: Iterable[Any]) -> Iterator[RawRecord]:
    """Records of Python objects: dicts in the canonical event form, or Events."""
    for index, item in enumerate(objects):
        to_json = getattr(item, "to_json_dict", None)
        value = to_json() if callable(to_json) else item
        yield _object_record(f"index {index}", value, None)
