"""Per-customer state: what the detectors need to remember, and nothing more.

The state is an immutable value: every update returns a new one, so a crash
between two events loses nothing that replaying the event log cannot rebuild,
and a snapshot is the value itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from cxloop.model import Signal

__all__ = ["Contact", "CustomerState"]

#: How long a contact is remembered; detectors' windows must fit inside it.
MEMORY = timedelta(days=30)


@dataclass(frozen=True)
class Contact:
    """A customer contacting the company (call, chat, e-mail, ...)."""

    at: datetime
    event_id: str
    channel: str | None
    topic: str | None


@dataclass(frozen=True)
class CustomerState:
    customer_id: str
    contacts: tuple[Contact, ...] = ()
    open_signals: tuple[Signal, ...] = ()
    last_event_at: datetime | None = None
    seen_event_ids: frozenset[str] = field(default_factory=frozenset)

    def signal(self, name: str) -> Signal | None:
        return next((s for s in self.open_signals if s.name == name), None)

    def with_contact(self, contact: Contact) -> CustomerState:
        # Contacts are kept in event time order whatever order they arrive in.
        kept = tuple(sorted((*self.contacts, contact), key=lambda c: (c.at, c.event_id)))
        return replace(self, contacts=kept)

    def forget_before(self, moment: datetime) -> CustomerState:
        return replace(self, contacts=tuple(c for c in self.contacts if c.at >= moment - MEMORY))

    def opened(self, signal: Signal) -> CustomerState:
        return replace(self, open_signals=(*self.open_signals, signal))

    def cleared(self, name: str) -> CustomerState:
        return replace(self, open_signals=tuple(s for s in self.open_signals if s.name != name))
