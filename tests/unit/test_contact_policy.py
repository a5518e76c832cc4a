"""Contact policy: no policy is ever violated, and every refusal says why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.config.policy import ContactPolicyConfig
from cxloop.engine.policy import ContactHistory, Sent, evaluate, sampled

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
POLICY = ContactPolicyConfig.model_validate({
    "max_invitations": {"count": 2, "per_days": 30}, "per_survey": {"post_delivery": {"count": 1, "per_days": 60}},
    "quiet_hours": {"start": "21:00", "end": "08:00"}, "channel_priority": ["app", "email", "sms"],
    "suppress_after_response_days": 14,
})  # fmt: skip


def history(**extra: object) -> ContactHistory:
    return ContactHistory("u1", reachable=frozenset({"email", "sms"}), **extra)  # type: ignore[arg-type]


def test_allowed_on_the_best_reachable_channel() -> None:
    outcome = evaluate(POLICY, history(), "post_delivery", "t1", NOW)
    assert (outcome.allowed, outcome.channel, outcome.send_at) == (True, "email", NOW)
    assert [c.name for c in outcome.checks] == [
        "opt_out", "channel", "suppress_after_response", "max_invitations", "per_survey.post_delivery",
        "sampling", "quiet_hours",
    ]  # fmt: skip
    assert outcome.checks[1].detail == "email (not reachable: app)"


def test_each_refusal_names_its_reason() -> None:
    assert evaluate(POLICY, history(opted_out=True), "s", "t", NOW).reason.startswith("opt_out:")
    unreachable = ContactHistory("u1", reachable=frozenset({"fax"}))
    assert evaluate(POLICY, unreachable, "s", "t", NOW).reason.startswith("channel:")
    answered = history(responses=[NOW - timedelta(days=3)])
    assert "answered on 2026-03-07" in evaluate(POLICY, answered, "s", "t", NOW).reason
    busy = history(invitations=[Sent(NOW - timedelta(days=d), "other", "email") for d in (1, 2)])
    assert (
        evaluate(POLICY, busy, "s", "t", NOW).reason
        == "max_invitations: 2 invitations in the last 30 days; the cap is 2"
    )
    again = history(invitations=[Sent(NOW - timedelta(days=45), "post_delivery", "email")])
    assert evaluate(POLICY, again, "post_delivery", "t", NOW).reason.startswith("per_survey.post_delivery:")
    assert evaluate(POLICY, again, "relationship", "t", NOW).allowed


def test_quiet_hours_defer_in_the_customers_time_zone() -> None:
    late_in_bangkok = datetime(2026, 3, 10, 16, 30, tzinfo=UTC)  # 23:30 in Bangkok
    outcome = evaluate(POLICY, history(timezone="Asia/Bangkok"), "s", "t", late_in_bangkok)
    assert outcome.allowed
    assert outcome.send_at == datetime(2026, 3, 11, 1, 0, tzinfo=UTC)  # 08:00 in Bangkok
    assert evaluate(POLICY, history(timezone="Europe/London"), "s", "t", late_in_bangkok).send_at == late_in_bangkok


def test_sampling_is_stable_and_close_to_its_rate() -> None:
    assert sampled("u1", "t1", 0.3) == sampled("u1", "t1", 0.3)
    share = sum(sampled(f"u{i}", "t", 0.3) for i in range(4000)) / 4000
    assert 0.27 < share < 0.33


def _policy(
    cap: int, per: int, survey_cap: int, quiet: dict[str, str] | None, suppress: int, rate: float
) -> ContactPolicyConfig:
    return ContactPolicyConfig.model_validate({
        "max_invitations": {"count": cap, "per_days": per}, "per_survey": {"a": {"count": survey_cap, "per_days": per}},
        "quiet_hours": quiet, "channel_priority": ["app", "email", "sms"], "suppress_after_response_days": suppress,
        "sampling": rate,
    })  # fmt: skip


policies = st.builds(
    _policy,
    st.integers(0, 4),
    st.integers(1, 40),
    st.integers(0, 2),
    st.none() | st.sampled_from([{"start": "21:00", "end": "08:00"}, {"start": "12:00", "end": "13:00"}]),
    st.integers(0, 20),
    st.sampled_from([1.0, 0.5]),
)


@settings(max_examples=200, deadline=None)
@given(
    policy=policies,
    steps=st.lists(st.tuples(st.integers(0, 72), st.sampled_from(["a", "b"]), st.booleans()), min_size=1, max_size=40),
    reachable=st.frozensets(st.sampled_from(["app", "email", "sms", "fax"])),
    zone=st.sampled_from(["UTC", "Asia/Bangkok", "America/New_York"]),
)
def test_no_policy_is_ever_violated(
    policy: ContactPolicyConfig, steps: list[tuple[int, str, bool]], reachable: frozenset[str], zone: str
) -> None:
    """Triggers and answers over time: whatever was sent respects every rule at the time it was decided."""
    now = NOW
    sent: list[Sent] = []
    answers: list[datetime] = []
    for i, (hours, survey, answered) in enumerate(steps):
        now += timedelta(hours=hours)
        if answered:
            answers.append(now)
        state = ContactHistory(
            "u1", invitations=list(sent), responses=list(answers), reachable=reachable, timezone=zone
        )
        outcome = evaluate(policy, state, survey, f"t{i}", now)
        if not outcome.allowed:
            assert outcome.channel is None and outcome.reason.split(":")[0] in {c.name for c in outcome.checks}
            continue
        assert outcome.channel == next(c for c in policy.channel_priority if c in reachable)
        assert not any(now - timedelta(days=policy.suppress_after_response_days) < a <= now for a in answers)
        assert policy.max_invitations is not None
        window = now - timedelta(days=policy.max_invitations.per_days)
        assert sum(1 for s in sent if s.at > window) < policy.max_invitations.count
        if survey == "a":
            assert sum(1 for s in sent if s.survey == "a" and s.at > window) < policy.per_survey["a"].count
        assert outcome.send_at is not None and outcome.send_at >= now
        if policy.quiet_hours is not None:
            local = outcome.send_at.astimezone(ZoneInfo(zone))
            start, end = policy.quiet_hours.minutes()
            minute = local.hour * 60 + local.minute
            assert not (start <= minute < end if start < end else minute >= start or minute < end)
        sent.append(Sent(outcome.send_at, survey, outcome.channel))
