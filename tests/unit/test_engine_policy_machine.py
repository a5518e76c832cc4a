"""A Hypothesis state machine: random event streams through the engine under
random contact policies; no invitation the engine plans ever breaks the policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from cxloop.config.policy import ContactPolicyConfig
from cxloop.config.rules import RuleConfig
from cxloop.engine.state import CustomerState
from cxloop.engine.step import Brain, Persona
from cxloop.model import Event

T0 = datetime(2026, 1, 5, tzinfo=UTC)
RULES = [
    RuleConfig.model_validate({"name": "after_delivery", "when": {"events": ["delivery.delivered"]},
                               "then": [{"survey": "post_delivery"}]}),
    RuleConfig.model_validate({"name": "after_call", "when": {"events": ["call.ended"]},
                               "then": [{"survey": "post_contact"}, {"survey": "post_delivery"}]}),
]  # fmt: skip

policies = st.builds(
    lambda cap, per, survey_cap, quiet, days, sampling, priority: ContactPolicyConfig.model_validate({
        "max_invitations": {"count": cap, "per_days": per},
        "per_survey": {"post_delivery": {"count": survey_cap, "per_days": 20}},
        "quiet_hours": quiet, "suppress_after_response_days": days, "sampling": sampling,
        "channel_priority": priority,
    }),
    st.integers(0, 3), st.integers(1, 30), st.integers(0, 2),
    st.one_of(st.none(), st.sampled_from([{"start": "21:00", "end": "08:00"}, {"start": "12:00", "end": "14:00"}])),
    st.integers(0, 20), st.sampled_from([1.0, 0.5]), st.permutations(["app", "email", "sms"]),
)  # fmt: skip


class PolicyMachine(RuleBasedStateMachine):
    @initialize(
        policy=policies,
        reachable=st.frozensets(st.sampled_from(["app", "email", "sms"])),
        opted_out=st.booleans(),
        zone=st.sampled_from(["UTC", "Asia/Bangkok", "America/New_York"]),
    )
    def start(self, policy: ContactPolicyConfig, reachable: frozenset[str], opted_out: bool, zone: str) -> None:
        self.policy = policy
        self.brain = Brain(RULES, policy)
        self.persona = Persona({"opt_out": opted_out}, reachable, zone)
        self.state = CustomerState("c1")
        self.now = T0
        self.n = 0
        self.planned: list[tuple[datetime, datetime, str, str]] = []  # decided at, send at, survey, channel
        self.answers: list[datetime] = []
        self.violations: list[str] = []

    def _send(self, kind: str, **extra: Any) -> None:
        self.n += 1
        event = Event.model_validate({"customer_id": "c1", "type": kind, "occurred_at": self.now, **extra})
        self.state, result = self.brain.on_event(self.state, f"e{self.n}", event, "http", self.persona)
        for decision in result.decisions:
            for action in decision.actions:
                if action.kind == "survey" and action.status == "planned":
                    assert action.send_at is not None and action.channel is not None
                    self._check(action.send_at, action.target, action.channel)
                    self.planned.append((self.now, action.send_at, action.target, action.channel))
        if kind == "survey.response":
            self.answers.append(self.now)

    def _check(self, send_at: datetime, survey: str, channel: str) -> None:
        p, t = self.policy, self.now
        if self.persona.opted_out:
            self.violations.append("invited an opted-out customer")
        first = next((c for c in p.channel_priority if c in self.persona.reachable), None)
        if channel != first:
            self.violations.append(f"channel {channel}, expected {first}")
        if any(t - timedelta(days=p.suppress_after_response_days) < a <= t for a in self.answers):
            self.violations.append("invited within the suppression window after an answer")
        for cap, sent in ((p.max_invitations, self.planned),
                          (p.per_survey.get(survey), [x for x in self.planned if x[2] == survey])):  # fmt: skip
            if cap is not None and sum(1 for x in sent if x[1] > t - timedelta(days=cap.per_days)) >= cap.count:
                self.violations.append(f"cap {cap} exceeded at {t}")
        if p.quiet_hours is not None:
            local = send_at.astimezone(ZoneInfo(self.persona.timezone))
            minute = local.hour * 60 + local.minute
            start, end = p.quiet_hours.minutes()
            quiet = start <= minute < end if start < end else (minute >= start or minute < end)
            if quiet:
                self.violations.append(f"sent at {local.isoformat()} in quiet hours")
        if send_at < t:
            self.violations.append("scheduled in the past")

    @rule(minutes=st.integers(1, 60 * 24 * 9))
    def time_passes(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    @rule(kind=st.sampled_from(["delivery.delivered", "call.ended"]))
    def trigger(self, kind: str) -> None:
        self._send(kind)

    @rule(nps=st.integers(0, 10))
    def answer(self, nps: int) -> None:
        self._send("survey.response", properties={"survey": "post_delivery", "nps": nps})

    @invariant()
    def policy_holds(self) -> None:
        assert not getattr(self, "violations", []), self.violations


PolicyMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
TestPolicyMachine = PolicyMachine.TestCase
