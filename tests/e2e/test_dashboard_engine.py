"""The engine's page, /engine: tiles, the case queue (assign, resolve, close, reopen) and the live
signals feed (server-sent events), in process over HTTP and in a real headless Chromium."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from cxloop.api import create_app
from cxloop.client import LocalClient
from cxloop.loop.cases import signals_since
from tests.e2e._cli import copy_workspace, cx
from tests.e2e.test_server import Server

HX = {"HX-Request": "true"}
COMPLAINT = "this is the worst service, terrible"


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo world, built once; tests work on copies."""
    ws = tmp_path_factory.mktemp("engine") / "demo"
    run = cx("demo", "--workspace", str(ws), "--customers", "300", "--days", "20", "--seed", "1", "--no-serve")
    assert run.returncode == 0, run.stderr
    return ws


def quiet_customer(local: LocalClient) -> str:
    """A demo customer with no upset or public complaint open: a negative post opens both."""
    rows = local.store.query(
        "SELECT customer_id FROM customers WHERE customer_id NOT IN"
        " (SELECT customer_id FROM signals WHERE name IN ('upset', 'public_complaint')) ORDER BY customer_id LIMIT 1"
    ).to_pylist()
    assert rows, "the demo world has no customer without an upset signal"
    return str(rows[0]["customer_id"])


def complaint(customer_id: str, n: int) -> dict[str, Any]:
    return {"event_id": f"engine-e2e-{n}", "customer_id": customer_id, "type": "social.posted", "channel": "social",
            "occurred_at": datetime.now(tz=UTC).isoformat(), "text": COMPLAINT}  # fmt: skip


# -- in process: the routes over HTTP ---------------------------------------------------------------


@pytest.fixture
def served(demo_ws: Path, tmp_path: Path) -> Iterator[tuple[TestClient, LocalClient]]:
    with LocalClient(copy_workspace(demo_ws, tmp_path / "ws")) as local, \
            TestClient(create_app(local, timers=None), raise_server_exceptions=False) as http:  # fmt: skip
        yield http, local


def row_of(html: str, case_id: str) -> str:
    found = re.search(rf'<tr id="case-{case_id}".*?</tr>', html, re.DOTALL)
    assert found, f"no row for case {case_id}"
    return found.group(0)


def by_status(local: LocalClient, table: str) -> dict[str, int]:
    rows = local.store.query(f"SELECT status, count(*) AS n FROM {table} GROUP BY status").to_pylist()
    return {r["status"]: r["n"] for r in rows}


def tile(html: str, name: str) -> int:
    found = re.search(rf'data-tile="{name}">([\d,]+)<', html)
    assert found, f"no tile {name}"
    return int(found.group(1).replace(",", ""))


def sse(text: str) -> list[dict[str, Any]]:
    return [json.loads(line[len("data: ") :]) for line in text.splitlines() if line.startswith("data: ")]


def test_page_lists_the_active_queue_with_its_tiles(served: tuple[TestClient, LocalClient]) -> None:
    http, local = served
    active = local.cases(status="active", limit=1000)
    assert 5 <= len(active) < 200  # the demo opens cases; all fit on the page
    page = http.get("/engine")
    assert page.status_code == 200
    assert '<a href="/engine" aria-current="page">Cases &amp; signals</a>' in page.text
    assert re.findall(r'<tr id="case-(\w+)"', page.text) == [c["case_id"] for c in active]  # due first
    statuses = by_status(local, "cases")
    assert tile(page.text, "active") == statuses.get("open", 0) + statuses.get("in_progress", 0) == len(active)
    escalated = [c for c in active if c["escalated_at"]]
    assert tile(page.text, "escalated") == len(escalated) > 0
    now = datetime.now(tz=UTC)
    overdue = [c for c in active if datetime.fromisoformat(c["due_at"]) < now]
    assert tile(page.text, "overdue") == len(overdue)
    invitations = by_status(local, "invitations")
    assert tile(page.text, "invitations-sent") == invitations.get("sent", 0) > 0
    assert tile(page.text, "invitations-suppressed") == invitations.get("suppressed", 0)
    assert tile(page.text, "invitations-answered") == invitations.get("answered", 0)
    for case in active:
        row = row_of(page.text, case["case_id"])
        assert ("escalated" in row.split(">")[0]) == bool(case["escalated_at"])
        assert f'href="/engine/decisions/{case["decision_id"]}"' in row
        assert case["case_type"] in row and case["owner"] in row
    # The feed starts with the newest signal changes, newest first.
    newest = signals_since(local.store, None, limit=30)
    first = re.search(r'<li data-signal="(\w+)" data-change="(\w+)">.*?class="customer">([^<]+)<', page.text, re.DOTALL)
    assert first and (first.group(1), first.group(2), first.group(3)) == (
        newest[-1]["name"], newest[-1]["change"], newest[-1]["customer_id"])  # fmt: skip

    owner = active[0]["owner"]
    mine = http.get("/engine", params={"owner": owner, "status": "active"})
    assert re.findall(r'<tr id="case-(\w+)"', mine.text) == [c["case_id"] for c in active if c["owner"] == owner]
    nothing = http.get("/engine", params={"owner": "no such team"})
    assert nothing.status_code == 200 and 'id="queue-empty"' in nothing.text
    bad = http.get("/engine", params={"status": "pending"})
    assert bad.status_code == 400
    assert "status: &#39;pending&#39; is not one of active, open, in_progress, resolved, closed" in bad.text


