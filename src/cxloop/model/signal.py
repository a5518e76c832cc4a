"""Signals: binary conditions detected on a customer, with their evidence.

A signal is present from the moment a detector opens it until its clearing
condition holds; it is never a score. Detectors may use a confidence inside,
but what leaves them is open or cleared, with the evidence that justified it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = ["Signal", "SignalChange"]


@dataclass(frozen=True)
class Signal:
    """An open signal on one customer."""

    name: str  # repeat_contact, failure, detractor, upset, public_complaint, ...
    customer_id: str
    opened_at: datetime
    event_id: str  # the event that opened it
    evidence: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SignalChange:
    """A signal opening or clearing, at a moment, for a reason people can read."""

    change: Literal["opened", "cleared"]
    signal: Signal
    at: datetime
    reason: str
