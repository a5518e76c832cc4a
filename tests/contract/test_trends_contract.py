"""Trends and drivers on every store."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cxloop.analytics.driver_data import drivers_of
from cxloop.analytics.metrics import MetricQuery
from cxloop.analytics.trends import trends
from cxloop.errors import ValidationError
from cxloop.store import Store
from tests.contract.test_store_contract import ingest

MONDAY = datetime(2026, 1, 5, 12, tzinfo=UTC)


def weekly_answers(weeks: int, per_week: int, low_from: int, seed: int = 1) -> list[dict[str, Any]]:
    """NPS answers: steady for `low_from` weeks, then clearly worse."""
    rng = random.Random(seed)
    events = []
    for w in range(weeks):
        for i in range(per_week):
            bad = w >= low_from
            score = rng.choice([0, 2, 4, 6, 7, 9]) if bad else rng.choice([6, 7, 8, 9, 10, 10])
            events.append({
                "event_id": f"w{w}-{i}", "customer_id": f"u{i % 50}", "type": "survey.response",
                "occurred_at": (MONDAY + timedelta(weeks=w, hours=i % 100)).isoformat(),
                "touchpoint": "delivery" if i % 2 else "checkout",
                "properties": {"nps": score, "speed": score // 2 + rng.randrange(2), "noise": rng.randrange(5)},
            })  # fmt: skip
    return events


def test_a_lasting_drop_is_a_trend_down(store: Store) -> None:
    ingest(store, weekly_answers(weeks=14, per_week=120, low_from=11))
    rows = trends(store, MetricQuery("nps"), "week")
    assert [r["period"] for r in rows] == [(MONDAY + timedelta(weeks=w)).date().isoformat() for w in range(14)]
    assert [r["status"] for r in rows[:11]] == ["normal"] * 11
    assert [(r["status"], r["direction"]) for r in rows[11:]] == [("trend", "down")] * 3
    for r in rows[1:]:
        assert r["lower"] <= r["center"] <= r["upper"]
    by_touchpoint = trends(store, MetricQuery("nps", by=["touchpoint"]), "week")
    assert {r["touchpoint"] for r in by_touchpoint} == {"checkout", "delivery"}
    assert len(by_touchpoint) == 28
    with pytest.raises(ValidationError, match="--period"):
        trends(store, MetricQuery("nps"), "fortnight")


def test_thin_periods_are_not_judged_and_do_not_set_limits(store: Store) -> None:
    # One lone answer opens the series; a steady series follows. The lone answer has
    # no spread: were it a baseline, every later week would fall outside its limits.
    lone = {"event_id": "lone", "customer_id": "u0", "type": "survey.response",
            "occurred_at": (MONDAY - timedelta(weeks=1)).isoformat(), "properties": {"nps": 10}}  # fmt: skip
    ingest(store, [lone, *weekly_answers(weeks=8, per_week=120, low_from=99)])
    rows = trends(store, MetricQuery("nps"), "week")
    assert rows[0]["n"] == 1 and rows[0]["insufficient"] and rows[0]["status"] == "normal"
    assert [r["status"] for r in rows] == ["normal"] * 9


def test_drivers_rank_the_real_driver_first(store: Store) -> None:
    ingest(store, weekly_answers(weeks=6, per_week=80, low_from=3))
    result = drivers_of(store, "nps", ["properties.noise", "properties.speed"], bootstrap=50)
    assert [row.driver for row in result.rows] == ["properties.speed", "properties.noise"]
    assert result.rows[0].importance > 0.9
    assert abs(sum(row.importance for row in result.rows) - 1) < 1e-9
    with pytest.raises(ValidationError, match=r"properties\.nothing"):
        drivers_of(store, "nps", ["properties.speed", "properties.nothing"])
