"""The fields a metric can be grouped or filtered by, and the SQL each reads.

Written once for both stores: every expression here runs unchanged on DuckDB
and PostgreSQL (the contract suite checks that they give the same numbers).
Names that end up inside SQL text are validated to plain identifiers first;
values always travel as parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cxloop.errors import ValidationError

__all__ = ["PERIODS", "SCORE_FIELDS", "Field", "resolve_field"]

PERIODS = ("day", "week", "month", "quarter", "year")
#: Columns of the responses table that can be grouped or filtered by as they are.
_COLUMNS = ("touchpoint", "channel", "survey", "source", "purpose")
SCORE_FIELDS = ("nps", "csat", "ces")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Field:
    """A groupable/filterable field: its output name, SQL, and what it needs joined."""

    name: str
    sql: str
    needs_event: bool = False
    trait: str | None = None  # customer trait to join, by name
    numeric: bool = False


def _checked(name: str, what: str, full: str) -> str:
    if not _NAME.match(name):
        raise ValidationError(f"{full}: {what} {name!r} must be letters, digits and underscores")
    return name


def resolve_field(name: str, *, timezone: str = "UTC", dialect: str = "duckdb") -> Field:
    """The field ``name`` means: a period, a response column, a score, properties.NAME or a trait.

    Any other plain name is a customer trait (segment, language, ...); ``traits.NAME`` says so explicitly.
    """
    name = name.strip()
    if name in PERIODS:
        if timezone == "UTC" and dialect == "duckdb":
            # The same buckets without a time-zone conversion per row (measured: 3x faster on 10M answers).
            return Field(name, f"CAST(date_trunc('{name}', make_timestamp(epoch_us(r.occurred_at))) AS DATE)")
        zone = timezone.replace("'", "''")
        # Periods are counted in the workspace's time zone, as people read them.
        return Field(name, f"CAST(date_trunc('{name}', r.occurred_at AT TIME ZONE '{zone}') AS DATE)")
    if name in _COLUMNS:
        return Field(name, f"r.{name}")
    if name in SCORE_FIELDS:
        return Field(name, f"r.{name}", numeric=True)
    group, dot, rest = name.partition(".")
    if dot and group == "properties":
        key = _checked(rest, "property", name)
        return Field(name, f"(e.properties ->> '{key}')", needs_event=True)
    if dot and group == "traits":
        return Field(name, "", trait=_checked(rest, "trait", name))
    if not dot and _NAME.match(name):
        return Field(name, "", trait=name)
    raise ValidationError(
        f"{name!r} is not a field: use a period ({', '.join(PERIODS)}), {', '.join(_COLUMNS)},"
        " properties.NAME, or a customer trait such as segment or traits.NAME"
    )
