"""Macro, meso and micro on every store, against planted effects and hand counts."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cxloop.analytics.drill import detail, hotspots
from cxloop.analytics.metrics import MetricQuery
from cxloop.analytics.periods import parse_period
from cxloop.analytics.tree import tree_report
from cxloop.config.tree import MetricTreeConfig
from cxloop.errors import ValidationError
from cxloop.store import Store
from tests.contract.test_store_contract import ingest

SEPT, OCT = datetime(2026, 9, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC)
TREE = MetricTreeConfig.model_validate({
    "metric": "nps", "target": 10,
    "nodes": [
        {"name": "delivery", "where": "touchpoint = delivery", "target": 20,
         "kpis": [{"name": "delay", "event": "delivery.delivered", "property": "delay_days"},
                  {"name": "delay_p90", "event": "delivery.delivered", "property": "delay_days", "aggregate": "p90"},
                  {"name": "late", "event": "delivery.delivered", "property": "late", "aggregate": "share_true"}]},
        {"name": "support", "where": "touchpoint = support",
         "children": [{"name": "phone", "where": "channel = phone"}, {"name": "chat", "where": "channel = chat"}]},
    ],
})  # fmt: skip


def answers(month: datetime, prefix: str, plan: list[tuple[str, str, int, int]]) -> list[dict[str, Any]]:
    """(touchpoint, channel, score, how many) -> survey answers spread over the month, each after a delivery."""
    out: list[dict[str, Any]] = []
    i = 0
    for touchpoint, channel, score, count in plan:
        for _ in range(count):
            at = month + timedelta(hours=i % 600)
            late = touchpoint == "delivery" and score <= 6
            delay = 3 + i % 3 if late else i % 2
            out.append(
                {
                    "event_id": f"{prefix}d{i}",
                    "customer_id": f"u{i}",
                    "type": "delivery.delivered",
                    "occurred_at": at.isoformat(),
                    "properties": {"delay_days": delay, "late": late},
                }
            )
            out.append(
                {
                    "event_id": f"{prefix}r{i}",
                    "customer_id": f"u{i}",
                    "type": "survey.response",
                    "occurred_at": (at + timedelta(minutes=5)).isoformat(),
                    "touchpoint": touchpoint,
                    "channel": channel,
                    "text": "late again" if late else "fine",
                    "properties": {"nps": score, "trigger_event_id": f"{prefix}d{i}"},
                }
            )
            i += 1
    return out  # fmt: skip


def world() -> list[dict[str, Any]]:
    before = answers(
        SEPT,
        "s",
        [
            ("delivery", "app", 10, 60),
            ("delivery", "app", 3, 20),
            ("support", "phone", 9, 30),
            ("support", "phone", 2, 10),
            ("support", "chat", 9, 20),
            ("support", "chat", 5, 20),
        ],
    )
    now = answers(
        OCT,
        "o",
        [
            ("delivery", "app", 10, 40),
            ("delivery", "app", 3, 60),
            ("support", "phone", 9, 30),
            ("support", "phone", 2, 10),
            ("support", "chat", 9, 40),
            ("support", "chat", 5, 20),
        ],
    )
    return before + now  # fmt: skip


def nps(p: int, d: int, n: int) -> float:
    return 100 * (p - d) / n


def test_tree_values_changes_and_decomposition(store: Store) -> None:
    ingest(store, world(), batch_size=5000)
    rows = {r["node"]: r for r in tree_report(store, TREE, parse_period("2026-10"), parse_period("2026-09"))}
    root, delivery = rows["root"], rows["delivery"]
    assert rows["support"]["change"] > 0  # chat got more promoters
    assert (root["n"], root["compare_n"]) == (200, 160)
    assert math.isclose(delivery["value"], nps(40, 60, 100)) and math.isclose(
        delivery["compare_value"], nps(60, 20, 80)
    )
    assert delivery["gap_to_target"] == delivery["value"] - 20
    assert delivery["significant"] and delivery["change"] < 0
    assert not rows["phone"]["significant"]
    # Children that partition their parent explain all of its change: rate + mix add up exactly.
    for parent, children in (("root", ["delivery", "support"]), ("support", ["phone", "chat"])):
        total = sum(rows[c]["contribution"] for c in children)
        assert math.isclose(total, rows[parent]["change"], abs_tol=1e-9)
        assert math.isclose(rows[parent]["unexplained"], 0.0, abs_tol=1e-9)
        for c in children:
            assert math.isclose(rows[c]["rate"] + rows[c]["mix"], rows[c]["contribution"])
    assert rows["delivery"]["explained_share"] > 1  # delivery's fall outweighs support's rise
    delays = {
        month: sorted(e["properties"]["delay_days"] for e in world()
                      if e["type"] == "delivery.delivered" and e["occurred_at"].startswith(month))
        for month in ("2026-09", "2026-10")
    }  # fmt: skip
    october = delays["2026-10"]
    assert rows["delay"]["value"] == pytest.approx(sum(october) / len(october))
    assert rows["delay"]["compare_value"] == pytest.approx(sum(delays["2026-09"]) / len(delays["2026-09"]))
    assert rows["delay_p90"]["value"] == october[math.ceil(0.9 * len(october)) - 1]
    assert rows["late"]["value"] == pytest.approx(60 / 200)  # late answers / all deliveries in October
    assert rows["late"]["improved"] is False


def test_bad_where_in_the_tree_names_the_node(store: Store) -> None:
    tree = MetricTreeConfig.model_validate({"nodes": [{"name": "oops", "where": "touchpoint ~ x"}]})
    with pytest.raises(ValidationError, match="oops"):
        tree_report(store, tree, parse_period("2026-10"), parse_period("2026-09"))


def test_hotspots_put_the_planted_problem_first(store: Store) -> None:
    ingest(store, world(), batch_size=5000)
    rows = hotspots(store, MetricQuery("nps", start=OCT), ["touchpoint", "channel"])
    first = rows[0]
    assert (first["field"], first["group"], first["significant"]) == ("touchpoint", "delivery", True)
    assert first["impact"] == pytest.approx(100 / 200 * (nps(40, 60, 100) - nps(110, 90, 200)))
    assert all(r["significant"] for r in rows[: sum(1 for r in rows if r["significant"])])


def test_detail_finds_the_operational_cause_and_verbatims(store: Store) -> None:
    ingest(store, world(), batch_size=5000)
    result = detail(store, MetricQuery("nps", where="touchpoint = delivery", start=OCT))
    assert result["n"] == 100
    assert result["distribution"] == [{"score": 3, "n": 60}, {"score": 10, "n": 40}]
    top = result["separating"][0]
    assert top["attribute"] in {"trigger.delay_days", "trigger.late"}
    assert top["low_mean"] > top["high_mean"]
    assert len(result["verbatims"]) == 10
    assert all(v["score"] == 3 and v["text"] == "late again" for v in result["verbatims"])
    assert result["triggers"] == [{"trigger_type": "delivery.delivered", "low": 60, "high": 40}]
