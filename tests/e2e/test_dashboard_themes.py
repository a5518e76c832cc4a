"""The themes page, /themes: taxonomy themes with volume, share negative, weekly trend, touchpoints and
example verbatims in their own language and direction, plus discovered themes; in process over HTTP
and in a real headless Chromium."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from cxloop.api import create_app
from cxloop.client import LocalClient
from tests.e2e._cli import copy_workspace, cx
from tests.e2e.test_server import Server

#: Arabic texts the taxonomy tags (delivery, speed, price, staff), and one that tries to break out of its element.
ARABIC = (
    "تأخر التوصيل كثيرا ولم يصل الطلب",
    "السعر غالي جدا مقارنة بالمنافسين",
    "الموظف كان لطيفا والخدمة ممتازة",
)
HOSTILE = "delivery <script>alert('x')</script> & late"


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo world with a few extra Arabic texts (and one hostile one), built once; tests work on copies."""
    ws = tmp_path_factory.mktemp("themes") / "demo"
    run = cx("demo", "--workspace", str(ws), "--customers", "300", "--days", "20", "--seed", "1", "--no-serve")
    assert run.returncode == 0, run.stderr
    with LocalClient(ws) as local:
        customer = str(local.store.query("SELECT customer_id FROM customers ORDER BY customer_id LIMIT 1")
                       .to_pylist()[0]["customer_id"])  # fmt: skip
        now = datetime.now(tz=UTC)
        events: list[dict[str, Any]] = [
            {"event_id": f"themes-ar-{i}", "customer_id": customer, "type": "email.received", "channel": "email",
             "touchpoint": "support_email", "occurred_at": (now - timedelta(hours=i + 1)).isoformat(), "text": text}
            for i, text in enumerate(ARABIC)
        ]  # fmt: skip
        events.append({"event_id": "themes-hostile", "customer_id": customer, "type": "social.posted",
                       "channel": "social", "touchpoint": "social", "text": HOSTILE,
                       "occurred_at": (now - timedelta(days=2)).isoformat()})  # fmt: skip
        # Outside the default period (90 days): never counted there.
        events.append({"event_id": "themes-old", "customer_id": customer, "type": "email.received",
                       "touchpoint": "support_email", "occurred_at": (now - timedelta(days=200)).isoformat(),
                       "text": "the delivery was late again"})  # fmt: skip
        assert local.ingest(events).accepted == len(events)
    (ws / ".cxloop" / "server.json").unlink(missing_ok=True)
    return ws


@pytest.fixture
def served(demo_ws: Path, tmp_path: Path) -> Iterator[tuple[TestClient, LocalClient]]:
    with LocalClient(copy_workspace(demo_ws, tmp_path / "ws")) as local, \
            TestClient(create_app(local, timers=None), raise_server_exceptions=False) as http:  # fmt: skip
        yield http, local


def direct_counts(local: LocalClient, days: int = 90, **only: str) -> tuple[Counter[str], Counter[str], int]:
    """Texts per theme, negative texts per theme, and all texts, counted straight from the events table."""
    since = datetime.now(tz=UTC) - timedelta(days=days)
    rows = local.store.query(
        "SELECT touchpoint, CAST(properties AS TEXT) AS p FROM events WHERE text IS NOT NULL AND occurred_at >= ?",
        (since,),
    ).to_pylist()
    volume: Counter[str] = Counter()
    negative: Counter[str] = Counter()
    texts = 0
    for row in rows:
        props = orjson.loads(row["p"])
        if "touchpoint" in only and row["touchpoint"] != only["touchpoint"]:
            continue
        if "language" in only and props.get("text_language") != only["language"]:
            continue
        texts += 1
        for theme in props.get("text_themes") or []:
            volume[theme] += 1
            negative[theme] += bool(props.get("text_negative"))
    return volume, negative, texts


def page_rows(html: str) -> dict[str, tuple[int, str]]:
    """Theme -> (texts, share negative) as the page shows them."""
    found = re.findall(
        r'<tr data-theme="([^"]+)">.*?data-field="volume">([\d,]+)<.*?data-field="negative"[^>]*>(\d+)%<',
        html,
        re.DOTALL,
    )
    return {name: (int(n.replace(",", "")), share) for name, n, share in found}


