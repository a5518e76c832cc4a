"""Turning one batch of new, validated events into the rows a store writes.

This is pure: given the events and what the store knew of their identifiers,
it returns a :class:`~cxloop.store.StoreBatch`, aggregated per key so that
each upsert touches a row once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import orjson

from cxloop.ingest.identity import IdentityResolver
from cxloop.ingest.validate import TaggedEvent
from cxloop.store import (
    AttributeRow,
    CounterRow,
    CustomerRef,
    CustomerRow,
    EventRow,
    IdentityRow,
    StoreBatch,
)

__all__ = ["build_batch"]


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def build_batch(
    events: Sequence[TaggedEvent], known: Mapping[tuple[str, str], CustomerRef], received_at: datetime
) -> StoreBatch:
    """Rows for ``events``: new, deduplicated, sorted by ``(occurred_at, event_id)``."""
    resolver = IdentityResolver(known)
    owners = [resolver.resolve(i, event_id, event) for i, (event_id, event, _, _) in enumerate(events)]
    final = [resolver.find(owner) for owner in owners]

    batch = StoreBatch(merges=list(resolver.final_merges()))
    rows = batch.events
    customers: dict[str, list[Any]] = {}
    counters: dict[tuple[str, str, str], list[Any]] = {}
    attributes: dict[tuple[str, str, str], AttributeRow] = {}
    # Events come in time order, so a key's first occurrence is its earliest
    # and each new one its latest.
    for (event_id, event, source, purpose), cid in zip(events, final, strict=True):
        at = event.occurred_at
        kind = event.type
        props = event.properties
        nps = csat = ces = survey = None
        if kind == "survey.response":
            nps, csat, ces = event.score("nps"), event.score("csat"), event.score("ces")
            survey = None if props.get("survey") is None else str(props["survey"])
            for name, score in (("nps", nps), ("csat", csat), ("ces", ces)):
                if score is not None:
                    _keep_latest(
                        attributes, AttributeRow(cid, "attitudinal", name, str(score), source, purpose, event_id, at)
                    )
        elif kind == "customer.updated":
            for name, value in props.items():
                _keep_latest(
                    attributes, AttributeRow(cid, "descriptive", name, _json(value), source, purpose, event_id, at)
                )
        rows.append(
            EventRow(
                event_id, cid, kind, at, received_at, event.touchpoint, event.channel, source, purpose,
                _json(event.identities) if event.identities else None, _json(props) if props else None,
                event.text, nps, csat, ces, survey,
            )
        )  # fmt: skip
        row = customers.get(cid)
        if row is None:
            customers[cid] = [at, at, 1]
        else:
            row[1] = at
            row[2] += 1
        for dimension, value in (
            ("type", kind), ("channel", event.channel), ("touchpoint", event.touchpoint),
            ("source", source), ("purpose", purpose),
        ):  # fmt: skip
            if value is None:
                continue
            key = (cid, dimension, value)
            counter = counters.get(key)
            if counter is None:
                counters[key] = [1, at, at]
            else:
                counter[0] += 1
                counter[2] = at

    batch.customers = [
        CustomerRow(cid, resolver.is_given(cid), received_at, first, last, count)
        for cid, (first, last, count) in customers.items()
    ]
    batch.counters = [CounterRow(*key, n, first, last) for key, (n, first, last) in counters.items()]
    batch.attributes = list(attributes.values())
    for (kind, value), index in resolver.new_keys:
        event_id, event, source, purpose = events[index]
        batch.identities.append(
            IdentityRow(kind, value, resolver.find(resolver.owner[(kind, value)]), source, purpose, event_id,
                        event.occurred_at)
        )  # fmt: skip
    return batch


def _keep_latest(into: dict[tuple[str, str, str], AttributeRow], row: AttributeRow) -> None:
    # Time order again: a later row is the latest unless it ties on time with a greater event id.
    key = (row.customer_id, row.kind, row.name)
    old = into.get(key)
    if old is None or row.updated_at > old.updated_at or row.event_id > old.event_id:
        into[key] = row
