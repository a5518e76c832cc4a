"""Which survey answers a query reads: the FROM, the joins and the WHERE.

Shared by every analytics query so that a filter means the same everywhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cxloop.analytics.fields import Field, resolve_field
from cxloop.analytics.where import Condition, parse_where
from cxloop.errors import ValidationError

__all__ = ["Selection"]


class Selection:
    """Answers to ``metric`` (not null), in ``[start, end)``, matching ``where``."""

    def __init__(
        self,
        metric: str,
        where: str | None,
        start: datetime | None,
        end: datetime | None,
        timezone: str = "UTC",
    ) -> None:
        self.timezone = timezone
        self._joins: list[str] = []
        self._traits: dict[str, str] = {}
        self.needs_event = False
        self._where = [f"r.{metric} IS NOT NULL"]
        self._params: list[Any] = []
        if start:
            self._where.append("r.occurred_at >= ?")
            self._params.append(start)
        if end:
            self._where.append("r.occurred_at < ?")
            self._params.append(end)
        for condition in parse_where(where):
            field = resolve_field(condition.field, timezone=timezone)
            self._where.append(self._condition(self.expr(field), field, condition))

    def field(self, name: str) -> str:
        """SQL for the field called ``name`` (joining what it needs)."""
        return self.expr(resolve_field(name, timezone=self.timezone))

    def expr(self, field: Field) -> str:
        if field.trait is None:
            self.needs_event = self.needs_event or field.needs_event
            return field.sql
        alias = self._traits.get(field.trait)
        if alias is None:
            alias = self._traits[field.trait] = f"t{len(self._traits)}"
            self._joins.append(
                f"LEFT JOIN attributes {alias} ON {alias}.customer_id = r.customer_id"
                f" AND {alias}.kind = 'descriptive' AND {alias}.name = '{field.trait}'"
            )
        return f"trim(BOTH '\"' FROM CAST({alias}.value AS TEXT))"

    def _condition(self, expr: str, field: Field, condition: Condition) -> str:
        values: list[Any] = list(condition.values)
        if field.numeric:
            try:
                values = [float(v) for v in condition.values]
            except ValueError:
                raise ValidationError(
                    f"--where: {condition.field} compares with numbers, got {', '.join(condition.values)}"
                ) from None
        self._params.extend(values)
        if condition.op == "in":
            return f"{expr} IN ({', '.join('?' for _ in values)})"
        return f"{expr} {'<>' if condition.op == '!=' else condition.op} ?"

    def from_sql(self, *, with_event: bool = False) -> str:
        """``FROM responses r ...`` with the joins the fields used so far need."""
        event = "JOIN events e ON e.event_id = r.event_id " if (with_event or self.needs_event) else ""
        return f"FROM responses r {event}{' '.join(self._joins)}"

    @property
    def where_sql(self) -> str:
        return f"WHERE {' AND '.join(self._where)}"

    @property
    def params(self) -> list[Any]:
        """Parameters of the FROM and WHERE parts, in order."""
        return list(self._params)
