"""One suite, every backend: what the Store protocol promises."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.governance import DataUseTags
from cxloop.ingest import Ingestor, records_from_objects
from cxloop.store import Store
from cxloop.store.schema import MIGRATIONS

TAGS = DataUseTags(sources={"api": "service", "crm": "service"}, purposes=frozenset({"service", "analytics"}))
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FIXED_NOW = datetime(2026, 4, 1, tzinfo=UTC)


def ev(
    i: int, customer: str | None = "u1", type_: str = "order.paid", minutes: int = 0, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "event_id": f"e{i}",
        "type": type_,
        "occurred_at": (T0 + timedelta(minutes=minutes)).isoformat(),
        "channel": "web",
        "touchpoint": "checkout",
    }
    if customer is not None:
        data["customer_id"] = customer
    data.update(extra)
    return data


def ingest(store: Store, events: list[dict[str, Any]], batch_size: int = 1000) -> Any:
    ingestor = Ingestor(store, TAGS, batch_size=batch_size, clock=lambda: FIXED_NOW)
    return ingestor.ingest(records_from_objects(events), default_source="api")


def test_migrations_are_versioned_and_idempotent(store: Store) -> None:
    assert store.schema_version() == MIGRATIONS[-1].version
    assert store.migrate() == MIGRATIONS[-1].version
    assert store.counts() == {"events": 0, "customers": 0, "responses": 0, "merges": 0}


def test_duplicates_store_nothing_new(store: Store) -> None:
    first = ingest(store, [ev(1), ev(2), ev(2)])
    assert (first.accepted, first.duplicates) == (2, 1)
    again = ingest(store, [ev(1), ev(3)])
    assert (again.accepted, again.duplicates) == (1, 1)
    assert store.counts()["events"] == 3
    profile = store.get_profile("u1")
    assert profile is not None
    assert profile.behavioural.event_count == 3
    assert profile.behavioural.by_type == {"order.paid": 3}


def test_events_without_id_get_a_content_id(store: Store) -> None:
    plain = {k: v for k, v in ev(1).items() if k != "event_id"}
    assert ingest(store, [plain]).accepted == 1
    assert ingest(store, [dict(plain)]).duplicates == 1
    shifted = {**plain, "occurred_at": "2026-03-01T10:00:00+01:00"}  # the same instant, another offset
    assert ingest(store, [shifted]).duplicates == 1


def test_profile_counts_scores_and_traits_with_provenance(store: Store) -> None:
    events = [
        ev(1, type_="customer.updated", properties={"segment": "vip", "city": "Bangkok"}, source="crm"),
        ev(2, type_="survey.response", minutes=5, properties={"nps": 3, "csat": 2}, text="slow"),
        ev(3, type_="survey.response", minutes=10, properties={"nps": 9}, channel="app"),
        ev(4, type_="customer.updated", minutes=20, properties={"city": "Chiang Mai"}, purpose="analytics"),
    ]
    assert ingest(store, events).accepted == 4
    p = store.get_profile("u1")
    assert p is not None
    assert p.descriptive["segment"].value == "vip"
    assert p.descriptive["segment"].source == "crm"
    assert p.descriptive["city"].value == "Chiang Mai"
    assert p.descriptive["city"].purpose == "analytics"
    assert p.attitudinal["nps"].value == 9
    assert p.attitudinal["csat"].value == 2
    assert [(h.metric, h.value) for h in p.attitudinal_history] == [("nps", 3), ("csat", 2), ("nps", 9)]
    assert p.behavioural.by_channel == {"web": 3, "app": 1}
    assert p.behavioural.first_seen == T0
    assert p.behavioural.last_seen == T0 + timedelta(minutes=20)
    assert set(p.behavioural.sources) == {"api", "crm"}
    assert store.counts()["responses"] == 2


def test_identities_link_and_merge_profiles(store: Store) -> None:
    ingest(store, [ev(1, customer="u1", identities={"email": "a@x.org"})])
    ingest(store, [ev(2, customer=None, identities={"phone": "+6620000000"}, minutes=1)])
    assert store.counts()["customers"] == 2
    # One event carries both: the phone's derived profile folds into u1.
    result = ingest(store, [ev(3, customer=None, identities={"email": "a@x.org", "phone": "+6620000000"}, minutes=2)])
    assert result.accepted == 1
    assert store.counts()["customers"] == 1
    p = store.get_profile("u1")
    assert p is not None
    assert p.behavioural.event_count == 3
    assert {(i.kind, i.value) for i in p.identity} == {
        ("customer_id", "u1"), ("email", "a@x.org"), ("phone", "+6620000000"),
    }  # fmt: skip
    assert len(p.merges) == 1
    merge = p.merges[0]
    assert merge.survivor_id == "u1"
    assert merge.event_id == "e3"
    assert "email" in merge.reason
    merged = store.get_profile(merge.merged_id)
    assert merged is not None
    assert merged.customer_id == "u1"


def test_merge_inside_one_batch(store: Store) -> None:
    events = [
        ev(1, customer=None, identities={"device_id": "d1"}),
        ev(2, customer="u9", minutes=1),
        ev(3, customer="u9", identities={"device_id": "d1"}, minutes=2),
    ]
    ingest(store, events)
    assert store.counts() == {"events": 3, "customers": 1, "responses": 0, "merges": 1}
    p = store.get_profile("u9")
    assert p is not None
    assert p.behavioural.event_count == 3


def test_export_streams_every_event(store: Store) -> None:
    ingest(store, [ev(i, customer=f"u{i % 7}", minutes=i) for i in range(120)])
    batches = list(store.export("events", batch_rows=50))
    rows = [r for b in batches for r in b.to_pylist()]
    assert len(rows) == 120
    assert [r["event_id"] for r in rows[:3]] == ["e0", "e1", "e2"]
    customers = [r for b in store.export("customers") for r in b.to_pylist()]
    assert len(customers) == 7


def test_api_keys_round_trip(store: Store) -> None:
    from cxloop.store import ApiKeyRecord

    store.add_api_key(ApiKeyRecord("k1", "web", ("ingest", "read"), "h", FIXED_NOW))
    key = store.get_api_key("k1")
    assert key is not None
    assert key.scopes == ("ingest", "read")
    assert store.revoke_api_key("k1", FIXED_NOW)
    assert not store.revoke_api_key("k1", FIXED_NOW)
    revoked = store.get_api_key("k1")
    assert revoked is not None
    assert revoked.revoked_at == FIXED_NOW


def _snapshot(store: Store) -> Any:
    """Which events ended up together, and what each resulting profile says.

    Survivor names may differ with arrival order (the first-seen customer of
    the moment wins), so profiles are compared by the events they hold.
    """
    groups: dict[str, list[str]] = {}
    for batch in store.export("events"):
        for row in batch.to_pylist():
            groups.setdefault(row["customer_id"], []).append(row["event_id"])
    out = []
    for cid, event_ids in groups.items():
        p = store.get_profile(cid)
        assert p is not None
        out.append((
            sorted(event_ids), p.behavioural.event_count, p.behavioural.by_type, p.behavioural.first_seen,
            {k: a.value for k, a in p.descriptive.items()}, {k: a.value for k, a in p.attitudinal.items()},
            sorted((i.kind, i.value) for i in p.identity),
        ))  # fmt: skip
    counts = {k: v for k, v in store.counts().items() if k != "merges"}
    return counts, sorted(out, key=lambda item: item[0])


event_lists = st.lists(
    st.tuples(
        st.sampled_from(["u1", "u2", "u3", None]),
        st.sampled_from(["order.paid", "customer.updated", "survey.response"]),
        st.integers(0, 50),
        st.sampled_from(["a@x.org", "b@x.org", None]),
        st.integers(0, 10),
    ),
    min_size=1,
    max_size=25,
)


def _events(spec: list[tuple[str | None, str, int, str | None, int]]) -> list[dict[str, Any]]:
    out = []
    for i, (cid, type_, minute, email, score) in enumerate(spec):
        extra: dict[str, Any] = {}
        if email:
            extra["identities"] = {"email": email}
        if type_ == "survey.response":
            extra["properties"] = {"nps": score}
        elif type_ == "customer.updated":
            extra["properties"] = {"tier": f"t{score}"}
        out.append(ev(i, customer=cid if cid or email else "u1", type_=type_, minutes=minute, **extra))
    return out


@pytest.mark.parametrize("seed", [1, 2])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=event_lists)
def test_same_events_any_order_same_profiles(store: Store, seed: int, spec: list[Any]) -> None:
    """Counters and latest-wins attributes do not depend on arrival order or batching."""
    from cxloop.store import open_store

    events = _events(spec)
    shuffled = events[:]
    random.Random(seed).shuffle(shuffled)
    a = open_store("duckdb://:memory:")
    try:
        ingest(a, events, batch_size=1000)
        ingest(store, shuffled, batch_size=3)
        assert _snapshot(store) == _snapshot(a)
    finally:
        a.close()
        _wipe(store)


def _wipe(store: Store) -> None:
    from cxloop.store.sqlbase import SqlStore

    assert isinstance(store, SqlStore)
    with store._transaction():
        for table in ("events", "responses", "customers", "identities", "attributes", "counters", "merges"):
            store._execute(f"DELETE FROM {table}")


def test_summary_queries_agree_with_a_hand_count(store: Store) -> None:
    from cxloop.analytics import summarize

    scores = [10, 9, 9, 8, 7, 6, 3, 0, 10, 5]
    events = [
        ev(i, customer=f"u{i}", type_="survey.response", minutes=i * 60 * 24 * 3, properties={"nps": s})
        for i, s in enumerate(scores)
    ]
    events += [ev(100 + i, customer="u1", minutes=i, channel="app") for i in range(4)]
    ingest(store, events)
    summary = summarize(store)
    assert summary.counts["events"] == 14
    assert summary.nps_overall.n == 10
    # 4 promoters (10, 9, 9, 10), 2 passives, 4 detractors: NPS 0.
    assert (summary.nps_overall.promoters, summary.nps_overall.passives, summary.nps_overall.detractors) == (4, 2, 4)
    assert summary.nps_overall.value == 0.0
    assert sum(n for _, n in summary.events_per_day) == 14
    assert dict(summary.events_by_channel) == {"web": 10, "app": 4}
    assert sum(cell.n for _, cell in summary.nps_per_week) == 10
    # Answers span 27 days: every one lies in the last 28 days, none before.
    assert (summary.nps_recent.n, summary.nps_previous.n) == (10, 0)
