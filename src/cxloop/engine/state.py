"""Per-customer state: what the detectors need to remember, and nothing more.

The state is an immutable value: every update returns a new one, so a crash
between two events loses nothing that replaying the event log cannot rebuild,
and a snapshot is the value itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from cxloop.engine.policy import Sent
from cxloop.model import Signal

__all__ = ["MEMORY", "Contact", "CustomerState", "GoalStart"]

#: How long a contact is remembered; detectors' windows must fit inside it.
MEMORY = timedelta(days=30)
#: How long invitations and answers are remembered for the contact policy.
HISTORY = timedelta(days=366)


@dataclass(frozen=True)
class Contact:
    """A customer contacting the company (call, chat, e-mail, ...)."""

    at: datetime
    event_id: str
    channel: str | None
    topic: str | None


@dataclass(frozen=True)
class GoalStart:
    """A goal the customer started and has not reached yet."""

    goal: str
    at: datetime
    event_id: str


@dataclass(frozen=True)
class CustomerState:
    customer_id: str
    contacts: tuple[Contact, ...] = ()
    open_signals: tuple[Signal, ...] = ()
    last_event_at: datetime | None = None
    seen_event_ids: frozenset[str] = field(default_factory=frozenset)
    # Contact history for the contact policy: invitations planned, answers given.
    invitations: tuple[Sent, ...] = ()
    responses: tuple[datetime, ...] = ()
    goals: tuple[GoalStart, ...] = ()

    def signal(self, name: str) -> Signal | None:
        return next((s for s in self.open_signals if s.name == name), None)

    def with_contact(self, contact: Contact) -> CustomerState:
        # Contacts are kept in event time order whatever order they arrive in.
        kept = tuple(sorted((*self.contacts, contact), key=lambda c: (c.at, c.event_id)))
        return replace(self, contacts=kept)

    def forget_before(self, moment: datetime) -> CustomerState:
        # Contact history is kept for a year: caps and suppression windows must fit inside it.
        since, year = moment - MEMORY, moment - HISTORY
        if (
            (not self.contacts or self.contacts[0].at >= since)
            and (not self.invitations or self.invitations[0].at >= year)
            and (not self.responses or self.responses[0] >= year)
        ):
            return self
        return replace(
            self,
            contacts=tuple(c for c in self.contacts if c.at >= since),
            invitations=tuple(i for i in self.invitations if i.at >= year),
            responses=tuple(r for r in self.responses if r >= year),
        )

    def with_invitation(self, sent: Sent) -> CustomerState:
        return replace(self, invitations=tuple(sorted((*self.invitations, sent), key=lambda i: i.at)))

    def with_response(self, at: datetime) -> CustomerState:
        return replace(self, responses=tuple(sorted((*self.responses, at))))

    def opened(self, signal: Signal) -> CustomerState:
        return replace(self, open_signals=(*self.open_signals, signal))

    def cleared(self, name: str) -> CustomerState:
        return replace(self, open_signals=tuple(s for s in self.open_signals if s.name != name))