def test_volumes_match_a_direct_count(served: tuple[TestClient, LocalClient]) -> None:
    http, local = served
    page = http.get("/themes")
    assert page.status_code == 200
    assert '<a href="/themes" aria-current="page">Themes</a>' in page.text
    volume, negative, texts = direct_counts(local)
    assert len(volume) >= 3 and {"delivery", "price", "staff"} <= set(volume)
    rows = page_rows(page.text)
    assert {k: v[0] for k, v in rows.items()} == dict(volume)
    assert {k: v[1] for k, v in rows.items()} == {k: f"{100 * negative[k] / volume[k]:.0f}" for k in volume}
    assert list(rows) == sorted(volume, key=lambda k: (-volume[k], k))  # the biggest first
    assert re.search(r'data-field="texts">([\d,]+)<', page.text).group(1) == f"{texts:,}"  # type: ignore[union-attr]
    # The weekly counts add up to the volume; the touchpoints link to the page filtered by them.
    for name, (n, _) in rows.items():
        row = re.search(rf'<tr data-theme="{name}">.*?</tr>', page.text, re.DOTALL).group(0)  # type: ignore[union-attr]
        weeks = re.search(r'data-weeks="([\d,]+)"', row).group(1)  # type: ignore[union-attr]
        assert sum(int(w) for w in weeks.split(",")) == n
        assert len(weeks.split(",")) in (13, 14, 15)  # about 90 days of weeks
        assert 1 <= row.count('<li class="verbatim') <= 3
    # The last 7 days and one touchpoint: counted the same way.
    filtered = http.get("/themes", params={"period": "7d", "touchpoint": "support_email"})
    assert filtered.status_code == 200
    volume, _, _ = direct_counts(local, days=7, touchpoint="support_email")
    assert {k: v[0] for k, v in page_rows(filtered.text).items()} == dict(volume)
    assert 'value="support_email" selected' in filtered.text
    # The old text counts only in a year.
    year = page_rows(http.get("/themes", params={"period": "365d"}).text)
    assert (
        year["delivery"][0] == direct_counts(local, days=365)[0]["delivery"] == page_rows(page.text)["delivery"][0] + 1
    )


def test_verbatims_keep_their_language_and_direction(served: tuple[TestClient, LocalClient]) -> None:
    http, local = served
    page = http.get("/themes")
    for text in ARABIC[:2]:  # the newest of their themes
        assert f'<p class="text" lang="ar" dir="rtl">{text}</p>' in page.text
    english = re.findall(r'<p class="text" lang="en" dir="(\w+)">', page.text)
    assert english and set(english) == {"auto"}
    assert all(d in ("rtl", "auto") for d in re.findall(r'class="text"[^>]* dir="(\w+)"', page.text))
    # Escaped, never markup.
    assert "<script>alert" not in page.text
    assert "delivery &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; late" in page.text

    arabic = http.get("/themes", params={"language": "ar"})
    assert arabic.status_code == 200
    langs = set(re.findall(r'<p class="text"(?: lang="(\w+)")? dir=', arabic.text))
    assert langs == {"ar"}
    volume, _, _ = direct_counts(local, language="ar")
    assert {k: v[0] for k, v in page_rows(arabic.text).items()} == dict(volume) and volume

    # Discovered themes: labelled clusters whose sizes add up to the texts with usable terms.
    assert 'id="discovered"' in page.text
    sizes = [int(n) for n in re.findall(r'data-field="size">(\d+)<', page.text)]
    assert len(sizes) >= 2 and sum(sizes) <= int(re.search(r'data-field="texts">(\d+)<', page.text).group(1))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "forever"}, "period: &#39;forever&#39; is not a number of days"),
        ({"period": "0d"}, "period: &#39;0d&#39; is not a number of days"),
        ({"touchpoint": "nowhere"}, "touchpoint: &#39;nowhere&#39; has no texts; use one of"),
        ({"segment": "martians"}, "segment: &#39;martians&#39; is not a customer segment; use one of"),
        ({"language": "arabic"}, "language: &#39;arabic&#39; is not an ISO 639-1 code"),
        ({"language": "<b>"}, "language: &#39;&lt;b&gt;&#39; is not an ISO 639-1 code"),
    ],
)
def test_bad_filters_are_explained(
    served: tuple[TestClient, LocalClient], params: dict[str, str], message: str
) -> None:
    http, _ = served
    answer = http.get("/themes", params=params)
    assert answer.status_code == 400
    assert 'role="alert"' in answer.text and message in answer.text


