"""Analytics against the demo world's documented truth."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cxloop.analytics.metrics import MetricQuery
from cxloop.client import LocalClient
from cxloop.config import write_init
from cxloop.demo import TRUE_EFFECTS, WorldSpec, demo_workspace_yaml, generate_events

RATINGS = ["rating_delivery", "rating_support", "rating_product", "rating_price", "rating_app"]


def test_key_drivers_recover_the_true_ranking(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    write_init(root)
    (root / "cxloop.yaml").write_text(demo_workspace_yaml(), encoding="utf-8")
    spec = WorldSpec(customers=5_000, days=180, seed=11, end=datetime(2026, 6, 1, tzinfo=UTC))
    with LocalClient(root) as client:
        client.ingest(generate_events(spec))
        result = client.drivers("nps", [f"properties.{r}" for r in RATINGS], bootstrap=100)
        truth = sorted(RATINGS, key=lambda r: -TRUE_EFFECTS[r])
        assert [row["driver"] for row in result["rows"]] == [f"properties.{r}" for r in truth]
        assert result["r2"] > 0.5
        # The delivery rating drives NPS after a delivery: the worst and best ratings are far apart.
        query = MetricQuery("nps", by=["properties.rating_delivery"], where="survey = post_delivery")
        rows = {r["properties.rating_delivery"]: r for r in client.metrics(query)}
        assert rows["1"]["ci_high"] < rows["5"]["ci_low"]

        # Macro: the declared tree, May against April, with KPIs at the leaves.
        tree = client.tree("2026-05", "2026-04")
        nodes = {r["node"]: r for r in tree["rows"]}
        assert {"root", "delivery_experience", "support_experience", "call_wait", "late_share"} <= set(nodes)
        assert nodes["root"]["n"] == sum(nodes[c]["n"] for c in ("delivery_experience", "support_experience",
                                                                 "relationship"))  # fmt: skip
        assert 0 < nodes["late_share"]["value"] < 0.5
        # Micro: after a delivery, what separates detractors from promoters is the delivery itself.
        detail = client.detail(MetricQuery("nps", where="survey = post_delivery"))
        top = [row["attribute"] for row in detail["separating"][:3]]
        assert "rating_delivery" in top
        assert {"trigger.late", "trigger.delay_days"} & set(top)
