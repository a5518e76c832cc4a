"""The real-time engine's pure core: state, detectors, goals, rules, contact policy.

Contract: :class:`cxloop.engine.step.Brain` turns ``(state, event)`` into
``(state, signal changes, decisions)`` and ``(state, now)`` into the same for
timers; :func:`cxloop.engine.core.observe` / :func:`~cxloop.engine.core.tick`
are its detection half and :func:`cxloop.engine.policy.evaluate` its contact
policy. Nothing here reads a clock, a store or a bus, so replay, backtests and
crash-recovery tests feed recorded events and a fake clock; the store, the
outbox and delivery live in :mod:`cxloop.loop`.
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
