"""The real-time engine's pure core: per-customer state and detectors.

Contract: :func:`cxloop.engine.core.observe` is a function of
``(state, event, now) -> (state, changes)`` and :func:`cxloop.engine.core.tick`
of ``(state, now) -> (state, changes)``; neither reads a clock, a store or a
bus, so replay, backtests and crash-recovery tests feed them recorded events
and a fake clock. Rules, decisions, contact policy and the outbox build on
this (issue 4); this package holds the detection half and the contact policy
(:func:`cxloop.engine.policy.evaluate`, also pure).
"""

from __future__ import annotations

from cxloop.engine.core import Engine, observe, tick
from cxloop.engine.detectors import (
    DEFAULT_DETECTORS,
    Detector,
    DetractorDetector,
    FailureDetector,
    KeywordText,
    PublicComplaintDetector,
    RepeatContactDetector,
    TextSignals,
    UpsetDetector,
)
from cxloop.engine.state import CustomerState

__all__ = [
    "DEFAULT_DETECTORS",
    "CustomerState",
    "Detector",
    "DetractorDetector",
    "Engine",
    "FailureDetector",
    "KeywordText",
    "PublicComplaintDetector",
    "RepeatContactDetector",
    "TextSignals",
    "UpsetDetector",
    "observe",
    "tick",
]
