"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import chromium_path
from tests.e2e._cli import cx
from tests.e2e.test_server import Server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    ws = tmp_path_factory.mktemp("browser") / "demo"
    run = cx("demo", "--workspace", str(ws), "--customers", "400", "--days", "60", "--seed", "3", "--no-serve")
    assert run.returncode == 0, run.stderr
    server = Server(ws)
    yield server
    server.stop()


def test_dashboard_shows_the_demo_world(demo_server: Server, tmp_path: Path) -> None:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--headless=new"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(demo_server.url + "/")
            page.wait_for_selector("#nps-chart .main-svg", timeout=20_000)
            page.wait_for_selector("#events-chart .main-svg", timeout=20_000)
            events = int(page.inner_text("[data-metric=events]").replace(",", ""))
            customers = int(page.inner_text("[data-metric=customers]").replace(",", ""))
            assert events > 1_000
            assert 300 <= customers <= 440  # guests who never log in stay separate profiles
            nps = float(page.inner_text("[data-metric=nps]"))
            assert -100 <= nps <= 100
            # The NPS chart has a CI band and a line with one point per week that has answers.
            points = page.eval_on_selector("#nps-chart", "el => el.data[1].x.length")
            assert points >= 6
            bars = page.eval_on_selector("#events-chart", "el => el.data[0].y.reduce((a, b) => a + b, 0)")
            assert bars == events
            # htmx refreshes the counts fragment in place.
            with page.expect_response(lambda r: r.url.endswith("/fragments/counts")):
                page.evaluate("htmx.ajax('GET', '/fragments/counts', {target: '#counts', swap: 'outerHTML'})")
            assert page.inner_text("[data-metric=events]").replace(",", "") == str(events)
            page.screenshot(
                path=str(Path(os.environ.get("CXLOOP_SCREENSHOTS", tmp_path)) / "dashboard.png"),
                full_page=True,
            )
            assert errors == []
        finally:
            browser.close()