def test_signal_stream_sends_data_lines_and_resumes_from_its_cursor(served: tuple[TestClient, LocalClient]) -> None:
    http, local = served
    answer = http.get("/engine/signals/stream", params={"once": "1"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    sent = sse(answer.text)
    expected = signals_since(local.store, None, limit=200)
    assert [s["signal_key"] for s in sent] == [s["signal_key"] for s in expected] and sent
    assert set(sent[0]) >= {"customer_id", "name", "change", "changed_at", "event_id", "reason", "recorded_at"}
    ids = [line[4:] for line in answer.text.splitlines() if line.startswith("id: ")]
    assert ids == [s["recorded_at"] for s in sent]
    cursor = ids[-1]
    assert sse(http.get("/engine/signals/stream", params={"once": "1", "since": cursor}).text) == []

    customer = quiet_customer(local)
    secret = local.create_key("t", ("ingest",))["secret"]
    posted = http.post("/v1/events", json=[complaint(customer, 1)], headers={"Authorization": f"Bearer {secret}"})
    assert posted.json()["accepted"] == 1
    # An EventSource reconnecting sends its last id in Last-Event-ID instead of ?since=.
    # It repeats the page's ?since= too: the id it saw last wins.
    resumed = http.get("/engine/signals/stream", params={"once": "1", "since": "2000-01-01T00:00:00+00:00"},
                       headers={"Last-Event-ID": cursor})  # fmt: skip
    fresh = sse(resumed.text)
    assert {(s["customer_id"], s["name"], s["change"]) for s in fresh} >= {
        (customer, "upset", "opened"), (customer, "public_complaint", "opened")}  # fmt: skip
    assert all(s["recorded_at"] > cursor for s in fresh)
    bad = http.get("/engine/signals/stream", params={"since": "yesterday"})
    assert bad.status_code == 400 and "since: 'yesterday' is not an ISO 8601 time" in bad.text


def test_case_actions_change_the_row_in_place(served: tuple[TestClient, LocalClient]) -> None:
    http, local = served
    case = next(c for c in local.cases(status="open") if not c["assignee"])
    base = f"/engine/cases/{case['case_id']}"

    refused = http.post(f"{base}/resolve", data={"root_cause": "", "outcome": "refund"}, headers=HX)
    assert refused.status_code == 400
    assert "root_cause and outcome: both are required to resolve a case" in refused.text
    assert 'data-status="open"' in refused.text  # the row, as it was, with its message
    assert case["case_id"] in {c["case_id"] for c in local.cases(status="open", limit=1000)}  # unchanged
    missing = http.post("/engine/cases/nope/assign", data={"assignee": "Ana"}, headers=HX)
    assert missing.status_code == 404 and "no case &#39;nope&#39;" in missing.text
    assert http.post(f"{base}/frobnicate", data={}, headers=HX).status_code == 404
    blank = http.post(f"{base}/assign", data={"assignee": "  "}, headers=HX)
    assert blank.status_code == 400 and "assignee: give the name" in blank.text

    assigned = http.post(f"{base}/assign", data={"assignee": "Ana <script>x</script>"}, headers=HX)
    assert assigned.status_code == 200 and assigned.headers["HX-Trigger"] == "cases-changed"
    assert 'data-status="in_progress"' in assigned.text
    assert "Ana &lt;script&gt;x&lt;/script&gt;" in assigned.text and "<script>x" not in assigned.text
    stored = next(c for c in local.cases(status="in_progress") if c["case_id"] == case["case_id"])
    assert stored["assignee"] == "Ana <script>x</script>"

    resolved = http.post(f"{base}/resolve", data={"root_cause": "courier lost the parcel", "outcome": "refunded"},
                         headers=HX)  # fmt: skip
    assert resolved.status_code == 200 and 'data-status="resolved"' in resolved.text
    assert "no longer active" in resolved.text
    queue = http.get("/engine").text
    assert f'id="case-{case["case_id"]}"' not in queue
    assert f'id="case-{case["case_id"]}"' in http.get("/engine", params={"status": "resolved"}).text
    stored = local.cases(status="resolved")[0]
    assert (stored["root_cause"], stored["outcome"]) == ("courier lost the parcel", "refunded")

    assert 'data-status="closed"' in http.post(f"{base}/close", data={}, headers=HX).text
    final = http.post(f"{base}/reopen", data={}, headers=HX)
    assert final.status_code == 400
    assert "status: a case that is closed can move to nothing (a closed case is final), not in_progress" in unescape(
        final.text)  # fmt: skip

    # Without htmx (no JavaScript) a form post goes back to the queue, keeping its filters.
    other = local.cases(status="open")[0]
    plain = http.post(f"/engine/cases/{other['case_id']}/assign?owner={other['owner']}&status=active",
                      data={"assignee": "Bo"}, follow_redirects=False)  # fmt: skip
    assert plain.status_code == 303 and plain.headers["location"] == f"/engine?owner={other['owner']}&status=active"
    page = http.post(f"/engine/cases/{other['case_id']}/resolve", data={"root_cause": "x"})
    assert page.status_code == 400 and 'role="alert"' in page.text and "both are required" in page.text


def test_decision_page_explains_the_case(served: tuple[TestClient, LocalClient]) -> None:
    http, local = served
    case = local.cases(status="active")[0]
    decision = local.explain(case["decision_id"])
    page = http.get(f"/engine/decisions/{case['decision_id']}")
    assert page.status_code == 200
    assert unescape(decision["explanation"]) in unescape(page.text)
    assert all(r["rule"] in page.text for r in decision["considered"])
    assert f"{case['case_type']} ({case['status']})" in page.text
    missing = http.get("/engine/decisions/nope")
    assert missing.status_code == 404 and "no decision &#39;nope&#39;" in missing.text


# -- in Chromium: `cxloop serve` on the demo world --------------------------------------------------


@pytest.fixture(scope="module")
def engine_server(demo_ws: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str, str]]:
    """The demo served by `cxloop serve`, an ingest/read key, and a customer with no upset signal."""
    ws = copy_workspace(demo_ws, tmp_path_factory.mktemp("engine-served") / "demo")
    made = cx("keys", "create", "--name", "t", "--scopes", "ingest,read", "--workspace", str(ws), "--format", "json")
    assert made.returncode == 0, made.stderr
    with LocalClient(ws) as local:
        customer = quiet_customer(local)
    server = Server(ws)
    yield server, json.loads(made.stdout)["secret"], customer
    server.stop()


class Page:
    """A fresh page that records JavaScript errors and console errors (bar the 400 answers asked for)."""

    def __init__(self, browser: Any, base: str) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1200})
        self.base = base
        self.errors: list[str] = []
        self.expected_statuses: set[int] = set()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", self._console)

    def _console(self, msg: Any) -> None:
        if msg.type != "error":
            return
        if msg.text.startswith("Failed to load resource:") and any(
            f"status of {code} " in msg.text for code in self.expected_statuses
        ):
            return
        self.errors.append(msg.text)

    def shot(self, name: str, tmp_path: Path) -> None:
        folder = Path(os.environ.get("CXLOOP_SCREENSHOTS", tmp_path))
        self.page.screenshot(path=str(folder / name), full_page=True)


