"""The analyst pages, /trends and /drivers, in a real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e._cli import cx
from tests.e2e.test_server import Server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    ws = tmp_path_factory.mktemp("analytics") / "demo"
    run = cx("demo", "--workspace", str(ws), "--customers", "1500", "--days", "120", "--seed", "5", "--no-serve")
    assert run.returncode == 0, run.stderr
    server = Server(ws)
    _plant_a_trend(server)
    yield server
    server.stop()


def _plant_a_trend(server: Server) -> None:
    """Add a touchpoint whose CSAT is steady for ten weeks, then falls for three: a trend down."""
    key = json.loads(cx("keys", "create", "--name", "plant", "--scopes", "ingest", "--workspace", str(server.ws),
                        "--format", "json").stdout)["secret"]  # fmt: skip
    today = datetime.now(tz=UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    events = []
    for week in range(13):
        at = today - timedelta(weeks=13 - week)
        for i in range(60):
            score = (1 + i % 3) if week >= 10 else (4 + i % 2)  # 1-3 after the fall, 4-5 before
            events.append({"event_id": f"plant-{week}-{i}", "customer_id": f"plant-{i}", "type": "survey.response",
                           "occurred_at": (at + timedelta(minutes=i)).isoformat(), "touchpoint": "planted_tp",
                           "properties": {"csat": score}})  # fmt: skip
    answer = httpx.post(f"{server.url}/v1/events", json=events, headers={"Authorization": f"Bearer {key}"})
    assert answer.json()["accepted"] == len(events)


class Page:
    """A fresh page that records JavaScript errors and console errors."""

    def __init__(self, browser: Any, base: str) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 1400})
        self.base = base
        self.errors: list[str] = []
        self.expect_status: int | None = None
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", self._console)

    def _console(self, msg: Any) -> None:
        if msg.type != "error":
            return
        # Chromium logs the status of the page itself as a network error; a 400 page is what we asked for.
        own = msg.location.get("url") == self.page.url and msg.text.startswith("Failed to load resource:")
        if not (own and self.expect_status and f"status of {self.expect_status} " in msg.text):
            self.errors.append(msg.text)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def shot(self, name: str, tmp_path: Path) -> None:
        folder = Path(os.environ.get("CXLOOP_SCREENSHOTS", tmp_path))
        self.page.screenshot(path=str(folder / name), full_page=True)


@pytest.fixture
def page(browser: Any, demo_server: Server) -> Iterator[Page]:
    opened = Page(browser, demo_server.url)
    yield opened
    opened.page.close()


def report(server: Server, metric: str, by: str) -> list[dict[str, Any]]:
    """The metric's cells from the CLI (through the running server), to compare the page with."""
    run = cx("report", metric, "--by", by, "--workspace", str(server.ws), "--format", "json")
    assert run.returncode == 0, run.stderr
    rows: list[dict[str, Any]] = json.loads(run.stdout)["rows"]
    return rows


def chart_data(page: Page, chart: str) -> dict[str, Any]:
    """The value line and the status markers of one chart, read from the live Plotly figure."""
    data: dict[str, Any] = page.page.eval_on_selector(
        f"#{chart}",
        "el => ({value: el.data.find(t => t.meta === 'value'),"
        " status: el.data.filter(t => String(t.meta).startsWith('status:'))"
        ".map(t => ({status: t.meta.slice(7), n: t.x.length, symbols: t.marker.symbol, color: t.marker.color}))})",
    )
    return data


def table_statuses(page: Page) -> list[tuple[str, str]]:
    rows = page.page.eval_on_selector_all(
        "#flagged tbody tr", "rows => rows.map(r => [r.dataset.status, r.cells[r.cells.length - 1].innerText])"
    )
    return [(status, direction) for status, direction in rows]


