"""Writing exported tables to JSONL, CSV or Parquet files."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from cxloop.errors import ValidationError

__all__ = ["EXPORT_FORMATS", "write_batches"]

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
_JSON_COLUMNS = {"identities", "properties", "persona", "considered", "policy_checks", "evidence", "payload"}


def _json_value(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in _JSON_COLUMNS and isinstance(value, str):
        return orjson.loads(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def write_batches(batches: Iterable[pa.RecordBatch], fmt: str, output: Path, *, keep_nulls: bool = False) -> int:
    """Write ``batches`` to ``output`` in ``fmt``; return the number of rows.

    JSON lines leave out null fields (an exported event reads back as it was
    sent) unless ``keep_nulls``: records with a fixed shape keep every field.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValidationError(f"--format: {fmt!r} is not an export format; use one of {', '.join(EXPORT_FORMATS)}")
    output.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    if fmt == "parquet":
        import pyarrow.parquet as pq

        writer: pq.ParquetWriter | None = None
        try:
            for batch in batches:
                if writer is None:
                    writer = pq.ParquetWriter(output, batch.schema)
                writer.write_batch(batch)
                rows += batch.num_rows
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            pq.write_table(pa.table({}), output)
        return rows
    with output.open("w", encoding="utf-8", newline="") as handle:
        csv_writer: Any = None
        for batch in batches:
            names = batch.schema.names
            for record in batch.to_pylist():
                rows += 1
                if fmt == "jsonl":
                    data = {k: _json_value(k, v) for k, v in record.items() if keep_nulls or v is not None}
                    handle.write(orjson.dumps(data).decode() + "\n")
                else:
                    if csv_writer is None:
                        csv_writer = csv.writer(handle)
                        csv_writer.writerow(names)
                    csv_writer.writerow(["" if record[n] is None else _csv_cell(record[n]) for n in names])
    return rows


def _csv_cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
