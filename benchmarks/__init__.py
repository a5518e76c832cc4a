"""Benchmarks for cxloop; run ``python -m benchmarks.ingest`` (or ``make bench``). Not part of the test suite."""
