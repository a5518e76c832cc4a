"""Turning row tuples into Arrow tables with the SQL types the schema declares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

__all__ = ["ARROW_TYPES", "rows_to_arrow"]

ARROW_TYPES: dict[str, pa.DataType] = {
    "TEXT": pa.string(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
    "BIGINT": pa.int64(),
    "SMALLINT": pa.int16(),
    "BOOLEAN": pa.bool_(),
}


def rows_to_arrow(columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """A table whose column ``i`` holds ``row[i]`` of every row."""
    transposed = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    arrays = [
        pa.array(values, type=ARROW_TYPES[sql_type]) for values, (_, sql_type) in zip(transposed, columns, strict=True)
    ]
    return pa.Table.from_arrays(arrays, names=[name for name, _ in columns])
