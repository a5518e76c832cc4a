"""Named periods for comparisons: ``2026-10``, ``2026-Q3``, ``2026-W41``, ``2026``,
``2026-09-01..2026-10-01`` or ``last28d`` (the 28 days up to the newest answer)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from cxloop.errors import ValidationError

__all__ = ["Period", "parse_period", "previous_period"]


@dataclass(frozen=True)
class Period:
    label: str
    start: datetime  # inclusive
    end: datetime  # exclusive
    kind: str  # month, quarter, week, year, days, range


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _month(year: int, month: int) -> datetime:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime(year, month, 1, tzinfo=UTC)


def parse_period(text: str, newest: datetime | None = None) -> Period:
    """The period ``text`` names; ``newest`` anchors ``lastNd``."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValidationError(f"--period: {text!r} has no month {month}")
        return Period(text, _month(year, month), _month(year, month + 1), "month")
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, re.IGNORECASE):
        year, quarter = int(m[1]), int(m[2])
        return Period(text.upper(), _month(year, 3 * quarter - 2), _month(year, 3 * quarter + 1), "quarter")
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", text, re.IGNORECASE):
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            raise ValidationError(f"--period: {text!r} is not an ISO week") from None
        return Period(text.upper(), _midnight(monday), _midnight(monday + timedelta(days=7)), "week")
    if re.fullmatch(r"\d{4}", text):
        return Period(text, _month(int(text), 1), _month(int(text) + 1, 1), "year")
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
        try:
            start, end = _midnight(date.fromisoformat(m[1])), _midnight(date.fromisoformat(m[2]))
        except ValueError:
            raise ValidationError(f"--period: {text!r} has an impossible date") from None
        if start >= end:
            raise ValidationError(f"--period: {text!r} ends before it starts")
        return Period(text, start, end, "range")
    if m := re.fullmatch(r"last(\d{1,4})d", text):
        if newest is None:
            raise ValidationError("--period: there are no answers to count days back from")
        end = _midnight(newest.astimezone(UTC).date() + timedelta(days=1))
        return Period(text, end - timedelta(days=int(m[1])), end, "days")
    raise ValidationError(
        f"--period: {text!r} is not a period; use 2026-10, 2026-Q3, 2026-W41, 2026, 2026-09-01..2026-10-01 or last28d"
    )


def previous_period(period: Period) -> Period:
    """The period just before ``period``, of the same kind and length."""
    if period.kind == "month":
        start = _month(period.start.year, period.start.month - 1)
        return Period(start.strftime("%Y-%m"), start, period.start, "month")
    if period.kind == "quarter":
        start = _month(period.start.year, period.start.month - 3)
        return Period(f"{start.year}-Q{(start.month - 1) // 3 + 1}", start, period.start, "quarter")
    if period.kind == "year":
        start = _month(period.start.year - 1, 1)
        return Period(str(start.year), start, period.start, "year")
    length = period.end - period.start
    start = period.start - length
    if period.kind == "week":
        year, week, _ = start.isocalendar()
        return Period(f"{year}-W{week:02d}", start, period.start, "week")
    label = f"{start.date().isoformat()}..{period.start.date().isoformat()}"
    return Period(label, start, period.start, "range" if period.kind == "range" else "days")
