"""The demo world: determinism, valid events, declared names, and its documented truth."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import orjson
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.demo import TRUE_EFFECTS, WorldSpec, demo_workspace_yaml, generate_events
from cxloop.demo.catalog import LOCALES, offset_at
from cxloop.demo.phrases import PHRASES
from cxloop.errors import ValidationError
from cxloop.model import Event, parse_timestamp

SPEC = WorldSpec(customers=3000, days=180, seed=11)
RATINGS = ("rating_delivery", "rating_support", "rating_product", "rating_price", "rating_app")
KEYS = {
    "event_id", "customer_id", "identities", "type", "occurred_at", "touchpoint",
    "channel", "properties", "text", "source", "purpose",
}  # fmt: skip
OFFSETS = {
    "en": {"+00:00", "+01:00", "-05:00", "-04:00", "+10:00", "+11:00", "+08:00"},
    "zh": {"+08:00"},
    "ja": {"+09:00"},
    "th": {"+07:00"},
    "ar": {"+03:00", "+04:00"},
    "es": {"+01:00", "+02:00", "-05:00", "-06:00"},
}
SCRIPTS = {
    "th": re.compile(r"[\u0e00-\u0e7f]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "ja": re.compile(r"[\u3040-\u30ff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "es": re.compile(r"[A-Za-záéíóúñ]"),
    "en": re.compile(r"[A-Za-z]"),
}
LONG_WAIT = {"call.ended": 600, "chat.ended": 300, "email.replied": 86_400}


@pytest.fixture(scope="module")
def events() -> list[dict[str, Any]]:
    return list(generate_events(SPEC))


@pytest.fixture(scope="module")
def language_of(events: list[dict[str, Any]]) -> dict[str, str]:
    return {e["customer_id"]: e["properties"]["language"] for e in events if e["type"] == "customer.updated"}


@pytest.fixture(scope="module")
def by_id(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["event_id"]: e for e in events}


def _surveys(events: list[dict[str, Any]], kind: str | None = None) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == "survey.response" and kind in (None, e["properties"]["survey"])]


def _customer_index(event: dict[str, Any]) -> int:
    return int(event["event_id"].split("-")[1])


# -- determinism and shape --------------------------------------------------------------------------


def test_same_spec_gives_identical_bytes_and_another_seed_differs() -> None:
    spec = WorldSpec(customers=200, days=60, seed=3)
    first = orjson.dumps(list(generate_events(spec)))
    assert first == orjson.dumps(list(generate_events(WorldSpec(customers=200, days=60, seed=3))))
    assert first != orjson.dumps(list(generate_events(WorldSpec(customers=200, days=60, seed=4))))


def test_spec_is_validated() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        WorldSpec(end=datetime(2026, 6, 1))
    with pytest.raises(ValidationError, match="customers"):
        WorldSpec(customers=0)
    assert WorldSpec().start == datetime(2025, 12, 3, tzinfo=UTC)


def test_events_have_the_canonical_shape(events: list[dict[str, Any]]) -> None:
    start, end = SPEC.start, SPEC.end
    ids = [e["event_id"] for e in events]
    assert len(ids) == len(set(ids))
    for event in events:
        assert set(event) <= KEYS
        assert {"event_id", "type", "occurred_at", "source", "purpose"} <= set(event)
        assert "customer_id" in event or event.get("identities")
        assert re.fullmatch(r"[a-z]+(\.[a-z_]+)+", event["type"])
        stamp = event["occurred_at"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), stamp
        assert start <= parse_timestamp(stamp) < end
        for value in event.values():
            assert value not in (None, {}, "")


def test_events_validate_against_the_event_model() -> None:
    for event in generate_events(WorldSpec(customers=150, seed=5)):
        assert Event.model_validate(event).to_json_dict()["type"] == event["type"]


@settings(max_examples=15, deadline=None)
@given(customers=st.integers(1, 6), days=st.integers(1, 60), seed=st.integers(0, 2**31))
def test_any_small_world_stays_in_its_window(customers: int, days: int, seed: int) -> None:
    spec = WorldSpec(customers=customers, days=days, seed=seed, end=datetime(2026, 3, 29, 12, tzinfo=UTC))
    for event in generate_events(spec):
        assert spec.start <= parse_timestamp(event["occurred_at"]) < spec.end
        Event.model_validate(event)


def test_each_customers_events_are_in_time_order(events: list[dict[str, Any]]) -> None:
    last: dict[int, datetime] = {}
    for event in events:
        index, moment = _customer_index(event), parse_timestamp(event["occurred_at"])
        assert moment >= last.get(index, moment)
        last[index] = moment


def test_scores_and_ratings_are_in_range(events: list[dict[str, Any]]) -> None:
    surveys = _surveys(events)
    assert surveys
    for event in surveys:
        props = event["properties"]
        assert props["survey"] in {"relationship_nps", "post_delivery", "post_contact"}
        assert 0 <= props["nps"] <= 10
        assert 1 <= props.get("csat", 3) <= 5
        assert 1 <= props.get("ces", 4) <= 7
        for name in RATINGS:
            assert 1 <= props.get(name, 3) <= 5
            assert isinstance(props.get(name, 3), int)
    assert all("rating_support" in e["properties"] for e in _surveys(events, "post_contact"))
    assert any("rating_support" not in e["properties"] for e in surveys)


# -- names and the workspace ----------------------------------------------------------------------


def test_every_name_used_is_declared_in_the_workspace_yaml(events: list[dict[str, Any]]) -> None:
    config = yaml.safe_load(demo_workspace_yaml())
    assert config["version"] == 1
    assert config["workspace"]["timezone"] == "UTC"
    purposes = {p["name"] for p in config["purposes"]}
    assert {"service", "analytics", "cx_improvement"} <= purposes
    assert all(
        p["basis"] in {"contract", "consent", "legitimate_interest", "legal_obligation"} for p in config["purposes"]
    )
    sources = {s["name"]: s for s in config["sources"]}
    assert all(s["purpose"] in purposes for s in sources.values())
    assert all(s["kind"] in {"http", "file", "sdk", "connector", "survey", "social", "demo"} for s in sources.values())
    channels = {c["name"] for c in config["channels"]}
    assert all(c["kind"] in {"digital", "assisted", "physical", "social", "messaging"} for c in config["channels"])
    touchpoints = {t["name"] for t in config["touchpoints"]}
    assert all(t.get("channel", "web") in channels for t in config["touchpoints"])
    assert {config["defaults"]["source"], config["defaults"]["file_source"]} <= set(sources)
    segments = {s["name"] for s in config["segments"]}
    for event in events:
        assert event["source"] in sources
        assert event["purpose"] in purposes
        assert event.get("channel", "web") in channels
        assert event.get("touchpoint", "cart") in touchpoints
        if event["type"] == "customer.updated":
            assert event["properties"]["segment"] in segments
    used = {e["source"] for e in events}
    assert {"web_sdk", "app_sdk", "pos", "contact_center", "survey", "social_listening", "crm"} <= used


# -- customers, languages, identities --------------------------------------------------------------


def test_all_languages_appear_with_consistent_offsets_and_text(
    events: list[dict[str, Any]], language_of: dict[str, str]
) -> None:
    assert set(language_of.values()) == set(OFFSETS)
    phone_language = {
        e["identities"]["phone"]: e["properties"]["language"] for e in events if e["type"] == "customer.updated"
    }
    for event in events:
        language = language_of.get(event.get("customer_id", ""))
        if language is None and "phone" in event.get("identities", {}):
            language = phone_language[event["identities"]["phone"]]
        if language is None:
            continue
        assert event["occurred_at"][-6:] in OFFSETS[language], (language, event["occurred_at"])
        if "text" in event and "customer_id" in event:
            assert SCRIPTS[language].search(event["text"]), (language, event["text"])
    texts = Counter(language_of[e["customer_id"]] for e in _surveys(events) if "text" in e)
    assert set(texts) == set(OFFSETS)


def test_every_customer_starts_with_a_crm_update(events: list[dict[str, Any]]) -> None:
    first: dict[str, dict[str, Any]] = {}
    for event in events:
        if "customer_id" in event:
            first.setdefault(event["customer_id"], event)
    assert len(first) == SPEC.customers
    for event in first.values():
        assert event["type"] == "customer.updated"
        assert event["source"] == "crm"
        assert set(event["identities"]) == {"email", "phone"}
        traits = event["properties"]
        assert {"segment", "language", "country", "city", "timezone", "tier", "age_band"} <= set(traits)
    segments = Counter(e["properties"]["segment"] for e in first.values())
    assert set(segments) == {"new", "regular", "vip"}


def test_identity_material(events: list[dict[str, Any]]) -> None:
    known_emails = {e["identities"]["email"] for e in events if e["type"] == "customer.updated"}
    logged_in_devices = {
        e["identities"]["device_id"] for e in events if "customer_id" in e and "device_id" in e.get("identities", {})
    }
    guests: set[int] = set()
    for event in events:
        if event["type"] in {"contact.created", "call.ended"} and event["channel"] == "phone":
            assert "customer_id" not in event
            assert set(event["identities"]) == {"phone"}
        if event["type"] in {"email.received", "email.replied"}:
            assert "customer_id" not in event
            assert set(event["identities"]) == {"email"}
        if event["source"] in {"web_sdk", "app_sdk"} and event["type"] != "newsletter.subscribed":
            assert "device_id" in event["identities"]
        if "customer_id" not in event and event["source"] in {"web_sdk", "app_sdk"}:
            identity = event["identities"]
            assert identity.get("device_id") in logged_in_devices or identity.get("email") in known_emails
            guests.add(_customer_index(event))
    assert 0.01 * SPEC.customers <= len(guests) <= 0.08 * SPEC.customers


# -- plausible rates --------------------------------------------------------------------------------


def test_failures_and_responses_happen_at_plausible_rates(events: list[dict[str, Any]]) -> None:
    types = Counter(e["type"] for e in events)
    assert 15 <= len(events) / SPEC.customers <= 45
    online_paid = sum(1 for e in events if e["type"] == "order.paid" and e["channel"] != "store")
    assert 0.03 <= types["payment.failed"] / (types["payment.failed"] + online_paid) <= 0.15
    deliveries = [e["properties"] for e in events if e["type"] == "delivery.delivered"]
    late = [p for p in deliveries if p["late"]]
    assert all(p["delay_days"] > 0 for p in late)
    assert all(p["delay_days"] == 0 for p in deliveries if not p["late"])
    assert 0.05 <= len(late) / len(deliveries) <= 0.25
    ended = [e for e in events if e["type"] in LONG_WAIT]
    long_waits = sum(e["properties"]["wait_seconds"] > LONG_WAIT[e["type"]] for e in ended)
    assert 0.05 <= long_waits / len(ended) <= 0.3
    assert 0.55 <= np.mean([e["properties"]["resolved"] for e in ended]) <= 0.9
    assert 0.1 <= len(_surveys(events, "post_delivery")) / len(deliveries) <= 0.25
    assert 0.1 <= len(_surveys(events, "post_contact")) / len(ended) <= 0.3
    assert 0.1 <= len(_surveys(events, "relationship_nps")) / SPEC.customers <= 0.25
    assert 0.02 <= types["return.requested"] / len(deliveries) <= 0.15
    posts = [e for e in events if e["type"] == "social.posted"]
    assert posts
    assert all(e["properties"]["public"] is True and e["channel"] == "social" for e in posts)


def test_repeat_contacts_are_about_the_same_topic(events: list[dict[str, Any]]) -> None:
    contacts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        if event["type"] in {"contact.created", "email.received"}:
            contacts[_customer_index(event)].append(event)
    repeats = 0
    for items in contacts.values():
        for before, after in itertools.pairwise(items):
            gap = parse_timestamp(after["occurred_at"]) - parse_timestamp(before["occurred_at"])
            if gap <= timedelta(days=4) and before["properties"]["topic"] == after["properties"]["topic"]:
                repeats += 1
    assert repeats >= 0.1 * sum(len(items) for items in contacts.values())


# -- the documented truth ---------------------------------------------------------------------------


def test_true_effects_are_documented() -> None:
    weights = [TRUE_EFFECTS[name] for name in RATINGS]
    assert weights == sorted(weights, reverse=True)
    assert len(set(weights)) == len(weights)
    doc = (Path(__file__).parents[2] / "docs" / "demo-world.md").read_text(encoding="utf-8")
    for key, value in TRUE_EFFECTS.items():
        assert re.search(rf"`{re.escape(key)}`\s*\|\s*{re.escape(f'{value:g}')}\b", doc), key


def _roughly(observed: float, documented: float, low: float, high: float) -> None:
    """``observed`` has the sign of ``documented`` and ``low``..``high`` times its size."""
    assert observed * documented > 0, (observed, documented)
    assert low * abs(documented) <= abs(observed) <= high * abs(documented), (observed, documented)


def _nps_gap(surveys: list[dict[str, Any]], flag: Any) -> tuple[float, int]:
    flagged = [e["properties"]["nps"] for e in surveys if flag(e)]
    others = [e["properties"]["nps"] for e in surveys if not flag(e)]
    return float(np.mean(flagged) - np.mean(others)), len(flagged)


def test_late_delivery_lowers_nps_by_the_documented_amount(
    events: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]
) -> None:
    surveys = _surveys(events, "post_delivery")
    gap, n = _nps_gap(surveys, lambda e: by_id[e["properties"]["trigger_event_id"]]["properties"]["late"])
    assert n >= 50
    _roughly(gap, TRUE_EFFECTS["late_delivery_on_nps"], 0.65, 1.35)
    late_customers = {
        _customer_index(e) for e in events if e["type"] == "delivery.delivered" and e["properties"]["late"]
    }
    relationship = _surveys(events, "relationship_nps")
    gap, _ = _nps_gap(relationship, lambda e: _customer_index(e) in late_customers)
    assert gap < 0


def test_support_failures_lower_nps(events: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> None:
    surveys = _surveys(events, "post_contact")

    def contact(e: dict[str, Any]) -> dict[str, Any]:
        return by_id[e["properties"]["trigger_event_id"]]

    gap, n = _nps_gap(surveys, lambda e: not contact(e)["properties"]["resolved"])
    assert n >= 30
    _roughly(gap, TRUE_EFFECTS["unresolved_on_nps"], 0.5, 1.6)
    gap, _ = _nps_gap(surveys, lambda e: contact(e)["properties"]["wait_seconds"] > LONG_WAIT[contact(e)["type"]])
    assert gap < 0.3 * TRUE_EFFECTS["long_wait_on_nps"]


def _complete_cases(events: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    rows = [e["properties"] for e in _surveys(events) if all(r in e["properties"] for r in RATINGS)]
    x = np.array([[row[r] for r in RATINGS] for row in rows], dtype=float)
    y = np.array([row["nps"] for row in rows], dtype=float)
    return x, y


def test_ols_recovers_the_driver_weights_and_their_order(events: list[dict[str, Any]]) -> None:
    x, y = _complete_cases(events)
    assert len(y) >= 250
    design = np.column_stack([np.ones(len(y)), x - 3.0])
    coef = np.linalg.lstsq(design, y, rcond=None)[0][1:]
    assert list(np.argsort(-coef)) == [0, 1, 2, 3, 4], coef
    for name, value in zip(RATINGS[:3], coef[:3], strict=True):
        assert abs(value - TRUE_EFFECTS[name]) <= 0.25 * TRUE_EFFECTS[name], (name, value)


def test_relative_weights_rank_delivery_first_and_app_last(events: list[dict[str, Any]]) -> None:
    x, y = _complete_cases(events)
    z = (x - x.mean(0)) / x.std(0)
    zy = (y - y.mean()) / y.std()
    corr = np.corrcoef(z.T)
    r_xy = z.T @ zy / len(zy)
    values, vectors = np.linalg.eigh(corr)
    lam = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta = np.linalg.solve(lam, r_xy)
    raw = (lam**2) @ (beta**2)
    assert list(np.argsort(-raw)) == [0, 1, 2, 3, 4], raw / raw.sum()


# -- text and time ------------------------------------------------------------------------------------


def _topics_in(language: str, text: str) -> set[str]:
    found = set()
    for topic, templates in PHRASES[language].items():
        for template in templates:
            pattern = re.escape(template).replace(r"\{days\}", ".+?").replace(r"\{minutes\}", ".+?")
            if re.search(pattern, text):
                found.add(topic)
    return found


def test_comment_sentiment_agrees_with_the_score(events: list[dict[str, Any]], language_of: dict[str, str]) -> None:
    positive = {
        "delivery_fast",
        "checkout_easy",
        "staff_helpful",
        "product_good",
        "price_good",
        "app_easy",
        "general_pos",
    }
    negative = {
        "delivery_late", "payment_failed", "wait_long", "chat_wait", "reply_slow", "repeat_contact", "unresolved",
        "product_defect", "price_high", "app_bad", "general_neg",
    }  # fmt: skip
    checked = 0
    for event in _surveys(events):
        if "text" not in event:
            continue
        topics = _topics_in(language_of[event["customer_id"]], event["text"])
        assert topics, event["text"]
        nps = event["properties"]["nps"]
        if nps >= 9:
            assert not topics & negative, event["text"]
        elif nps <= 6:
            assert not topics & positive, event["text"]
        checked += 1
    assert checked > 300


def test_late_delivery_comments_name_the_delay(events: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> None:
    for event in _surveys(events, "post_delivery"):
        delivery = by_id[event["properties"]["trigger_event_id"]]["properties"]
        if event.get("text") and delivery["late"] and "delivery_late" in _topics_in("en", event["text"]):
            days = delivery["delay_days"]
            assert ("one day" if days == 1 else f"{days} days") in event["text"]


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc.dst is not None], ids=lambda loc: loc.city)
def test_daylight_saving_offsets_match_the_tz_database(locale: Any) -> None:
    try:
        zone = ZoneInfo(locale.timezone)
    except ZoneInfoNotFoundError:
        pytest.skip("no time-zone database on this machine")
    moment = datetime(2025, 1, 1, 0, 30, tzinfo=UTC)
    while moment.year < 2027:
        offset = moment.astimezone(zone).utcoffset()
        assert offset is not None
        assert offset_at(locale, int(moment.timestamp())) == int(offset.total_seconds()), moment
        moment += timedelta(hours=7)


def test_every_language_has_every_topic() -> None:
    topics = set(PHRASES["en"])
    for language, table in PHRASES.items():
        assert set(table) == topics, language
        for templates in table.values():
            assert templates
            for template in templates:
                filled = template.format(days="3", minutes="12")
                assert "{" not in filled
                assert SCRIPTS[language].search(filled)
