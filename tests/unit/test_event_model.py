from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cxloop.model import Event, derive_event_id, parse_timestamp

BASE = {"customer_id": "u1", "type": "order.paid", "occurred_at": "2026-03-01T09:00:00+00:00"}


@given(
    moment=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1)),
    offset_minutes=st.integers(-14 * 60, 14 * 60),
    sep=st.sampled_from(["T", " "]),
)
def test_rfc3339_with_offset_parses_to_the_same_instant(moment: datetime, offset_minutes: int, sep: str) -> None:
    zone = timezone(timedelta(minutes=offset_minutes))
    aware = moment.replace(tzinfo=zone)
    parsed = parse_timestamp(aware.isoformat(sep=sep))
    assert parsed == aware
    assert parsed.tzinfo == UTC


@given(moment=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1)))
def test_naive_timestamps_are_rejected(moment: datetime) -> None:
    with pytest.raises(ValueError, match="no UTC offset"):
        parse_timestamp(moment.isoformat())


@given(text=st.text(max_size=40))
def test_parse_timestamp_raises_only_value_error(text: str) -> None:
    try:
        parsed = parse_timestamp(text)
    except ValueError:
        return
    assert parsed.tzinfo == UTC


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"occurred_at": "2026-03-01"}, "occurred_at", "not an RFC 3339 date-time"),
        ({"occurred_at": "yesterday"}, "occurred_at", "not an RFC 3339"),
        ({"occurred_at": 1700000000}, "occurred_at", "expected an RFC 3339 date-time string"),
        ({"type": "Order Paid"}, "type", "pattern"),
        ({"customer_id": None}, "", "customer_id or identities is required"),
        ({"text": "x" * 10_001}, "text", "at most 10000"),
        ({"properties": {"blob": "x" * 40_000}}, "properties", "the limit is 32768"),
        ({"identities": {"E-mail": "a@b.c"}}, "identities", "lower_snake_case"),
        ({"text": "bad \udcff byte"}, "text", "unable to parse raw data as a unicode string"),
        ({"customer_id": "u\x00"}, "", "customer_id: contains a NUL character"),
        ({"colour": "red"}, "colour", "Extra inputs"),
        ({"properties": []}, "properties", "valid dictionary"),
    ],
)
def test_each_bad_field_is_named(change: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        Event.model_validate({**BASE, **change})
    error = info.value.errors()[0]
    assert ".".join(str(p) for p in error["loc"]) == field
    assert message in error["msg"]


@pytest.mark.parametrize(
    ("props", "ok"),
    [
        ({"nps": 0}, True), ({"nps": 10}, True), ({"nps": 11}, False), ({"nps": -1}, False),
        ({"nps": 7.0}, True), ({"nps": 7.5}, False), ({"nps": "9"}, False), ({"nps": True}, False),
        ({"csat": 1}, True), ({"csat": 6}, False), ({"ces": 7}, True), ({"ces": 0}, False),
        ({"comment_only": 1}, False),
    ],
)  # fmt: skip
def test_survey_scores_are_checked(props: dict[str, object], ok: bool) -> None:
    data = {**BASE, "type": "survey.response", "properties": props}
    if ok:
        assert Event.model_validate(data).type == "survey.response"
    else:
        with pytest.raises(ValidationError):
            Event.model_validate(data)


_plain = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=5)


@given(props=st.dictionaries(_plain.filter(bool), st.integers(-(2**63), 2**63 - 1) | _plain, max_size=4))
def test_derived_ids_depend_only_on_content(props: dict[str, object]) -> None:
    a = Event.model_validate({**BASE, "properties": props}).to_json_dict()
    b = Event.model_validate({**BASE, "occurred_at": "2026-03-01T10:00:00+01:00", "properties": dict(props)})
    assert derive_event_id(a) == derive_event_id(b.to_json_dict())
    other = Event.model_validate({**BASE, "customer_id": "u2", "properties": props}).to_json_dict()
    assert derive_event_id(a) != derive_event_id(other)


def test_integers_beyond_64_bits_are_rejected_clearly() -> None:
    with pytest.raises(ValidationError, match="Integer exceeds 64-bit range"):
        Event.model_validate({**BASE, "properties": {"big": 2**70}})


def test_json_round_trip() -> None:
    event = Event.model_validate({**BASE, "identities": {"email": "a@b.c"}, "properties": {"nps": 3}, "text": "hi"})
    assert Event.model_validate(event.to_json_dict()) == event
