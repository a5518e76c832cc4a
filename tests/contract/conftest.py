from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxloop.store import Store, open_store


@pytest.fixture(params=["duckdb", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Every backend, real: a DuckDB file and a PostgreSQL schema."""
    url = f"duckdb://{tmp_path / 'contract.duckdb'}" if request.param == "duckdb" else request.getfixturevalue("pg_url")
    opened = open_store(url)
    yield opened
    opened.close()
