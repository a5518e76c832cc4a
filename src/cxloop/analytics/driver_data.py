"""Reading the answers that key-driver analysis needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from cxloop.analytics.drivers import DriverResult, key_drivers
from cxloop.analytics.fields import SCORE_FIELDS, resolve_field
from cxloop.errors import ValidationError
from cxloop.store import Store

__all__ = ["drivers_of"]


def drivers_of(
    store: Store, target: str, drivers: Sequence[str], *, bootstrap: int = 200, seed: int = 0, min_n: int = 30
) -> DriverResult:
    """Relative importance of ``drivers`` (scores or ``properties.NAME``) for ``target`` over survey answers."""
    names = [target, *drivers]
    columns: list[str] = []
    for i, name in enumerate(names):
        field = resolve_field(name)
        if field.trait is not None or not (field.numeric or field.needs_event):
            raise ValidationError(
                f"{name!r}: drivers and targets are scores ({', '.join(SCORE_FIELDS)}) or properties.NAME"
            )
        columns.append(f"{field.sql} AS c{i}")
    sql = f"SELECT {', '.join(columns)} FROM responses r JOIN events e ON e.event_id = r.event_id"
    table = store.query(sql).to_pylist()
    frame = pd.DataFrame(
        {name: pd.to_numeric(pd.Series([row[f"c{i}"] for row in table], dtype=object), errors="coerce")
         for i, name in enumerate(names)}
    )  # fmt: skip
    absent = [name for name in names if frame[name].notna().sum() == 0] if len(frame) else names
    if absent:
        raise ValidationError(
            f"{', '.join(repr(a) for a in absent)}: no survey answer carries a numeric value for"
            f" {'it' if len(absent) == 1 else 'them'}; check the names (properties.NAME) and the data"
        )
    result: Any = key_drivers(frame, target, list(drivers), bootstrap=bootstrap, seed=seed, min_n=min_n)
    return result  # type: ignore[no-any-return]
