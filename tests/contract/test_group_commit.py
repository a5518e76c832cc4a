"""Group commit: several senders, one transaction, one answer each."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from cxloop.api.group_commit import GroupCommitter
from cxloop.ingest import Ingestor, records_from_objects
from cxloop.store import Store
from tests.contract.test_store_contract import TAGS, ev


def test_groups_get_their_own_counts(store: Store) -> None:
    ingestor = Ingestor(store, TAGS)
    ingestor.ingest(records_from_objects([ev(0)]), default_source="api")
    a = list(records_from_objects([ev(1), ev(2), {"type": "x"}]))
    b = list(records_from_objects([ev(2), ev(3), ev(0), ev(4, source="crm")]))
    first, second = ingestor.ingest_groups([(a, "api"), (b, "api")])
    assert (first.accepted, first.rejected, first.duplicates) == (2, 1, 0)
    assert (second.accepted, second.rejected, second.duplicates) == (2, 0, 2)  # e2 from a, e0 stored before
    assert first.rejects[0].where == "index 2"
    assert store.counts()["events"] == 5


def test_concurrent_submissions_all_land_once(store: Store) -> None:
    committer = GroupCommitter(Ingestor(store, TAGS))
    try:

        def send(sender: int) -> Any:
            events = [ev(sender * 100 + i, customer=f"u{i % 5}", minutes=i) for i in range(50)]
            events.append(ev(999))  # every sender repeats one event
            return committer.submit(list(records_from_objects(events)), "api").result(timeout=60)

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(send, range(16)))
    finally:
        committer.close()
    assert sum(r.accepted for r in results) == 16 * 50 + 1
    assert sum(r.duplicates for r in results) == 15
    assert store.counts()["events"] == 16 * 50 + 1
    profile = store.get_profile("u0")
    assert profile is not None
    assert profile.behavioural.event_count == 16 * 10
