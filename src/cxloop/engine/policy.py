"""Contact policy, as a pure function: may this customer be invited now, on which channel?

Every check is recorded, passed or failed, so a suppression is a decision with
its reason. The checks, in order: opt-out, reachability (the first reachable
channel in priority order), answered recently on any channel, the global and
per-survey caps, sampling (a stable hash of customer and trigger, so a replay
samples the same way), then quiet hours, which defer rather than refuse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from cxloop.config.policy import Cap, ContactPolicyConfig

__all__ = ["Check", "ContactHistory", "PolicyOutcome", "Sent", "evaluate", "sampled"]


@dataclass(frozen=True)
class Sent:
    """An invitation that went out."""

    at: datetime
    survey: str
    channel: str


@dataclass(frozen=True)
class ContactHistory:
    customer_id: str
    invitations: Sequence[Sent] = ()
    responses: Sequence[datetime] = ()
    opted_out: bool = False
    reachable: frozenset[str] = frozenset()
    timezone: str = "UTC"


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class PolicyOutcome:
    allowed: bool
    channel: str | None
    send_at: datetime | None
    reason: str  # why not, or "allowed"
    checks: list[Check] = field(default_factory=list)


def sampled(customer_id: str, trigger_id: str, rate: float) -> bool:
    """A stable coin: the same customer and trigger always land the same way."""
    if rate >= 1.0:
        return True
    digest = hashlib.sha256(f"{customer_id}\x00{trigger_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < rate


def _within_cap(sent: Sequence[Sent], cap: Cap, now: datetime) -> tuple[bool, int]:
    # Invitations scheduled for later (deferred past quiet hours) count already.
    used = sum(1 for s in sent if s.at > now - timedelta(days=cap.per_days))
    return used < cap.count, used


def _quiet_until(policy: ContactPolicyConfig, now: datetime, zone: str) -> datetime | None:
    """The end of the quiet hours ``now`` falls in (customer's local time), or None."""
    if policy.quiet_hours is None:
        return None
    start, end = policy.quiet_hours.minutes()
    if start == end:
        return None
    local = now.astimezone(ZoneInfo(zone))
    minute = local.hour * 60 + local.minute
    inside = start <= minute < end if start < end else minute >= start or minute < end
    if not inside:
        return None
    wake = local.replace(hour=end // 60, minute=end % 60, second=0, microsecond=0)
    if wake <= local:
        wake += timedelta(days=1)
    return wake.astimezone(now.tzinfo)


def evaluate(
    policy: ContactPolicyConfig, history: ContactHistory, survey: str, trigger_id: str, now: datetime
) -> PolicyOutcome:
    """Whether ``survey`` may be sent to the customer for ``trigger_id`` at ``now``."""
    checks: list[Check] = []

    def fail(name: str, detail: str) -> PolicyOutcome:
        checks.append(Check(name, False, detail))
        return PolicyOutcome(False, None, None, f"{name}: {detail}", checks)

    if history.opted_out:
        return fail("opt_out", "the customer asked not to be contacted")
    checks.append(Check("opt_out", True, "not opted out"))
    channel = next((c for c in policy.channel_priority if c in history.reachable), None)
    if channel is None:
        return fail("channel", f"none of {', '.join(policy.channel_priority)} reaches this customer")
    skipped = policy.channel_priority[: policy.channel_priority.index(channel)]
    checks.append(Check("channel", True, channel + (f" (not reachable: {', '.join(skipped)})" if skipped else "")))
    days = policy.suppress_after_response_days
    recent = [r for r in history.responses if days and now - timedelta(days=days) < r <= now]
    if recent:
        return fail("suppress_after_response", f"answered on {max(recent).date().isoformat()}, within {days} days")
    checks.append(Check("suppress_after_response", True, "no recent answer"))
    for name, cap, sent in (
        ("max_invitations", policy.max_invitations, history.invitations),
        (f"per_survey.{survey}", policy.per_survey.get(survey), [s for s in history.invitations if s.survey == survey]),
    ):
        if cap is None:
            continue
        ok, used = _within_cap(sent, cap, now)
        if not ok:
            return fail(name, f"{used} invitations in the last {cap.per_days} days; the cap is {cap.count}")
        checks.append(Check(name, True, f"{used} of {cap.count} in {cap.per_days} days"))
    if not sampled(history.customer_id, trigger_id, policy.sampling):
        return fail("sampling", f"not in the {policy.sampling:.0%} sample")
    checks.append(Check("sampling", True, f"in the {policy.sampling:.0%} sample"))
    wake = _quiet_until(policy, now, history.timezone)
    send_at = wake or now
    checks.append(Check("quiet_hours", True, f"deferred to {wake.isoformat()}" if wake else "outside quiet hours"))
    return PolicyOutcome(True, channel, send_at, "allowed", checks)