@pytest.fixture
def page(browser: Any, engine_server: tuple[Server, str, str]) -> Iterator[Page]:
    opened = Page(browser, engine_server[0].url)
    yield opened
    opened.page.close()


def api_cases(server: Server, secret: str, status: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"{server.url}/v1/cases", params={"status": status, "limit": 1000},
                       headers={"Authorization": f"Bearer {secret}"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()["rows"]
    return rows


@pytest.mark.browser
def test_assign_and_resolve_a_case_in_the_browser(
    page: Page, engine_server: tuple[Server, str, str], tmp_path: Path
) -> None:
    server, secret, _ = engine_server
    p = page.page
    assert p.goto(server.url + "/engine").status == 200
    assert p.inner_text("nav a[aria-current=page]") == "Cases & signals"
    active = api_cases(server, secret, "active")
    rows = p.eval_on_selector_all("#case-queue tbody tr", "rows => rows.map(r => r.dataset.case)")
    assert rows == [c["case_id"] for c in active] and rows
    assert p.inner_text("[data-tile=active]") == str(len(active))
    # The queue fits beside the feed without a sideways scroll at this width.
    assert p.eval_on_selector(".table-wrap", "el => el.scrollWidth <= el.clientWidth")
    case = next(c for c in active if c["status"] == "open")
    row = f"#case-{case['case_id']}"
    assert p.inner_text(f"{row} [data-field=status]") == "open"
    assert ("escalated" in p.inner_text(f"{row} td.due")) == bool(case["escalated_at"])

    # Why was this case opened? The decision behind it, explained.
    with p.expect_navigation():
        p.click(f"{row} a.why")
    assert p.url.endswith(f"/engine/decisions/{case['decision_id']}")
    assert case["trigger"].split(":")[0] in p.inner_text("#decision h2")
    assert p.locator("#actions tbody tr").count() >= 1
    p.go_back()
    p.wait_for_selector(row)

    p.fill(f"{row} form.assign input[name=assignee]", "Ana")
    p.click(f"{row} form.assign button")
    p.wait_for_selector(f"{row}[data-status=in_progress]", timeout=10_000)
    assert p.inner_text(f"{row} [data-field=assignee]") == "Ana"
    assert p.inner_text(f"{row} [data-field=status]") == "in_progress"
    assert next(c for c in api_cases(server, secret, "in_progress") if c["case_id"] == case["case_id"])["assignee"] \
        == "Ana"  # fmt: skip

    # The browser will not send the form without both fields; the server refuses it too, shown in the row.
    p.click(f"{row} details.resolve summary")
    p.eval_on_selector(f"{row} details.resolve form", "f => { f.noValidate = true; }")
    page.expected_statuses.add(400)
    with p.expect_response(lambda r: "/resolve" in r.url and r.status == 400):
        p.click(f"{row} details.resolve button")
    p.wait_for_selector(f"{row} .row-error", timeout=10_000)
    assert p.inner_text(f"{row} .row-error") == "root_cause and outcome: both are required to resolve a case"
    assert p.inner_text(f"{row} [data-field=status]") == "in_progress"

    p.click(f"{row} details.resolve summary")
    p.fill(f"{row} input[name=root_cause]", "parcel left at the wrong address")
    p.fill(f"{row} input[name=outcome]", "re-delivered, apology sent")
    p.click(f"{row} details.resolve button")
    p.wait_for_selector(f"{row}[data-status=resolved]", timeout=10_000)
    assert p.locator(f"{row} .row-error").count() == 0
    assert "no longer active" in p.inner_text(row)
    p.wait_for_function(f"() => document.querySelector('[data-tile=active]').innerText === '{len(active) - 1}'",
                        timeout=10_000)  # fmt: skip  # the tiles refresh after the change
    page.shot("engine-resolved.png", tmp_path)

    resolved = next(c for c in api_cases(server, secret, "resolved") if c["case_id"] == case["case_id"])
    assert (resolved["root_cause"], resolved["outcome"]) == (
        "parcel left at the wrong address",
        "re-delivered, apology sent",
    )
    p.reload()
    p.wait_for_selector("#case-queue")
    assert p.locator(row).count() == 0  # left the active queue
    assert len(p.eval_on_selector_all("#case-queue tbody tr", "rows => rows")) == len(active) - 1
    p.select_option("select[name=status]", "resolved")
    with p.expect_navigation():
        p.click("form.controls button[type=submit]")
    assert "status=resolved" in p.url
    assert p.inner_text(f"{row} [data-field=status]") == "resolved"
    assert page.errors == []


@pytest.mark.browser
def test_live_feed_shows_a_new_signal(page: Page, engine_server: tuple[Server, str, str], tmp_path: Path) -> None:
    server, secret, customer = engine_server
    p = page.page
    p.goto(server.url + "/engine")
    p.wait_for_selector("#feed-state[data-state=live]", timeout=10_000)
    before = p.locator("#signal-feed li").count()
    assert before > 0  # the newest changes of the demo world
    assert p.locator(f"#signal-feed li:has(.customer:text-is('{customer}'))").count() == 0

    answer = httpx.post(f"{server.url}/v1/events", json=[complaint(customer, 2)],
                        headers={"Authorization": f"Bearer {secret}"})  # fmt: skip
    assert answer.status_code == 200 and answer.json()["accepted"] == 1, answer.text
    mine = f"#signal-feed li:has(.customer:text-is('{customer}'))"
    p.wait_for_selector(f"{mine}[data-signal=public_complaint][data-change=opened]", timeout=10_000)
    p.wait_for_selector(f"{mine}[data-signal=upset][data-change=opened]", timeout=10_000)
    # Prepended: the new changes are at the top, each once.
    top = p.eval_on_selector_all(
        "#signal-feed li",
        "items => items.slice(0, 2).map(li => [li.dataset.signal, li.querySelector('.customer').innerText])",
    )
    assert sorted(top) == sorted([["public_complaint", customer], ["upset", customer]])
    assert p.locator("#signal-feed li").count() == before + 2
    assert p.inner_text(f"{mine}[data-signal=public_complaint] .reason") == "social.posted (engine-e2e-2)"
    page.shot("engine-live.png", tmp_path)
    assert page.errors == []
