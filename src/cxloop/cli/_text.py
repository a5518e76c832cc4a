"""``cxloop text detect``: language, signals and themes for each text of a file, offline."""

from __future__ import annotations

import csv
import dataclasses
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from cxloop.cli._options import check_format, err
from cxloop.errors import ValidationError
from cxloop.text import TextAnalyzer
from cxloop.text.themes import CONCEPT_TAXONOMY

__all__ = ["text_app"]

text_app = typer.Typer(help="Multilingual text: language, binary signals, themes (offline).", no_args_is_help=True)

FORMATS = ("jsonl", "csv")


def _rows(path: Path, column: str, id_column: str | None) -> Iterator[tuple[int, Any, str | None, str | None]]:
    """(row number, id, text, problem) for each data row of a CSV, JSONL or Parquet file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # Bytes that are not UTF-8 become U+FFFD, and their row is named on stderr: the rest is kept.
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = csv.DictReader(handle)
            _require(path, reader.fieldnames or [], column, id_column)
            for number, record in enumerate(reader, 1):
                text = record.get(column)
                broken = "not valid UTF-8 (shown as \ufffd)" if text and "\ufffd" in text else None
                yield number, record.get(id_column) if id_column else None, text, broken
    elif suffix in (".jsonl", ".ndjson"):
        with path.open("rb") as handle:
            for number, line in enumerate((x for x in handle if x.strip()), 1):
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    yield number, None, None, f"not JSON: {exc}"
                    continue
                if not isinstance(record, dict):
                    yield number, None, None, "not a JSON object"
                    continue
                text = record.get(column)
                yield (
                    number,
                    record.get(id_column) if id_column else None,
                    text if isinstance(text, str) else None,
                    (None if column in record else f"no {column!r} field"),
                )
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        _require(path, table.column_names, column, id_column)
        ids = table.column(id_column).to_pylist() if id_column else [None] * table.num_rows
        for number, (key, text) in enumerate(zip(ids, table.column(column).to_pylist(), strict=True), 1):
            yield number, key, text, None
    else:
        raise ValidationError(
            f"{path}: cannot read {suffix or 'a file without extension'}; use .csv, .jsonl or .parquet"
        )


def _require(path: Path, columns: Sequence[str], column: str, id_column: str | None) -> None:
    for flag, name in (("--column", column), ("--id-column", id_column)):
        if name is not None and name not in columns:
            raise ValidationError(f"{flag}: {path} has no column {name!r}; it has: {', '.join(columns)}")


@text_app.command("detect")
def detect(
    file: Annotated[Path, typer.Argument(help="A CSV, JSONL or Parquet file.")],
    column: Annotated[str, typer.Option("--column", help="The column holding the text.")] = "text",
    id_column: Annotated[str | None, typer.Option("--id-column", help="A column to copy as `id`.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or csv.")] = "jsonl",
    model: Annotated[
        Path | None,
        typer.Option("--model", help="A local Hugging Face classification model that decides `negative` (hf extra)."),
    ] = None,
    threshold: Annotated[float, typer.Option("--threshold", min=0.0, max=1.0, help="With --model.")] = 0.5,
) -> None:
    """One record per input row, in input order: row, id, language, negative, signals, themes."""
    check_format(fmt, FORMATS)
    if not file.is_file():
        raise ValidationError(f"{file}: no such file")
    analyzer = TextAnalyzer(taxonomy=CONCEPT_TAXONOMY)
    heavy = None
    if model is not None:
        from cxloop.text.hf import HFModel

        heavy = HFModel(model, threshold=threshold)
    writer = csv.writer(sys.stdout) if fmt == "csv" else None
    if writer is not None:
        writer.writerow(["row", "id", "language", "negative", "signals", "themes", "evidence"])
    problems = 0
    rows = _rows(file, column, id_column)
    while True:
        try:
            number, key, text, problem = next(rows)
        except StopIteration:
            break
        except (UnicodeDecodeError, csv.Error, OSError) as exc:
            # Rows already printed stay valid; the file is unreadable from here on.
            raise ValidationError(f"{file}: cannot read past the rows printed: {exc}") from None
        if problem is not None or not isinstance(text, str) or not text.strip():
            problems += 1
            err.print(f"{file}: row {number}: {problem or f'{column!r} is empty or not text'}", highlight=False)
        result = analyzer.analyze(text if isinstance(text, str) else "")
        if heavy is not None and isinstance(text, str) and text.strip():
            span = heavy.negative(text)
            signals = [s for s in result.signals if s != "negative"]
            result = dataclasses.replace(
                result, negative=span is not None, signals=(["negative"] if span else []) + signals
            )
        record = {"row": number, "id": key, "language": result.language, "negative": result.negative,
                  "signals": result.signals, "themes": result.themes, "evidence": result.spans}  # fmt: skip
        if writer is None:
            sys.stdout.write(orjson.dumps(record, default=str).decode() + "\n")
        else:
            writer.writerow([number, "" if key is None else key, result.language, str(result.negative).lower(),
                             ";".join(result.signals), ";".join(result.themes),
                             orjson.dumps(result.spans).decode()])  # fmt: skip
    if problems:
        err.print(f"{problems} row(s) had a problem (named above); rows without text show language 'und'")
