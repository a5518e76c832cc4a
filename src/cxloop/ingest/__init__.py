"""Ingestion: readers for every entry point, validation, dedupe and identity
resolution, feeding one :class:`Ingestor` so that the Python API, file import
and HTTP reject the same records for the same reasons."""

from __future__ import annotations

from cxloop.ingest.pipeline import DEFAULT_BATCH_SIZE, Ingestor
from cxloop.ingest.readers import FORMATS, read_body, read_file, records_from_objects
from cxloop.ingest.result import IngestResult, RawRecord, Reject

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "FORMATS",
    "IngestResult",
    "Ingestor",
    "RawRecord",
    "Reject",
    "read_body",
    "read_file",
    "records_from_objects",
]
