"""The Python API that notebooks and services use."""

from __future__ import annotations

from pathlib import Path

import pytest

import cxloop
from cxloop.errors import WorkspaceError
from cxloop.model import Event


def test_connect_ingest_and_read_back(workspace: Path) -> None:
    cx = cxloop.connect(workspace)
    try:
        typed = Event.model_validate(
            {"customer_id": "u2", "type": "order.paid", "occurred_at": "2026-03-03T12:00:00+07:00"}
        )
        result = cx.ingest([
            {"customer_id": "u7", "type": "order.paid", "occurred_at": "2026-03-03T12:00:00+07:00", "channel": "app"},
            {"customer_id": "u7", "type": "order.paid"},
            typed,
        ])  # fmt: skip
        assert result.summary() == {"accepted": 2, "rejected": 1, "duplicates": 0}
        assert result.rejects[0].where == "index 1"
        profile = cx.customer("u7")
        assert profile is not None
        assert profile["behavioural"]["by_channel"] == {"app": 1}
        assert profile["behavioural"]["sources"] == ["http"]
        assert cx.status()["customers"] == 2
    finally:
        cx.close()


def test_connect_to_a_folder_without_config_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="cxloop init"):
        cxloop.connect(tmp_path)
