"""The data behind ``/themes``: taxonomy themes of recent texts (volume, share negative, weekly trend,
touchpoints, segments, example verbatims) and themes discovered by clustering the same texts.

Everything is read with portable SQL (DuckDB and PostgreSQL): the ``text_*`` properties that ingest
adds are decoded in Python from ``CAST(properties AS TEXT)``. At most ``MAX_TEXTS`` texts are read,
the newest first, so the page stays quick on a large workspace; the page says when it was capped.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson

from cxloop.client import LocalClient
from cxloop.errors import ValidationError
from cxloop.text import ThemeDiscovery, discover_themes

__all__ = [
    "DEFAULT_PERIOD",
    "MAX_DISCOVERY",
    "MAX_TEXTS",
    "PERIOD_CHOICES",
    "RTL_LANGUAGES",
    "ThemeFilters",
    "ThemeRow",
    "ThemesView",
    "direction_of",
    "parse_filters",
    "themes_view",
]

#: The newest texts read for the taxonomy table, and of those, for discovery.
MAX_TEXTS = 20_000
MAX_DISCOVERY = 2_000
EXAMPLES = 3
TOP_GROUPS = 3
PERIOD_CHOICES = ("7d", "30d", "90d", "180d", "365d")
DEFAULT_PERIOD = "90d"
MAX_DAYS = 3650
#: Languages written right to left (ISO 639-1): their verbatims get ``dir="rtl"``.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ku"})
_PERIOD = re.compile(r"^(\d{1,4})\s*d?$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_NONE = "(none)"
#: Discovery is a pure function of its texts: the last few results are kept, so a reload is quick.
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()
_DISCOVERIES: dict[tuple[tuple[str, int], ...], ThemeDiscovery] = {}


@dataclass(frozen=True)
class ThemeFilters:
    period: str
    days: int
    touchpoint: str | None
    segment: str | None
    language: str | None

    def query(self, **changes: str | None) -> dict[str, str]:
        """These filters as query parameters (blank ones left out), with ``changes`` applied."""
        now = {"period": self.period, "touchpoint": self.touchpoint, "segment": self.segment,
               "language": self.language}  # fmt: skip
        now.update(changes)
        return {k: v for k, v in now.items() if v}


@dataclass
class Verbatim:
    text: str
    language: str | None
    dir: str
    negative: bool
    touchpoint: str | None
    when: str


@dataclass
class ThemeRow:
    name: str
    volume: int = 0
    negative: int = 0
    weeks: list[int] = field(default_factory=list)
    touchpoints: list[tuple[str, int]] = field(default_factory=list)
    segments: list[tuple[str, int]] = field(default_factory=list)
    examples: list[Verbatim] = field(default_factory=list)

    @property
    def negative_share(self) -> float:
        return self.negative / self.volume if self.volume else 0.0

    def sparkline(self, weeks: list[str]) -> str:
        """A tiny Plotly bar chart of the weekly counts, as JSON safe to put in a ``<script>``."""
        fig = {
            "data": [{"type": "bar", "x": weeks, "y": self.weeks, "marker": {"color": "#3b6ea5"},
                      "hovertemplate": "week of %{x}: %{y}<extra></extra>"}],
            "layout": {"height": 44, "width": 180, "margin": {"l": 0, "r": 0, "t": 2, "b": 2}, "bargap": 0.15,
                       "xaxis": {"visible": False, "fixedrange": True},
                       "yaxis": {"visible": False, "fixedrange": True, "rangemode": "tozero"},
                       "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#f3f5f8", "showlegend": False},
        }  # fmt: skip
        return _script_json(fig)


@dataclass
class DiscoveredRow:
    id: int
    label: str
    terms: list[str]
    size: int
    examples: list[Verbatim]


@dataclass
class ThemesView:
    filters: ThemeFilters
    since: datetime
    texts: int
    capped: bool
    untagged: int
    weeks: list[str]
    themes: list[ThemeRow]
    discovered: list[DiscoveredRow]
    discovered_from: int
    languages: list[str]


def _script_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def direction_of(language: str | None) -> str:
    return "rtl" if language in RTL_LANGUAGES else "auto"


def _blank(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def touchpoints(client: LocalClient) -> list[str]:
    rows = client.store.query(
        "SELECT DISTINCT touchpoint FROM events WHERE text IS NOT NULL AND touchpoint IS NOT NULL ORDER BY touchpoint"
    ).to_pylist()
    return [str(r["touchpoint"]) for r in rows]


def segments(client: LocalClient) -> list[str]:
    rows = client.store.query(
        "SELECT DISTINCT CAST(value AS TEXT) AS value FROM attributes WHERE kind = 'descriptive' AND name = 'segment'"
    ).to_pylist()
    return sorted({v for r in rows if (v := _segment_value(r["value"])) is not None})


def _segment_value(raw: Any) -> str | None:
    if raw is None:
        return None
    try:
        value = orjson.loads(raw)
    except (TypeError, ValueError):
        return str(raw)
    return None if value is None else str(value)


def parse_filters(client: LocalClient, period: str | None, touchpoint: str | None, segment: str | None,
                  language: str | None) -> ThemeFilters:  # fmt: skip
    """Checked filters; a :class:`ValidationError` says which one is wrong and what would do."""
    chosen = _blank(period) or DEFAULT_PERIOD
    found = _PERIOD.match(chosen.lower())
    days = int(found.group(1)) if found else 0
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            f"period: {chosen!r} is not a number of days from 1 to {MAX_DAYS}, such as {', '.join(PERIOD_CHOICES)}"
        )
    tp, seg, lang = _blank(touchpoint), _blank(segment), _blank(language)
    if tp is not None:
        known = touchpoints(client)
        if tp not in known:
            raise ValidationError(f"touchpoint: {tp!r} has no texts; use one of {', '.join(known) or '(none yet)'}")
    if seg is not None:
        known = segments(client)
        if seg not in known:
            choices = ", ".join(known) or "(none yet)"
            raise ValidationError(f"segment: {seg!r} is not a customer segment; use one of {choices}")
    if lang is not None:
        lang = lang.lower()
        if not _LANGUAGE.match(lang):
            raise ValidationError(f"language: {language!r} is not an ISO 639-1 code of two letters, such as en or ar")
    return ThemeFilters(f"{days}d", days, tp, seg, lang)


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"not a time: {value!r}")
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _read(client: LocalClient, filters: ThemeFilters, since: datetime) -> list[dict[str, Any]]:
    sql = [
        "SELECT e.occurred_at, e.touchpoint, e.text, CAST(e.properties AS TEXT) AS p, CAST(a.value AS TEXT) AS seg",
        "FROM events e LEFT JOIN attributes a",
        " ON a.customer_id = e.customer_id AND a.kind = 'descriptive' AND a.name = 'segment'",
        "WHERE e.text IS NOT NULL AND e.occurred_at >= ?",
    ]
    params: list[Any] = [since]
    if filters.touchpoint is not None:
        sql.append("AND e.touchpoint = ?")
        params.append(filters.touchpoint)
    if filters.segment is not None:
        # JSON-encoded values; the exact match is checked again in Python.
        sql.append("AND CAST(a.value AS TEXT) LIKE ?")
        params.append(f"%{_like(filters.segment)}%")
    if filters.language is not None:
        # The JSON text of the properties, as DuckDB and PostgreSQL write it; checked again in Python.
        sql.append("AND (CAST(e.properties AS TEXT) LIKE ? OR CAST(e.properties AS TEXT) LIKE ?)")
        params += [f'%"text_language":"{filters.language}"%', f'%"text_language": "{filters.language}"%']
    sql.append(f"ORDER BY e.occurred_at DESC, e.event_id LIMIT {MAX_TEXTS + 1}")
    rows: list[dict[str, Any]] = client.store.query(" ".join(sql), params).to_pylist()
    return rows


def _like(value: str) -> str:
    return "".join("_" if ch in "%_\\" else ch for ch in value)


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP_GROUPS]


def themes_view(client: LocalClient, filters: ThemeFilters, *, now: datetime | None = None) -> ThemesView:
    now = now or datetime.now(tz=UTC)
    since = now - timedelta(days=filters.days)
    raw = _read(client, filters, since)
    capped = len(raw) > MAX_TEXTS
    texts: list[dict[str, Any]] = []
    for record in raw[:MAX_TEXTS]:
        try:
            props = orjson.loads(record["p"]) if record["p"] else {}
        except (TypeError, ValueError):
            props = {}
        if not isinstance(props, dict):
            props = {}
        language = props.get("text_language")
        language = language if isinstance(language, str) and _LANGUAGE.match(language) else None
        segment = _segment_value(record["seg"])
        if filters.language is not None and language != filters.language:
            continue
        if filters.segment is not None and segment != filters.segment:
            continue
        themes = props.get("text_themes")
        names = list(dict.fromkeys(t for t in themes if isinstance(t, str) and t)) if isinstance(themes, list) else []
        texts.append({"at": _as_datetime(record["occurred_at"]), "touchpoint": record["touchpoint"],
                      "text": str(record["text"]), "language": language, "segment": segment,
                      "negative": props.get("text_negative") is True, "themes": names})  # fmt: skip

    first = _monday(since.date())
    last = _monday(max([now, *(t["at"] for t in texts)]).date())
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    rows: dict[str, ThemeRow] = {}
    touch: dict[str, Counter[str]] = {}
    segs: dict[str, Counter[str]] = {}
    untagged = 0
    for text in texts:  # newest first: the first examples are the newest
        if not text["themes"]:
            untagged += 1
        week = (_monday(text["at"].date()) - first).days // 7
        for name in text["themes"]:
            row = rows.get(name)
            if row is None:
                row = rows[name] = ThemeRow(name, weeks=[0] * len(weeks))
                touch[name], segs[name] = Counter(), Counter()
            row.volume += 1
            row.negative += text["negative"]
            row.weeks[min(max(week, 0), len(weeks) - 1)] += 1
            touch[name][text["touchpoint"] or _NONE] += 1
            segs[name][text["segment"] or _NONE] += 1
            if len(row.examples) < EXAMPLES and all(v.text != text["text"] for v in row.examples):
                row.examples.append(_verbatim(text))
    for name, row in rows.items():
        row.touchpoints, row.segments = _top(touch[name]), _top(segs[name])
    ordered = sorted(rows.values(), key=lambda r: (-r.volume, r.name))

    sample = texts[:MAX_DISCOVERY]
    discovered = _discovered(sample)
    languages: set[str] = {t["language"] for t in texts if t["language"]}
    if filters.language is not None:
        languages.add(filters.language)
    return ThemesView(filters, since, len(texts), capped, untagged, [w.isoformat() for w in weeks], ordered,
                      discovered, len(sample), sorted(languages))  # fmt: skip


def _discovered(sample: list[dict[str, Any]]) -> list[DiscoveredRow]:
    """Themes discovered in the distinct texts of ``sample``; a theme's size counts repeated texts too."""
    first: dict[str, int] = {}
    repeats: Counter[str] = Counter()
    for i, text in enumerate(sample):
        first.setdefault(text["text"], i)
        repeats[text["text"]] += 1
    distinct = list(first)
    if len(distinct) < 2:
        return []
    key = tuple((t, repeats[t]) for t in distinct)
    with _CACHE_LOCK:
        found = _DISCOVERIES.get(key)
    if found is None:
        found = discover_themes(distinct, seed=0)
        with _CACHE_LOCK:
            while len(_DISCOVERIES) >= _CACHE_SIZE:
                _DISCOVERIES.pop(next(iter(_DISCOVERIES)))
            _DISCOVERIES[key] = found
    rows = [
        DiscoveredRow(d.id, d.label, d.terms, sum(repeats[t] for t, a in zip(distinct, found.assignments, strict=True)
                                                  if a == d.id),
                      [_verbatim(sample[first[distinct[i]]]) for i in d.examples])
        for d in found.themes
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-r.size, r.id))


def _verbatim(text: dict[str, Any]) -> Verbatim:
    language = text["language"]
    return Verbatim(text["text"], language, direction_of(language), text["negative"], text["touchpoint"],
                    text["at"].astimezone(UTC).strftime("%Y-%m-%d"))  # fmt: skip
