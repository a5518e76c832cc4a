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
from cxloop.model import SCORE_RANGES
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

_DIMENSIONS = ("type", "channel", "touchpoint", "source", "purpose")


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def build_batch(
    events: Sequence[TaggedEvent], known: Mapping[tuple[str, str], CustomerRef], received_at: datetime
) -> StoreBatch:
    """Rows for ``events`` (new, deduplicated, in the order to resolve them)."""
    resolver = IdentityResolver(known)
    owners = [resolver.resolve(i, event_id, event) for i, (event_id, event, _, _) in enumerate(events)]
    final = [resolver.find(owner) for owner in owners]

    batch = StoreBatch(merges=list(resolver.final_merges()))
    customers: dict[str, list[Any]] = {}
    counters: dict[tuple[str, str, str], list[Any]] = {}
    attributes: dict[tuple[str, str, str], AttributeRow] = {}
    for (event_id, event, source, purpose), cid in zip(events, final, strict=True):
        at = event.occurred_at
        scores = {name: event.score(name) for name in SCORE_RANGES}
        batch.events.append(
            EventRow(
                event_id=event_id, customer_id=cid, type=event.type, occurred_at=at, received_at=received_at,
                touchpoint=event.touchpoint, channel=event.channel, source=source, purpose=purpose,
                identities=_json(event.identities) if event.identities else None,
                properties=_json(event.properties) if event.properties else None, text=event.text,
                nps=scores["nps"], csat=scores["csat"], ces=scores["ces"],
                survey=str(event.properties["survey"]) if event.type == "survey.response"
                and event.properties.get("survey") is not None else None,
            )
        )  # fmt: skip
        row = customers.get(cid)
        if row is None:
            customers[cid] = [at, at, 1]
        else:
            row[0], row[1], row[2] = min(row[0], at), max(row[1], at), row[2] + 1
        for dimension, value in zip(
            _DIMENSIONS, (event.type, event.channel, event.touchpoint, source, purpose), strict=True
        ):
            if value is None:
                continue
            key = (cid, dimension, value)
            counter = counters.get(key)
            if counter is None:
                counters[key] = [1, at, at]
            else:
                counter[0], counter[1], counter[2] = counter[0] + 1, min(counter[1], at), max(counter[2], at)
        if event.type == "customer.updated":
            for name, value in event.properties.items():
                _keep_latest(
                    attributes,
                    AttributeRow(cid, "descriptive", name, _json(value), source, purpose, event_id, at),
                )
        for name, score in scores.items():
            if score is not None:
                _keep_latest(
                    attributes,
                    AttributeRow(cid, "attitudinal", name, _json(score), source, purpose, event_id, at),
                )

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
    key = (row.customer_id, row.kind, row.name)
    old = into.get(key)
    if old is None or (row.updated_at, row.event_id) > (old.updated_at, old.event_id):
        into[key] = row
