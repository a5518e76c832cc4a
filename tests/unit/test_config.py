"""cxloop.yaml: the template, every kind of problem at its file:line:field, and properties."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cxloop.config import (
    INIT_TEMPLATE,
    ConfigFileError,
    ConfigProblem,
    WorkspaceConfig,
    load_config,
    load_workspace_config,
    parse_config,
    write_init,
)
from cxloop.errors import ConfigError, WorkspaceError

FILE = "ws/cxloop.yaml"
PROBLEM_LINE = re.compile(r"^\S+:\d+: \S+: \S.*$")

# Line numbers matter below: each test edits one numbered line of this file.
BASE = """\
version: 1
workspace:
  name: Acme
  timezone: UTC
purposes:
  - name: service
    description: Serve orders
    basis: contract
    retention_days: 730
  - name: analytics
    description: Improve the shop
    basis: legitimate_interest
    retention_days: 365
sources:
  - name: http
    kind: http
    purpose: service
  - name: file_import
    kind: file
    purpose: analytics
channels:
  - name: web
    kind: digital
touchpoints:
  - name: checkout
    channel: web
    stage: buy
defaults:
  source: http
  file_source: file_import
"""


def edit(text: str, replace: dict[int, str] | None = None, delete: tuple[int, ...] = ()) -> str:
    """``text`` with 1-based lines replaced (a value may hold several lines) or deleted."""
    lines = text.splitlines()
    for number, new in (replace or {}).items():
        lines[number - 1] = new
    return "\n".join(line for number, line in enumerate(lines, 1) if number not in delete) + "\n"


def problems(text: str) -> list[ConfigProblem]:
    with pytest.raises(ConfigFileError) as caught:
        parse_config(text, file=FILE)
    return caught.value.problems


def where(text: str) -> set[tuple[int | None, str]]:
    return {(problem.line, problem.field) for problem in problems(text)}


# -- the template and init -------------------------------------------------


def test_base_fixture_is_valid() -> None:
    config = parse_config(BASE, file=FILE)
    assert config.purpose_names() == ["service", "analytics"]
    assert config.workspace.timezone == "UTC"
    assert config.segments == []


def test_init_writes_a_template_that_loads(tmp_path: Path) -> None:
    path = write_init(tmp_path / "ws" / "nested")
    assert path == tmp_path / "ws" / "nested" / "cxloop.yaml"
    assert path.read_text(encoding="utf-8") == INIT_TEMPLATE
    config = load_workspace_config(tmp_path / "ws" / "nested")
    assert {"service", "analytics", "cx_improvement"} <= set(config.purpose_names())
    assert [(s.name, s.kind) for s in config.sources][:2] == [("http", "http"), ("file_import", "file")]
    assert {"sdk", "survey", "social"} <= {s.name for s in config.sources}
    channels = {c.name for c in config.channels}
    assert {"web", "app", "email", "sms", "phone", "chat", "store", "social"} <= channels
    touchpoints = {t.name for t in config.touchpoints}
    expected = {"checkout", "delivery", "payment", "support_call", "support_chat", "returns"}
    assert expected | {"store_visit", "product", "browse"} <= touchpoints
    assert [s.name for s in config.segments] == ["new", "regular", "vip"]
    assert (config.defaults.source, config.defaults.file_source) == ("http", "file_import")
    assert config.default_purpose_for("survey") == "cx_improvement"
    phone = config.channel("phone")
    assert phone is not None and phone.kind == "assisted"
    call = config.touchpoint("support_call")
    assert call is not None and call.channel == "phone"
    assert config.store is None


def test_template_teaches_allowed_values_in_comments() -> None:
    comments = "\n".join(line for line in INIT_TEMPLATE.splitlines() if line.lstrip().startswith("#"))
    for allowed in (
        "contract | consent | legitimate_interest | legal_obligation",
        "http | file | sdk | connector | survey | social | demo",
        "digital | assisted | physical | social | messaging",
        "CXLOOP_STORE",
    ):
        assert allowed in comments


def test_init_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    path = write_init(tmp_path)
    path.write_text("version: 1\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="already exists"):
        write_init(tmp_path)
    assert path.read_text(encoding="utf-8") == "version: 1\n"
    assert write_init(tmp_path, force=True) == path
    assert path.read_text(encoding="utf-8") == INIT_TEMPLATE


def test_init_refuses_a_file_as_folder(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="is a file"):
        write_init(tmp_path / "plain")


# -- each kind of problem, at the right file:line:field ----------------------


def test_undeclared_purpose_reads_exactly() -> None:
    [problem] = problems(edit(BASE, {20: "    purpose: marketing"}))
    assert str(problem) == (
        "ws/cxloop.yaml:20: sources[1].purpose: 'marketing' is not a declared purpose; "
        "declare it under purposes: or use one of: analytics, service"
    )


def test_unknown_key_is_reported_on_its_own_line() -> None:
    [problem] = problems(edit(BASE, {17: "    purpose: service\n    colour: red"}))
    assert (problem.line, problem.field) == (18, "sources[0].colour")
    assert "unknown key 'colour'" in problem.message
    assert "name, kind, purpose, description" in problem.message


def test_misspelt_key_suggests_the_right_one_and_the_missing_key_points_at_its_entry() -> None:
    found = problems(edit(BASE, {17: "    purpse: service"}))
    assert [(p.line, p.field) for p in found] == [(15, "sources[0].purpose"), (17, "sources[0].purpse")]
    assert "required, but missing; add `purpose:`" in found[0].message
    assert "did you mean 'purpose'?" in found[1].message


def test_missing_required_field_uses_the_line_of_its_mapping() -> None:
    assert where(edit(BASE, delete=(9,))) == {(6, "purposes[0].retention_days")}
    assert where(edit(BASE, delete=(3,))) == {(3, "workspace.name")}  # the mapping now starts at timezone
    assert where(edit(BASE, delete=(1,))) == {(1, "version")}


def test_wrong_enum_value_lists_the_allowed_ones() -> None:
    [problem] = problems(edit(BASE, {8: "    basis: contracts"}))
    assert (problem.line, problem.field) == (8, "purposes[0].basis")
    assert "did you mean 'contract'?" in problem.message
    assert problem.message.endswith("use one of: contract, consent, legitimate_interest, legal_obligation")


def test_unknown_version_says_which_one_is_read() -> None:
    [problem] = problems(edit(BASE, {1: "version: 2"}))
    assert (problem.line, problem.field) == (1, "version")
    assert "write version: 1" in problem.message


def test_duplicate_name_points_at_the_second_entry() -> None:
    [problem] = problems(edit(BASE, {10: "  - name: service", 20: "    purpose: service"}))
    assert (problem.line, problem.field) == (10, "purposes[1].name")
    assert "duplicate name 'service': purposes[0] already uses it" in problem.message


def test_duplicate_yaml_key_is_not_silently_dropped() -> None:
    [problem] = problems(edit(BASE, {16: "    kind: http\n    kind: sdk"}))
    assert (problem.line, problem.field) == (17, "sources[0].kind")
    assert "appears twice here (first on line 16)" in problem.message


def test_bad_timezone_suggests_a_close_zone() -> None:
    [problem] = problems(edit(BASE, {4: "  timezone: Europe/Pariss"}))
    assert (problem.line, problem.field) == (4, "workspace.timezone")
    assert "'Europe/Pariss' is not an IANA time zone; did you mean 'Europe/Paris'?" in problem.message
    assert parse_config(edit(BASE, {4: "  timezone: Europe/Paris"})).workspace.timezone == "Europe/Paris"


def test_undeclared_channel_and_default_sources() -> None:
    found = problems(edit(BASE, {26: "    channel: webb", 29: "  source: api", 30: "  file_source: files"}))
    assert [(p.line, p.field) for p in found] == [
        (26, "touchpoints[0].channel"),
        (29, "defaults.source"),
        (30, "defaults.file_source"),
    ]
    assert found[0].message.endswith("declare it under channels: or use one of: web")
    assert found[2].message.endswith("declare it under sources: or use one of: file_import, http")


def test_values_are_not_coerced() -> None:
    found = problems(edit(BASE, {9: "    retention_days: '730'", 7: "    description: yes"}))
    assert [(p.line, p.field) for p in found] == [
        (7, "purposes[0].description"),
        (9, "purposes[0].retention_days"),
    ]
    assert "got a yes/no value (true)" in found[0].message
    assert "expected a whole number" in found[1].message


def test_bad_names_suggest_a_slug() -> None:
    [problem] = problems(edit(BASE, {22: "  - name: Web Site", 26: "    channel: Web Site"}))[:1]
    assert (problem.line, problem.field) == (22, "channels[0].name")
    assert "such as 'web_site'" in problem.message


def test_yaml_syntax_error_names_its_line() -> None:
    [problem] = problems(edit(BASE, {16: "    kind: http: web"}))
    assert (problem.line, problem.field) == (16, "yaml")
    assert "mapping values are not allowed here" in problem.message


def test_empty_and_non_mapping_documents() -> None:
    assert where("") == {(1, "(file)")}
    [problem] = problems("- just\n- a list\n")
    assert (problem.line, problem.field) == (1, "(top)")
    assert "expected a mapping" in problem.message


def test_every_problem_is_reported_in_file_order() -> None:
    text = edit(
        BASE,
        {
            4: "  timezone: Nowhere/Land",
            8: "    basis: contracts",
            10: "  - name: service",
            17: "    purpse: service",
            20: "    purpose: marketing",
            23: "    kind: web",
        },
    )
    with pytest.raises(ConfigError) as caught:
        parse_config(text, file=FILE)
    error = caught.value
    assert isinstance(error, ConfigFileError)
    assert isinstance(error, ValueError)
    expected = [
        (4, "workspace.timezone"),
        (8, "purposes[0].basis"),
        (10, "purposes[1].name"),
        (15, "sources[0].purpose"),
        (17, "sources[0].purpse"),
        (20, "sources[1].purpose"),
        (23, "channels[0].kind"),
    ]
    assert [(p.line, p.field) for p in error.problems] == expected
    lines = str(error).splitlines()
    assert lines == [str(p) for p in error.problems]
    assert all(PROBLEM_LINE.match(line) and line.startswith(f"{FILE}:") for line in lines)


def test_model_alone_enforces_references() -> None:
    data = yaml.safe_load(edit(BASE, {20: "    purpose: marketing"}))
    with pytest.raises(pydantic.ValidationError, match=r"sources\[1\]\.purpose: 'marketing'"):
        WorkspaceConfig.model_validate(data)


# -- files and folders ---------------------------------------------------------


def test_missing_file_says_to_run_init(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"has no cxloop\.yaml; run `cxloop init .*` to create"):
        load_workspace_config(tmp_path)
    with pytest.raises(ConfigError, match="cxloop init"):
        load_workspace_config(tmp_path / "absent")
    with pytest.raises(ConfigError, match=r"has no cxloop\.yaml"):
        load_config(tmp_path / "cxloop.yaml")


def test_file_name_and_lines_come_from_the_path(tmp_path: Path) -> None:
    path = tmp_path / "cxloop.yaml"
    path.write_text(edit(BASE, {8: "    basis: nope"}), encoding="utf-8")
    with pytest.raises(ConfigFileError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}:8: purposes[0].basis: ")


def test_undecodable_bytes_are_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "cxloop.yaml"
    path.write_bytes(BASE.encode() + b"# caf\xe9\n")
    with pytest.raises(ConfigFileError) as caught:
        load_config(path)
    [problem] = caught.value.problems
    assert problem.line == BASE.count("\n") + 1
    assert "UTF-8" in problem.message


# -- helpers -------------------------------------------------------------------


def test_lookup_helpers() -> None:
    config = parse_config(BASE)
    http = config.source("http")
    assert http is not None and http.kind == "http"
    assert config.source("fax") is None
    assert config.default_purpose_for("file_import") == "analytics"
    assert config.default_purpose_for("fax") is None
    checkout = config.touchpoint("checkout")
    assert checkout is not None and (checkout.channel, checkout.stage) == ("web", "buy")
    assert config.touchpoint("nowhere") is None
    web = config.channel("web")
    assert web is not None and web.kind == "digital"
    assert config.channel("fax") is None


def test_store_must_be_a_known_url() -> None:
    assert parse_config(BASE + "store: postgresql://u@h/db\n").store == "postgresql://u@h/db"
    [problem] = problems(BASE + "store: mysql://h/db\n")
    assert (problem.line, problem.field) == (31, "store")
    assert "duckdb:///path/to/cx.duckdb or postgresql://" in problem.message


# -- properties ------------------------------------------------------------------

slugs = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
# PyYAML folds NEL and the Unicode line/paragraph separators into line breaks
# when it reads them back, so they cannot round-trip through any YAML file.
_YAML_BREAKS = "\x85\u2028\u2029"
texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=_YAML_BREAKS), max_size=40)
labels = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=_YAML_BREAKS), min_size=1, max_size=40)


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    purposes = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    sources = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    channels = draw(st.lists(slugs, max_size=4, unique=True))
    data: dict[str, Any] = {
        "version": 1,
        "workspace": {
            "name": draw(labels),
            "timezone": draw(st.sampled_from(["UTC", "Europe/Paris", "Asia/Tokyo"])),
        },
        "purposes": [
            {
                "name": name,
                "description": draw(texts),
                "basis": draw(st.sampled_from(["contract", "consent", "legitimate_interest", "legal_obligation"])),
                "retention_days": draw(st.integers(1, 10_000)),
            }
            for name in purposes
        ],
        "sources": [
            {
                "name": name,
                "kind": draw(st.sampled_from(["http", "file", "sdk", "connector", "survey", "social", "demo"])),
                "purpose": draw(st.sampled_from(purposes)),
                **({"description": draw(texts)} if draw(st.booleans()) else {}),
            }
            for name in sources
        ],
        "channels": [
            {
                "name": name,
                "kind": draw(st.sampled_from(["digital", "assisted", "physical", "social", "messaging"])),
            }
            for name in channels
        ],
        "touchpoints": [
            {
                "name": name,
                "channel": draw(st.sampled_from([None, *channels])),
                "stage": draw(st.none() | slugs),
            }
            for name in draw(st.lists(slugs, max_size=4, unique=True))
        ],
        "segments": [{"name": name} for name in draw(st.lists(slugs, max_size=3, unique=True))],
        "defaults": {"source": draw(st.sampled_from([None, *sources]))},
        "store": draw(st.sampled_from([None, "duckdb:///tmp/cx.duckdb", "postgresql://u@h/db"])),
    }
    return data


@settings(deadline=None, max_examples=40)
@given(configs())
def test_valid_configs_round_trip_through_yaml(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cxloop.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        config = load_config(path)
        assert config == WorkspaceConfig.model_validate(data)
        assert config.purpose_names() == [p["name"] for p in data["purposes"]]
        path.write_text(yaml.safe_dump(config.model_dump()), encoding="utf-8")
        assert load_config(path) == config


corruptions = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.just("")),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000), st.just("")),
    st.tuples(st.just("insert"), st.integers(0, 10_000), texts),
    st.tuples(st.just("overwrite"), st.integers(0, 10_000), texts),
    st.tuples(st.just("indent"), st.integers(0, 10_000), st.sampled_from([" ", "  ", "\t", "- "])),
    st.tuples(st.just("dedent"), st.integers(0, 10_000), st.just("")),
    st.tuples(
        st.just("splice"),
        st.integers(0, 10_000),
        st.sampled_from([":", "- ", "[", "{", "'", '"', "&a", "*a", "!!"]),
    ),
)


@settings(deadline=None, max_examples=150)
@given(st.lists(corruptions, min_size=1, max_size=4))
def test_corrupted_template_fails_only_with_located_config_errors(edits: list[tuple[str, int, str]]) -> None:
    lines = INIT_TEMPLATE.splitlines()
    for kind, at, payload in edits:
        index = at % len(lines) if lines else 0
        if kind == "delete" and lines:
            del lines[index]
        elif kind == "duplicate" and lines:
            lines.insert(index, lines[index])
        elif kind == "insert":
            lines.insert(index, payload)
        elif kind == "overwrite" and lines:
            lines[index] = payload
        elif kind == "indent" and lines:
            lines[index] = payload + lines[index]
        elif kind == "dedent" and lines:
            lines[index] = lines[index][2:]
        elif kind == "splice" and lines:
            cut = at % (len(lines[index]) + 1)
            lines[index] = lines[index][:cut] + payload + lines[index][cut:]
    text = "\n".join(lines) + "\n"
    try:
        config = parse_config(text, file=FILE)
    except ConfigFileError as error:
        assert error.problems
        assert str(error).splitlines() == [str(p) for p in error.problems]
        for problem in error.problems:
            assert problem.file == FILE
            assert problem.line is not None and 1 <= problem.line <= text.count("\n") + 1
            assert problem.field and problem.message
    else:
        assert config.purpose_names()
