"""The engine's sections of cxloop.yaml: blueprint, teams, case types, goals,
detectors, engine, delivery; mistakes are reported at their line."""

from __future__ import annotations

import pytest

from cxloop.config import ConfigFileError, parse_config

HEAD = """version: 1
workspace: {name: t}
purposes: [{name: service, description: s, basis: contract, retention_days: 30}]
sources: [{name: http, kind: http, purpose: service}]
touchpoints: [{name: delivery}, {name: call}]
"""


def problems(tail: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ConfigFileError) as caught:
        parse_config(HEAD + tail, file="cxloop.yaml")
    return [(p.line, p.field, p.message) for p in caught.value.problems]


def test_ownership_follows_case_type_then_blueprint_then_the_default() -> None:
    config = parse_config(
        HEAD
        + """blueprint:
  - {touchpoint: delivery, process: fulfilment, team: logistics}
case_types:
  - {name: vip_complaint, sla_hours: 2, owner: vip_desk}
  - {name: detractor, sla_hours: 48}
engine: {default_team: care, default_sla_hours: 12}
"""
    )
    assert config.owner_of("delivery") == "logistics"
    assert config.owner_of("delivery", "vip_complaint") == "vip_desk"
    assert config.owner_of("call") == "care"
    assert (config.sla_hours("detractor"), config.sla_hours("unknown")) == (48, 12)


def test_a_blueprint_touchpoint_must_be_declared() -> None:
    [(line, field, message)] = problems("blueprint:\n  - {touchpoint: checkout, process: p, team: t}\n")
    assert (line, field) == (7, "blueprint[0].touchpoint")
    assert "'checkout' is not a declared touchpoint" in message


def test_bad_webhook_duplicate_team_and_bad_goal_are_each_reported() -> None:
    found = problems("""teams:
  - {name: ops, webhook: "ftp://example.com/x"}
  - {name: ops}
goals:
  - {name: buy, start: [checkout.started], done: [], within_hours: -1}
""")
    fields = {(line, field) for line, field, _ in found}
    assert (7, "teams[0].webhook") in fields
    assert (8, "teams[1].name") in fields
    assert {"goals[0].done", "goals[0].within_hours"} <= {field for _, field, _ in found}


def test_a_custom_detector_with_a_broken_condition_names_itself() -> None:
    from cxloop.engine.custom import custom_detectors
    from cxloop.errors import ConfigError

    config = parse_config(
        HEAD + "detectors:\n  - {name: big_return, events: [return.requested], where: 'amount > lots'}\n"
    )
    with pytest.raises(ConfigError, match="detectors: big_return: where:"):
        custom_detectors(config.detectors)


def test_a_webhook_action_needs_an_http_url() -> None:
    [(line, field, message)] = problems("rules:\n  - {name: r, when: {events: [a.b]}, then: [{webhook: 'ftp://x'}]}\n")
    assert (line, field) == (7, "rules[0].then[0].webhook")
    assert message == "'ftp://x' is not an http(s) URL; write one such as https://hooks.example.com/cx"
