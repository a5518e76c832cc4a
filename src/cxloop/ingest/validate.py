"""Turning a raw record into a validated, tagged :class:`~cxloop.model.Event`."""

from __future__ import annotations

from typing import Any

import pydantic

from cxloop.errors import ValidationError
from cxloop.governance import DataUseTags
from cxloop.model import Event, derive_event_id

__all__ = ["TaggedEvent", "validate_record"]

TaggedEvent = tuple[str, Event, str, str]  # event_id, event, source, purpose


def _describe(exc: pydantic.ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field; put custom data under properties (CSV: a properties.NAME column)"
        elif error["type"] == "string_unicode":
            message = "contains bytes that are not valid UTF-8"
        elif error["type"] == "missing":
            message = "required field is missing"
        parts.append(f"{field}: {message}" if field else message)
    return "; ".join(parts)


def validate_record(data: dict[str, Any], tags: DataUseTags, default_source: str) -> TaggedEvent:
    """Validate one record; raise :class:`ValidationError` naming the field at fault."""
    if "received_at" in data:  # set by the server on arrival; an export carries it
        data = {key: value for key, value in data.items() if key != "received_at"}
    try:
        event = Event.model_validate(data)
    except pydantic.ValidationError as exc:
        raise ValidationError(_describe(exc)) from None
    source, purpose = tags.tag(event.source, event.purpose, default_source)
    event_id = event.event_id or derive_event_id(event.to_json_dict())
    return event_id, event, source, purpose
