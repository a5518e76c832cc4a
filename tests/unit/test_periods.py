from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxloop.analytics.periods import parse_period, previous_period
from cxloop.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "start", "end", "before"),
    [
        ("2026-10", "2026-10-01", "2026-11-01", "2026-09"),
        ("2026-01", "2026-01-01", "2026-02-01", "2025-12"),
        ("2026-q1", "2026-01-01", "2026-04-01", "2025-Q4"),
        ("2026-W01", "2025-12-29", "2026-01-05", "2025-W52"),
        ("2026", "2026-01-01", "2027-01-01", "2025"),
        ("2026-09-01..2026-09-11", "2026-09-01", "2026-09-11", "2026-08-22..2026-09-01"),
    ],
)
def test_named_periods(text: str, start: str, end: str, before: str) -> None:
    period = parse_period(text)
    assert (period.start.date().isoformat(), period.end.date().isoformat()) == (start, end)
    assert previous_period(period).label == before
    assert previous_period(period).end == period.start


def test_last_days_counts_back_from_the_newest_answer() -> None:
    period = parse_period("last28d", datetime(2026, 11, 20, 15, tzinfo=UTC))
    assert period.end == datetime(2026, 11, 21, tzinfo=UTC)
    assert period.end - period.start == timedelta(days=28)
    with pytest.raises(ValidationError, match="no answers"):
        parse_period("last28d", None)


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-W60", "2026-10-05..2026-10-01", "yesterday", "2026-02-30..2026-03-01"]
)
def test_bad_periods_say_what_is_accepted(text: str) -> None:
    with pytest.raises(ValidationError, match="--period"):
        parse_period(text)


@given(year=st.integers(1990, 2100), month=st.integers(1, 12), quarter=st.integers(1, 4))
def test_previous_periods_are_contiguous(year: int, month: int, quarter: int) -> None:
    for text in (f"{year}-{month:02d}", f"{year}-Q{quarter}", str(year)):
        period = parse_period(text)
        before = previous_period(period)
        assert before.end == period.start
        assert parse_period(before.label) == before
