"""Built-in detectors. Each says, for an event, whether its signal should open
(with evidence) or clear (with a reason), and, for a moment, whether an open
signal has expired. Debounce lives in :mod:`.core`: an open signal re-triggered
is refreshed, not opened again, so one upset customer is one signal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from cxloop.engine.state import CustomerState
from cxloop.model import Event, Signal

__all__ = [
    "DEFAULT_DETECTORS",
    "Detector",
    "DetractorDetector",
    "FailureDetector",
    "KeywordText",
    "PublicComplaintDetector",
    "RepeatContactDetector",
    "TextSignals",
    "UpsetDetector",
    "Verdict",
    "last_seen",
]

CONTACT_TYPES = frozenset({"contact.created", "email.received", "call.started", "chat.started"})


@dataclass(frozen=True)
class Verdict:
    """``evidence`` set: the signal should be open; ``clear`` set: it should clear, for that reason."""

    evidence: Mapping[str, Any] | None = None
    clear: str | None = None


class Detector(Protocol):
    @property
    def name(self) -> str: ...

    def on_event(self, state: CustomerState, event_id: str, event: Event, source: str) -> Verdict | None: ...

    def expired(self, signal: Signal, state: CustomerState, now: datetime) -> str | None: ...

    def due(self, signal: Signal, state: CustomerState) -> datetime:
        """When :meth:`expired` may next answer yes (a timer for the store to wake the customer at)."""
        ...


class TextSignals(Protocol):
    """What the text issue's models provide: the negative span of a text, or None."""

    def negative(self, text: str) -> str | None: ...


def _negative(text: TextSignals, event: Event) -> str | None:
    """The negative span of the event's text: from ingest's analysis when present, else from ``text``."""
    if not event.text:
        return None
    verdict = event.properties.get("text_negative")
    if isinstance(verdict, bool):
        evidence = event.properties.get("text_evidence")
        return (evidence if isinstance(evidence, str) and evidence else event.text[:200]) if verdict else None
    return text.negative(event.text)


def _quiet(signal: Signal, now: datetime, span: timedelta, what: str) -> str | None:
    """The clearing reason once ``span`` has passed since the signal was last triggered."""
    return f"no {what} for {span.days} days" if now - last_seen(signal) >= span else None


def last_seen(signal: Signal) -> datetime:
    """When the signal was last triggered: its opening, or the latest refresh (debounce)."""
    last = signal.evidence.get("last_at")
    return last if isinstance(last, datetime) else signal.opened_at


@dataclass(frozen=True)
class RepeatContactDetector:
    """``threshold`` contacts about the same topic within ``window``."""

    threshold: int = 2
    window: timedelta = timedelta(days=7)
    name: str = "repeat_contact"

    def on_event(self, state: CustomerState, event_id: str, event: Event, source: str) -> Verdict | None:
        if event.type not in CONTACT_TYPES:
            return None
        topic = event.properties.get("topic")
        same = [c for c in state.contacts if c.topic == topic]
        # Any window of this length that holds this contact counts, so a contact that
        # arrives late joins the window it belongs to in event time.
        recent: list[Any] = []
        for start in (c.at for c in same if event.occurred_at - self.window <= c.at <= event.occurred_at):
            inside = [c for c in same if start <= c.at <= start + self.window]
            if len(inside) > len(recent):
                recent = inside
        if len(recent) < self.threshold:
            return None
        return Verdict(evidence={"topic": topic, "contacts": [c.event_id for c in recent],
                                 "channels": sorted({c.channel or "?" for c in recent}),
                                 "window_days": self.window.days})  # fmt: skip

    def expired(self, signal: Signal, state: CustomerState, now: datetime) -> str | None:
        if now >= self.due(signal, state):
            return f"no contact about {signal.evidence.get('topic') or 'it'} for {self.window.days} days"
        return None

    def due(self, signal: Signal, state: CustomerState) -> datetime:
        topic = signal.evidence.get("topic")
        return max((c.at for c in state.contacts if c.topic == topic), default=signal.opened_at) + self.window