def test_segment_filter_and_empty_results(served: tuple[TestClient, LocalClient]) -> None:
    http, local = served
    segments = local.store.query(
        "SELECT customer_id, CAST(value AS TEXT) AS value FROM attributes"
        " WHERE kind = 'descriptive' AND name = 'segment'"
    ).to_pylist()
    by_segment = {str(r["customer_id"]): orjson.loads(r["value"]) for r in segments}
    since = datetime.now(tz=UTC) - timedelta(days=90)
    rows = local.store.query(
        "SELECT customer_id, CAST(properties AS TEXT) AS p FROM events WHERE text IS NOT NULL AND occurred_at >= ?",
        (since,),
    ).to_pylist()
    segment = Counter(by_segment.get(r["customer_id"]) for r in rows).most_common(1)[0][0]
    expected: Counter[str] = Counter()
    for row in rows:
        if by_segment.get(row["customer_id"]) == segment:
            expected.update(orjson.loads(row["p"]).get("text_themes") or [])
    page = http.get("/themes", params={"segment": segment})
    assert page.status_code == 200
    assert {k: v[0] for k, v in page_rows(page.text).items()} == dict(expected)
    none = http.get("/themes", params={"language": "zu"})
    assert none.status_code == 200 and 'id="themes-empty"' in none.text and 'id="discovered-empty"' in none.text


# -- in Chromium: `cxloop serve` on the demo world --------------------------------------------------


@pytest.fixture(scope="module")
def themes_server(demo_ws: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(copy_workspace(demo_ws, tmp_path_factory.mktemp("themes-served") / "demo"))
    yield server
    server.stop()


@pytest.mark.browser
def test_themes_page_in_the_browser(browser: Any, themes_server: Server, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        assert page.goto(themes_server.url + "/themes").status == 200
        assert page.inner_text("nav a[aria-current=page]") == "Themes"
        themes = page.eval_on_selector_all("#themes tbody tr", "rows => rows.map(r => r.dataset.theme)")
        assert len(themes) >= 3 and "delivery" in themes
        # Every theme's sparkline is drawn by Plotly.
        page.wait_for_function("() => document.querySelectorAll('#themes .spark .main-svg').length"
                               f" >= {len(themes)}", timeout=10_000)  # fmt: skip
        arabic = page.locator("#themes .verbatim .text[lang=ar]").first
        assert arabic.get_attribute("dir") == "rtl"
        assert arabic.inner_text() in ARABIC
        assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
        # Right to left: the text starts at the right edge of its box.
        assert arabic.evaluate(
            "el => { const r = document.createRange(); r.selectNodeContents(el);"
            " const box = el.getBoundingClientRect(), text = r.getBoundingClientRect();"
            " return box.right - text.right < 2 && text.left - box.left > 2; }"
        )
        english = page.locator("#themes .verbatim .text[lang=en]").first
        assert english.get_attribute("dir") == "auto"
        assert english.evaluate("el => getComputedStyle(el).direction") == "ltr"
        assert page.locator("#discovered tbody tr").count() >= 2
        assert page.locator("script:text('alert')").count() == 0  # the hostile text stays text

        # Filter by language in the form: only Arabic verbatims remain.
        page.fill("input[name=language]", "ar")
        with page.expect_navigation():
            page.click("form.controls button[type=submit]")
        assert "language=ar" in page.url
        langs = page.eval_on_selector_all(".verbatim .text", "els => [...new Set(els.map(e => e.lang))]")
        assert langs == ["ar"]
        folder = Path(os.environ.get("CXLOOP_SCREENSHOTS", tmp_path))
        page.screenshot(path=str(folder / "themes-arabic.png"), full_page=True)

        # A bad filter: a clear message, not an error page.
        answer = page.goto(themes_server.url + "/themes?period=soon")
        assert answer.status == 400
        assert "period: 'soon' is not a number of days" in page.inner_text("[role=alert]")
        errors[:] = [e for e in errors if not (e.startswith("Failed to load resource:") and "400" in e)]
        assert errors == []
    finally:
        page.close()