def test_trends_page_draws_the_weekly_series_with_its_limits(page: Page, demo_server: Server, tmp_path: Path) -> None:
    response = page.goto("/trends")
    assert response.status == 200
    page.page.wait_for_selector("#trend-chart-0 .main-svg", timeout=20_000)
    assert page.page.locator(".trend-chart").count() == 1
    assert page.page.inner_text("nav a[aria-current=page]") == "Trends"

    weeks = report(demo_server, "nps", "week")
    data = chart_data(page, "trend-chart-0")
    # One point per week with answers, in order, with the same values as the CLI's report.
    assert data["value"]["x"] == [w["week"] for w in weeks]
    assert data["value"]["y"] == pytest.approx([w["value"] for w in weeks])
    # Cells with fewer than 30 answers are hollow.
    hollow = [s == "circle-open" for s in data["value"]["marker"]["symbol"]]
    assert hollow == [w["n"] < 30 for w in weeks]
    assert any(hollow) and not all(hollow)
    metas = page.page.eval_on_selector("#trend-chart-0", "el => el.data.map(t => t.meta)")
    assert {"ci", "center", "lower", "upper", "value"} <= set(metas)
    dashes = page.page.eval_on_selector(
        "#trend-chart-0", "el => Object.fromEntries(el.data.filter(t => t.line).map(t => [t.meta, t.line.dash]))"
    )
    assert (dashes["center"], dashes["lower"], dashes["upper"]) == ("dash", "dot", "dot")

    # Coloured status markers on the chart = rows of the table below it, status by status.
    markers = Counter({s["status"]: s["n"] for s in data["status"]})
    table = table_statuses(page)
    assert +markers == Counter(status for status, _ in table)
    if not table:
        assert page.page.is_visible("#flagged-none")
    assert "fluke" in page.page.inner_text(".key [data-status=fluke]")
    page.shot("trends.png", tmp_path)
    assert page.errors == []


def test_trends_split_by_touchpoint_from_the_form(page: Page, demo_server: Server, tmp_path: Path) -> None:
    page.goto("/trends")
    page.page.wait_for_selector("#trend-chart-0 .main-svg", timeout=20_000)
    page.page.select_option("select[name=metric]", "csat")
    page.page.select_option("select[name=by]", "touchpoint")
    with page.page.expect_navigation():
        page.page.click("form.controls button[type=submit]")
    assert "by=touchpoint" in page.page.url and "metric=csat" in page.page.url
    page.page.wait_for_selector("#trend-chart-0 .main-svg", timeout=20_000)

    groups = {r["touchpoint"] for r in report(demo_server, "csat", "touchpoint")}
    charts = page.page.locator(".trend-chart")
    assert charts.count() == min(len(groups), 8) >= 2
    assert {page.page.get_attribute(f"#trend-chart-{i}", "aria-label").split(", ")[-1] for i in range(charts.count())} \
        == groups  # fmt: skip
    for i in range(charts.count()):
        page.page.wait_for_selector(f"#trend-chart-{i} .main-svg", timeout=20_000)

    markers: Counter[str] = Counter()
    symbols: Counter[str] = Counter()
    for i in range(charts.count()):
        for s in chart_data(page, f"trend-chart-{i}")["status"]:
            markers[s["status"]] += s["n"]
            symbols.update(sym.replace("-open", "") for sym in s["symbols"])
    table = table_statuses(page)
    assert sum(markers.values()) == len(table) > 0  # the demo has flagged CSAT weeks per touchpoint
    assert +markers == Counter(status for status, _ in table)
    directions = Counter(direction.split()[-1] for _, direction in table)
    assert symbols == Counter({f"triangle-{d}": n for d, n in directions.items()})
    page.shot("trends-by-touchpoint.png", tmp_path)
    assert page.errors == []


