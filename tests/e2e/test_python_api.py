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


def test_frames_and_charts_for_notebooks(workspace: Path) -> None:
    from cxloop.analytics.frames import nps_frame, trend_chart, trends_frame

    answers = [
        {"customer_id": f"u{i}", "type": "survey.response", "occurred_at": f"2026-03-{1 + i % 28:02d}T10:00:00Z",
         "touchpoint": "checkout" if i % 3 else "delivery", "properties": {"nps": i % 11}}
        for i in range(90)
    ]  # fmt: skip
    with cxloop.connect(workspace) as cx:
        cx.ingest(answers)
        frame = nps_frame(cx, by=["touchpoint"])
        assert list(frame["touchpoint"]) == ["checkout", "delivery"]
        assert frame["n"].sum() == 90
        assert {"value", "ci_low", "ci_high", "insufficient"} <= set(frame.columns)
        weekly = trends_frame(cx, "nps", period="week")
        assert weekly["n"].sum() == 90
        figure = trend_chart(cx, "nps", period="week")
        assert [t.name for t in figure.data][:2] == ["95% CI", "center"]
        assert list(figure.data[4].y) == list(weekly["value"])
