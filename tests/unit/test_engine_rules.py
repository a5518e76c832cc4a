"""Rules -> decisions: indexed by event type, explained, suppressions recorded, ids stable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cxloop.config import parse_config
from cxloop.config.policy import ContactPolicyConfig
from cxloop.config.rules import RuleConfig
from cxloop.engine import CustomerState, observe
from cxloop.engine.policy import ContactHistory, Sent
from cxloop.engine.rules import RuleIndex, decide
from cxloop.errors import ConfigError
from cxloop.model import Event

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
POLICY = ContactPolicyConfig.model_validate({"max_invitations": {"count": 1, "per_days": 30},
                                             "channel_priority": ["app", "email"]})  # fmt: skip
RULES = [
    RuleConfig.model_validate(r)
    for r in (
        {"name": "survey_after_delivery", "when": {"events": ["delivery.delivered"]},
         "then": [{"survey": "post_delivery"}]},
        {"name": "late_vip", "when": {"events": ["delivery.delivered"],
                                      "where": "properties.late = true and segment in (vip, gold)"},
         "then": [{"alert": "logistics"}, {"case": "late_delivery"}]},
        {"name": "upset_detractor", "when": {"events": ["survey.response"], "where": "nps <= 6",
                                             "signals": ["upset"]},
         "then": [{"case": "detractor_follow_up"}]},
    )
]  # fmt: skip


def event(type_: str, **extra: Any) -> Event:
    return Event.model_validate({"customer_id": "u1", "type": type_, "occurred_at": NOW.isoformat(), **extra})


def history(**extra: Any) -> ContactHistory:
    return ContactHistory("u1", reachable=frozenset({"email"}), **extra)


def test_only_rules_for_the_event_type_are_candidates() -> None:
    index = RuleIndex(RULES)
    assert [c.rule.name for c in index.candidates("delivery.delivered")] == ["survey_after_delivery", "late_vip"]
    assert index.candidates("page.viewed") == []


def test_a_matching_rule_is_an_explained_decision_with_stable_ids() -> None:
    index = RuleIndex(RULES)
    late = event("delivery.delivered", properties={"late": True})
    decisions = decide(index, CustomerState("u1"), "e1", late, "api", {"segment": "vip"}, history(), POLICY, NOW)
    assert [d.rule for d in decisions] == ["survey_after_delivery", "late_vip"]
    survey, escalation = decisions
    assert [(a.kind, a.target, a.status, a.channel) for a in survey.actions] == [
        ("survey", "post_delivery", "planned", "email")
    ]
    assert [(a.kind, a.target) for a in escalation.actions] == [("alert", "logistics"), ("case", "late_delivery")]
    assert escalation.explanation == (
        "Rule late_vip matched delivery.delivered (e1) for a vip customer: alert logistics; case late_delivery."
    )
    again = decide(index, CustomerState("u1"), "e1", late, "api", {"segment": "vip"}, history(), POLICY,
                   NOW + timedelta(hours=1))  # fmt: skip
    assert [d.decision_id for d in again] == [d.decision_id for d in decisions]
    assert [a.action_id for d in again for a in d.actions] == [a.action_id for d in decisions for a in d.actions]


def test_conditions_that_fail_are_listed_as_considered() -> None:
    index = RuleIndex(RULES)
    on_time = event("delivery.delivered", properties={"late": False})
    [decision] = decide(index, CustomerState("u1"), "e2", on_time, "api", {"segment": "vip"}, history(), POLICY, NOW)
    assert decision.considered == [
        ("survey_after_delivery", True, "all conditions hold"),
        ("late_vip", False, "properties.late = true does not hold"),
    ]


def test_a_suppressed_invitation_is_a_decision_with_its_reason() -> None:
    index = RuleIndex(RULES)
    busy = history(invitations=[Sent(NOW - timedelta(days=3), "other", "email")])
    [decision] = decide(index, CustomerState("u1"), "e3", event("delivery.delivered"), "api", {}, busy, POLICY, NOW)
    [action] = decision.actions
    assert (action.status, action.reason) == (
        "suppressed",
        "max_invitations: 1 invitations in the last 30 days; the cap is 1",
    )
    assert "suppressed (max_invitations" in decision.explanation
    assert [c.name for c in decision.policy_checks][-1] == "max_invitations"


def test_rules_can_require_open_signals() -> None:
    index = RuleIndex(RULES)
    answer = event("survey.response", properties={"nps": 2}, text="terrible, still waiting")
    calm = CustomerState("u1")
    assert decide(index, calm, "s1", answer, "api", {}, history(), POLICY, NOW) == []
    upset, _ = observe(calm, "s1", answer, "api", NOW)
    [decision] = decide(index, upset, "s1", answer, "api", {}, history(), POLICY, NOW)
    assert decision.rule == "upset_detractor"
    assert "with upset open" in decision.explanation


def test_rules_load_from_the_workspace_yaml_and_bad_ones_name_the_rule() -> None:
    from cxloop.config import INIT_TEMPLATE

    assert [r.name for r in parse_config(INIT_TEMPLATE).rules] == ["survey_after_delivery", "repeat_contact_case"]
    bad = RuleConfig.model_validate({"name": "broken", "when": {"events": ["a.b"], "where": "x ~ y"},
                                     "then": [{"alert": "t"}]})  # fmt: skip
    with pytest.raises(ConfigError, match=r"rules: broken: when\.where"):
        RuleIndex([bad])
    with pytest.raises(ValueError, match="exactly one of survey, alert, case, webhook or offer"):
        RuleConfig.model_validate({"name": "r", "when": {"events": ["a.b"]}, "then": [{"survey": "s", "alert": "t"}]})


def test_replay_applies_the_policy_to_its_own_invitations() -> None:
    from cxloop.engine.replay import replay

    deliveries = [
        ("u1", f"d{i}", event("delivery.delivered").model_copy(update={"occurred_at": NOW + timedelta(days=i)}), "api")
        for i in range(0, 90, 10)
    ]
    report = replay(deliveries, RULES[:1], POLICY, reachable=lambda _: frozenset({"email"}))
    # One invitation per 30 days at most: days 0, 30 and 60 are sent; the other six are suppressed.
    assert report.actions == {"survey:post_delivery": 3}
    assert report.suppressed == {"max_invitations": 6}
    assert report.events == 9