def test_drivers_page_ranks_the_five_ratings(page: Page, tmp_path: Path) -> None:
    response = page.goto("/drivers")
    assert response.status == 200
    page.page.wait_for_selector("#drivers-chart .main-svg", timeout=20_000)
    points = page.page.eval_on_selector("#drivers-chart", "el => el.data.find(t => t.meta === 'drivers').x.length")
    assert points == 5
    labels = page.page.eval_on_selector("#drivers-chart", "el => el.layout.annotations.map(a => a.text)")
    assert {"<b>Fix first</b>", "<b>Keep up</b>", "<b>Possible overkill</b>", "<b>Low priority</b>"} <= set(labels)

    rows = page.page.eval_on_selector_all(
        "#drivers-table tbody tr", "rows => rows.map(r => Array.from(r.cells, c => c.innerText))"
    )
    assert len(rows) == 5
    assert rows[0][0] == "properties.rating_delivery"  # the demo's strongest driver (docs/demo-world.md)
    assert {r[0] for r in rows} == {
        f"properties.rating_{k}" for k in ("delivery", "support", "product", "price", "app")
    }
    shown = [float(r[1].rstrip("%")) for r in rows]
    assert shown == sorted(shown, reverse=True)
    assert sum(shown) == pytest.approx(100.0, abs=0.3)
    exact = page.page.eval_on_selector_all("[data-importance]", "cells => cells.map(c => Number(c.dataset.importance))")
    assert sum(exact) == pytest.approx(1.0, abs=1e-9)
    assert all(r[4] in {"Fix first", "Keep up", "Possible overkill", "Low priority"} for r in rows)
    assert rows[0][4] in {"Fix first", "Keep up"}  # the most important driver is above the mean importance
    assert page.page.inner_text("nav a[aria-current=page]") == "Key drivers"
    page.shot("drivers.png", tmp_path)
    assert page.errors == []


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/trends?metric=foo", "metric: 'foo' is not one of nps, csat, ces"),
        ("/trends?period=fortnight", "--period: 'fortnight' is not one of"),
        ("/drivers?drivers=properties.nope", "'properties.nope': no survey answer carries a numeric value"),
    ],
)
def test_a_bad_parameter_is_shown_with_status_400(page: Page, path: str, message: str, tmp_path: Path) -> None:
    page.expect_status = 400
    response = page.goto(path)
    assert response.status == 400
    assert message in page.page.inner_text("[role=alert] .message")
    assert page.page.locator(".main-svg").count() == 0
    page.shot(f"error-{path.strip('/').replace('?', '-').replace('=', '-')}.png", tmp_path)
    assert page.errors == []


def test_tree_page_matches_the_report_and_its_waterfall_adds_up(
    page: Page, demo_server: Server, tmp_path: Path
) -> None:
    response = page.goto("/tree?period=last56d")
    assert response.status == 200
    page.page.wait_for_selector("#tree-waterfall .main-svg", timeout=20_000)
    run = cx("report", "tree", "--period", "last56d", "--workspace", str(demo_server.ws), "--format", "json")
    report = json.loads(run.stdout)
    shown = page.page.eval_on_selector_all("#tree-table tbody tr", "rows => rows.map(r => r.dataset.node)")
    assert shown == [r["node"] for r in report["rows"]]
    root = report["rows"][0]
    cells = page.page.eval_on_selector("#tree-table tbody tr", "r => Array.from(r.cells).map(c => c.innerText)")
    assert cells[1].replace(",", "") == str(root["n"])
    assert cells[2] == f"{root['value']:+.1f}"
    # The waterfall starts at the value before, adds each child's contribution and the rest, and ends at now.
    bars = page.page.eval_on_selector("#tree-waterfall", "el => el.data[0].y")
    assert math.isclose(bars[0] + sum(bars[1:-1]), bars[-1], abs_tol=1e-6)
    assert math.isclose(bars[-1], root["value"], abs_tol=1e-6)
    page.shot("tree.png", tmp_path)
    # Drill down from the delivery node.
    page.page.click("tr[data-node=delivery_experience] a")
    page.page.wait_for_selector("#distribution-chart .main-svg", timeout=20_000)
    assert "where=survey" in page.page.url
    attributes = page.page.eval_on_selector_all(
        "#separating-table tbody tr td:first-child", "tds => tds.map(t => t.innerText)"
    )
    assert "rating_delivery" in attributes[:3]
    quotes = page.page.eval_on_selector_all("#verbatims q", "qs => qs.map(q => [q.getAttribute('dir'), q.innerText])")
    assert quotes and all(direction == "auto" and text for direction, text in quotes)
    page.shot("detail.png", tmp_path)
    assert page.errors == []


@pytest.mark.parametrize(
    ("path", "message"),
    [("/tree?period=someday", "--period"), ("/detail?where=segment%20~%20vip", "--where")],
)
def test_bad_drill_parameters_are_400_with_the_reason(page: Page, path: str, message: str) -> None:
    page.expect_status = 400
    response = page.goto(path)
    assert response.status == 400
    assert message in page.page.inner_text("[role=alert]")
    assert page.errors == []
