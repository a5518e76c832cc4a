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

__all__ = [
    "DATA_KINDS",
    "MAX_PROPERTIES_BYTES",
    "MAX_TEXT_CHARS",
    "SCORE_RANGES",
    "Attribute",
    "Behaviour",
    "Event",
    "IdentityLink",
    "Merge",
    "Profile",
    "ScoreRecord",
    "derive_event_id",
    "parse_timestamp",
]
