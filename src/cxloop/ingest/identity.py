"""Identity resolution: link every identifier an event carries to one customer.

Each ``customer_id`` is itself an identity (kind ``customer_id``). An event
whose identifiers belong to several known customers merges them; the survivor
is the customer whose id was given (not derived), then the one seen first, then
the smallest id, so the choice does not depend on arrival order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cxloop.model import Event
from cxloop.store import CustomerRef, MergeRow

__all__ = ["IdentityResolver", "identity_keys"]

Key = tuple[str, str]

# Derived ids prefer the most stable identifier an event carries.
_KIND_ORDER = {"email": 0, "phone": 1, "device_id": 2}


def identity_keys(event: Event) -> list[Key]:
    keys: list[Key] = [("customer_id", event.customer_id)] if event.customer_id else []
    keys.extend(sorted(event.identities.items(), key=lambda kv: (_KIND_ORDER.get(kv[0], 9), kv[0])))
    return keys


def derived_customer_id(key: Key) -> str:
    return "c_" + hashlib.sha256(f"{key[0]}:{key[1]}".encode()).hexdigest()[:20]


@dataclass
class IdentityResolver:
    """Resolves one batch, starting from what the store already knows."""

    known: Mapping[Key, CustomerRef]
    owner: dict[Key, str] = field(default_factory=dict)
    new_keys: list[tuple[Key, int]] = field(default_factory=list)  # key, index of the event that brought it
    merges: list[MergeRow] = field(default_factory=list)
    new_customers: dict[str, bool] = field(default_factory=dict)  # id -> given
    _meta: dict[str, tuple[bool, datetime]] = field(default_factory=dict)
    _parent: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, ref in self.known.items():
            self.owner[key] = ref.customer_id
            self._meta[ref.customer_id] = (ref.given, ref.first_seen)

    def find(self, customer_id: str) -> str:
        root = customer_id
        while root in self._parent:
            root = self._parent[root]
        return root

    def resolve(self, index: int, event_id: str, event: Event) -> str:
        """The customer of ``event`` (an id that :meth:`find` may later remap)."""
        keys = identity_keys(event)
        owners = {self.find(self.owner[k]) for k in keys if k in self.owner}
        if event.customer_id and ("customer_id", event.customer_id) not in self.owner:
            self._create(event.customer_id, given=True, first_seen=event.occurred_at)
            owners.add(event.customer_id)
        if not owners:
            created = derived_customer_id(keys[0])
            self._create(created, given=False, first_seen=event.occurred_at)
            owners.add(created)
        survivor = min(owners, key=self._rank)
        for other in sorted(owners - {survivor}):
            self._parent[other] = survivor
            kinds = sorted({kind for kind, _ in keys})
            self.merges.append(
                MergeRow(
                    survivor_id=survivor,
                    merged_id=other,
                    merged_at=event.occurred_at,
                    event_id=event_id,
                    reason=f"event {event_id} carries identifiers ({', '.join(kinds)}) of both {survivor} and {other}",
                )
            )
        for key in keys:
            if key not in self.owner:
                self.owner[key] = survivor
                self.new_keys.append((key, index))
        return survivor

    def _create(self, customer_id: str, *, given: bool, first_seen: datetime) -> None:
        self.new_customers[customer_id] = given
        self._meta[customer_id] = (given, first_seen)

    def _rank(self, customer_id: str) -> tuple[bool, datetime, str]:
        given, first_seen = self._meta[customer_id]
        return (not given, first_seen, customer_id)

    def is_given(self, customer_id: str) -> bool:
        return self._meta[customer_id][0]

    def final_merges(self) -> Sequence[MergeRow]:
        """Merges re-pointed at final survivors, in the order they happened."""
        return [MergeRow(self.find(m.survivor_id), m.merged_id, m.merged_at, m.event_id, m.reason) for m in self.merges]