@dataclass(frozen=True)
class FailureDetector:
    """A failed step (``*.failed``); cleared by a success that follows, or after ``clear_after``."""

    clears_on: Mapping[str, Sequence[str]] = field(
        default_factory=lambda: {"payment.failed": ("order.paid", "payment.succeeded")}
    )
    clear_after: timedelta = timedelta(days=1)
    name: str = "failure"

    def on_event(self, state: CustomerState, event_id: str, event: Event, source: str) -> Verdict | None:
        if event.type.endswith(".failed"):
            return Verdict(evidence={"type": event.type, "reason": event.properties.get("reason"),
                                     "touchpoint": event.touchpoint})  # fmt: skip
        open_failure = state.signal(self.name)
        if open_failure is not None and event.type in self.clears_on.get(str(open_failure.evidence.get("type")), ()):
            return Verdict(clear=f"{event.type} after {open_failure.evidence.get('type')}")
        return None

    def expired(self, signal: Signal, state: CustomerState, now: datetime) -> str | None:
        if now - last_seen(signal) >= self.clear_after:
            return f"no further failure for {self.clear_after}"
        return None

    def due(self, signal: Signal, state: CustomerState) -> datetime:
        return last_seen(signal) + self.clear_after


@dataclass(frozen=True)
class DetractorDetector:
    """An NPS answer of 0-6; cleared by a later 7-10, or after ``clear_after``."""

    clear_after: timedelta = timedelta(days=30)
    name: str = "detractor"

    def on_event(self, state: CustomerState, event_id: str, event: Event, source: str) -> Verdict | None:
        nps = event.score("nps")
        if nps is None:
            return None
        if nps <= 6:
            return Verdict(evidence={"nps": nps, "survey": event.properties.get("survey"), "text": event.text})
        return Verdict(clear=f"answered NPS {nps}")

    def expired(self, signal: Signal, state: CustomerState, now: datetime) -> str | None:
        return _quiet(signal, now, self.clear_after, "detractor answer")

    def due(self, signal: Signal, state: CustomerState) -> datetime:
        return last_seen(signal) + self.clear_after


@dataclass(frozen=True)
class KeywordText:
    """A small multilingual lexicon of dissatisfaction, until the text issue ships its models."""

    patterns: Sequence[str] = (
        r"\b(terrible|awful|worst|horrible|useless|unacceptable|disappointed|disappointing|angry|furious|"
        r"never again|cancel my|refund|still waiting|no one|nobody|rude|broken|late|delayed)\b",
        r"\b(horrible|pésimo|fatal|decepcionad[oa]|nunca más|tarde|retraso|reembolso|enfadad[oa])\b",
        r"(最差|太差|很差|失望|垃圾|退款|太慢|晚了|生气|投诉)",
        r"(最悪|ひどい|遅い|遅すぎ|残念|返金|二度と|不満|怒)",
        r"(แย่|ช้า|ผิดหวัง|ห่วย|ไม่พอใจ|คืนเงิน)",
        r"(سيء|سيئة|متأخر|تأخر|خيبة|أسوأ|استرداد|غاضب)",
    )
    _compiled: tuple[re.Pattern[str], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", tuple(re.compile(p, re.IGNORECASE) for p in self.patterns))

    def negative(self, text: str) -> str | None:
        for pattern in self._compiled:
            match = pattern.search(text)
            if match:
                return match.group(0)
        return None


@dataclass(frozen=True)
class UpsetDetector:
    """Negative text from the customer; cleared after ``clear_after`` without any."""

    text: TextSignals = field(default_factory=KeywordText)
    clear_after: timedelta = timedelta(days=7)
    name: str = "upset"

    def on_event(self, state: CustomerState, event_id: str, event: Event, source: str) -> Verdict | None:
        span = _negative(self.text, event)
        return None if span is None else Verdict(evidence={"span": span, "channel": event.channel})

    def expired(self, signal: Signal, state: CustomerState, now: datetime) -> str | None:
        return _quiet(signal, now, self.clear_after, "negative text")

    def due(self, signal: Signal, state: CustomerState) -> datetime:
        return last_seen(signal) + self.clear_after


@dataclass(frozen=True)
class PublicComplaintDetector:
    """Negative text posted in public (a social channel or source)."""

    text: TextSignals = field(default_factory=KeywordText)
    public: frozenset[str] = frozenset({"social", "social_listening"})
    clear_after: timedelta = timedelta(days=7)
    name: str = "public_complaint"

    def on_event(self, state: CustomerState, event_id: str, event: Event, source: str) -> Verdict | None:
        if not event.text or (event.channel not in self.public and source not in self.public):
            return None
        span = _negative(self.text, event)
        return None if span is None else Verdict(evidence={"span": span, "platform": event.properties.get("platform")})

    def expired(self, signal: Signal, state: CustomerState, now: datetime) -> str | None:
        return _quiet(signal, now, self.clear_after, "public complaint")

    def due(self, signal: Signal, state: CustomerState) -> datetime:
        return last_seen(signal) + self.clear_after


DEFAULT_DETECTORS: tuple[Detector, ...] = (
    RepeatContactDetector(),
    FailureDetector(),
    DetractorDetector(),
    UpsetDetector(),
    PublicComplaintDetector(),
)
