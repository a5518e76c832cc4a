"""Domain types and their validation. This package imports nothing else of cxloop
except :mod:`cxloop.errors`; every other layer builds on it."""

from __future__ import annotations

from cxloop.model.customer import (
    DATA_KINDS,
    Attribute,
    Behaviour,
    IdentityLink,
    Merge,
    Profile,
    ScoreRecord,
)
from cxloop.model.event import (
    MAX_PROPERTIES_BYTES,
    MAX_TEXT_CHARS,
    SCORE_RANGES,
    Event,
    derive_event_id,
    parse_timestamp,
)
from cxloop.model.signal import Signal, SignalChange
from cxloop.model.touchpoint import Channel, Touchpoint

__all__ = [
    "DATA_KINDS",
    "MAX_PROPERTIES_BYTES",
    "MAX_TEXT_CHARS",
    "SCORE_RANGES",
    "Attribute",
    "Behaviour",
    "Channel",
    "Event",
    "IdentityLink",
    "Merge",
    "Profile",
    "ScoreRecord",
    "Signal",
    "SignalChange",
    "Touchpoint",
    "derive_event_id",
    "parse_timestamp",
]
