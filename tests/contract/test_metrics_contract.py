"""Metrics: the same numbers on every store, matching an independent computation."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.analytics.metrics import MetricQuery, compute, wilson
from cxloop.errors import ValidationError
from cxloop.store import Store
from tests.contract.test_store_contract import _wipe, ingest

T0 = datetime(2026, 1, 5, 12, tzinfo=UTC)


def world(seed: int = 3, n: int = 400) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    rows = []
    for c in range(40):
        segment = ["vip", "regular", "new"][c % 3]
        events.append({"event_id": f"c{c}", "customer_id": f"u{c}", "type": "customer.updated",
                       "occurred_at": T0.isoformat(), "properties": {"segment": segment}})  # fmt: skip
    for i in range(n):
        c = rng.randrange(40)
        at = T0 + timedelta(days=rng.randrange(120), hours=rng.randrange(24))
        scores = {"nps": rng.randrange(11), "csat": rng.randrange(1, 6), "ces": rng.randrange(1, 8)}
        if i % 7 == 0:
            del scores["ces"]
        touchpoint = rng.choice(["checkout", "delivery", "support"])
        plan = rng.choice(["pro", "free"])
        events.append({"event_id": f"r{i}", "customer_id": f"u{c}", "type": "survey.response",
                       "occurred_at": at.isoformat(), "touchpoint": touchpoint,
                       "properties": {**scores, "plan": plan}})  # fmt: skip
        rows.append({"segment": ["vip", "regular", "new"][c % 3], "touchpoint": touchpoint, "plan": plan,
                     "month": at.strftime("%Y-%m-01"), **scores})  # fmt: skip
    return events, pd.DataFrame(rows)


def test_nps_by_month_and_segment_matches_pandas(store: Store) -> None:
    events, frame = world()
    ingest(store, events)
    rows = compute(store, MetricQuery("nps", by=["month", "segment"], min_n=30))
    expected = frame.groupby(["month", "segment"])["nps"].agg(
        n="count", promoters=lambda s: int((s >= 9).sum()), detractors=lambda s: int((s <= 6).sum())
    )
    assert len(rows) == len(expected)
    for row in rows:
        e = expected.loc[(row["month"], row["segment"])]
        assert (row["n"], row["promoters"], row["detractors"]) == (e["n"], e["promoters"], e["detractors"])
        assert math.isclose(row["value"], 100 * (e["promoters"] - e["detractors"]) / e["n"])
        assert row["insufficient"] == (e["n"] < 30)
        assert row["ci_low"] <= row["value"] <= row["ci_high"]


def test_csat_and_ces_with_filters_match_pandas(store: Store) -> None:
    events, frame = world()
    ingest(store, events)
    where = "properties.plan = pro and segment in (vip, new)"
    rows = compute(store, MetricQuery("csat", by=["touchpoint"], where=where))
    subset = frame[(frame.plan == "pro") & frame.segment.isin(["vip", "new"])]
    for row in rows:
        part = subset[subset.touchpoint == row["touchpoint"]]["csat"]
        assert row["n"] == len(part)
        assert math.isclose(row["value"], 100 * (part >= 4).mean())
        low, high = wilson(int((part >= 4).sum()), len(part))
        assert math.isclose(row["ci_low"], 100 * low) and math.isclose(row["ci_high"], 100 * high)
    ces = compute(store, MetricQuery("ces", where="nps <= 6"))
    part = frame[frame.nps <= 6]["ces"].dropna()
    assert ces[0]["n"] == len(part)
    assert math.isclose(ces[0]["value"], part.mean())
    assert math.isclose(ces[0]["sd"], part.std(ddof=1))
    assert math.isclose(ces[0]["share_easy"], 100 * (part >= 5).mean())


def test_time_window_and_errors(store: Store) -> None:
    events, frame = world()
    ingest(store, events)
    start, end = datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC)
    rows = compute(store, MetricQuery("nps", start=start, end=end))
    assert rows[0]["n"] == int((frame.month == "2026-02-01").sum())
    with pytest.raises(ValidationError, match="not a field"):
        compute(store, MetricQuery("nps", by=["month; drop table events"]))
    with pytest.raises(ValidationError, match=r"no customer has such a trait; .* segment"):
        compute(store, MetricQuery("nps", by=["segmnt"]))
    with pytest.raises(ValidationError, match="'and'"):
        compute(store, MetricQuery("nps", where="segment = vip or 1 = 1"))
    assert store.counts()["events"] == len(events)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), by=st.lists(st.sampled_from(["month", "segment", "touchpoint", "properties.plan"]),
                                               max_size=3, unique=True))  # fmt: skip
def test_group_counts_add_up_to_the_total(store: Store, seed: int, by: list[str]) -> None:
    events, _ = world(seed, n=120)
    try:
        ingest(store, events)
        total = compute(store, MetricQuery("nps"))[0]
        rows = compute(store, MetricQuery("nps", by=by))
        assert sum(r["n"] for r in rows) == total["n"] == 120
        assert sum(r["promoters"] for r in rows) == total["promoters"]
        for r in rows:
            assert -100 <= r["ci_low"] <= r["value"] <= r["ci_high"] <= 100
    finally:
        _wipe(store)
