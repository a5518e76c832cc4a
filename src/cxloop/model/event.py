"""The canonical ``Event``: one thing that happened to one customer.

Validation lives here so that every entry point (Python API, file import, HTTP)
rejects the same records for the same reasons.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "MAX_PROPERTIES_BYTES",
    "MAX_TEXT_CHARS",
    "SCORE_RANGES",
    "Event",
    "derive_event_id",
    "parse_timestamp",
]

MAX_TEXT_CHARS = 10_000
MAX_PROPERTIES_BYTES = 32_768
MAX_ID_CHARS = 128
#: Survey scores an ``survey.response`` may carry, with their inclusive ranges.
SCORE_RANGES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}

_NAME = r"^[a-z][a-z0-9_\-]*(\.[a-z0-9_\-]+)*$"
_SLUG = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"
_IDENTITY_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def parse_timestamp(value: object) -> datetime:
    """Parse an RFC 3339 timestamp that carries a UTC offset; return it in UTC.

    >>> parse_timestamp("2026-03-01T10:00:00+01:00").isoformat()
    '2026-03-01T09:00:00+00:00'
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        # A bare date or a time without a date is not a moment in time.
        if len(text) < 19 or text[10] not in "Tt ":
            raise ValueError(f"{value!r} is not an RFC 3339 date-time such as 2026-03-01T09:00:00+00:00")
        try:
            parsed = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            raise ValueError(f"{value!r} is not an RFC 3339 date-time such as 2026-03-01T09:00:00+00:00") from None
    else:
        raise ValueError(f"expected an RFC 3339 date-time string, got {type(value).__name__}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(f"{value!s} has no UTC offset: add one such as +00:00 or Z")
    return parsed.astimezone(UTC)


def _broken_text(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None.

    Files are decoded with surrogateescape so that one bad byte rejects one
    record, not the file; the escaped bytes surface here as lone surrogates.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains bytes that are not valid UTF-8"
    return "contains a NUL character" if "\x00" in value else None


Timestamp = Annotated[datetime, BeforeValidator(parse_timestamp)]


class Event(BaseModel):
    """One interaction event, validated.

    ``customer_id`` or ``identities`` names the customer; ``source`` and
    ``purpose`` are the data-use tags that every stored item carries.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    event_id: Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS)] | None = None
    customer_id: Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS)] | None = None
    identities: dict[str, Annotated[str, Field(min_length=1, max_length=256)]] = Field(default_factory=dict)
    type: Annotated[str, Field(min_length=1, max_length=64, pattern=_NAME)]
    occurred_at: Timestamp
    touchpoint: Annotated[str, Field(min_length=1, max_length=64, pattern=_SLUG)] | None = None
    channel: Annotated[str, Field(min_length=1, max_length=64, pattern=_SLUG)] | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    text: Annotated[str, Field(max_length=MAX_TEXT_CHARS)] | None = None
    source: Annotated[str, Field(min_length=1, max_length=64, pattern=_SLUG)] | None = None
    purpose: Annotated[str, Field(min_length=1, max_length=64, pattern=_SLUG)] | None = None

    @field_validator("identities")
    @classmethod
    def _identity_kinds(cls, value: dict[str, str]) -> dict[str, str]:
        for kind in value:
            if not _IDENTITY_KIND.match(kind):
                raise ValueError(f"identity kind {kind!r} must be lower_snake_case, such as email or device_id")
        if len(value) > 16:
            raise ValueError("at most 16 identities per event")
        return value

    @field_validator("properties")
    @classmethod
    def _properties_fit(cls, value: dict[str, Any]) -> dict[str, Any]:
        # One serialisation checks size, JSON-ness and text at once: orjson
        # refuses lone surrogates (bytes that were not UTF-8) anywhere inside.
        try:
            encoded = orjson.dumps(value)
        except TypeError as exc:
            if "surrogates" in str(exc):
                raise ValueError("contains bytes that are not valid UTF-8") from None
            raise ValueError(f"properties must be plain JSON values: {exc}") from None
        if len(encoded) > MAX_PROPERTIES_BYTES:
            raise ValueError(f"properties take {len(encoded)} bytes as JSON; the limit is {MAX_PROPERTIES_BYTES}")
        if b"\\u0000" in encoded:
            raise ValueError("contains a NUL character")
        return value

    @model_validator(mode="after")
    def _clean_text(self) -> Event:
        # Fields with a pattern cannot hold broken bytes; the free-form ones are
        # checked together, which costs one encode for the common clean event.
        free = [self.event_id or "", self.customer_id or "", self.text or ""]
        if self.identities:
            free += [*self.identities, *self.identities.values()]
        if _broken_text("\n".join(free)) is None:
            return self
        for name in ("event_id", "customer_id", "text"):
            problem = _broken_text(getattr(self, name) or "")
            if problem:
                raise ValueError(f"{name}: {problem}")
        raise ValueError(f"identities: {_broken_text(chr(10).join(free))}")

    @model_validator(mode="after")
    def _names_a_customer_and_scores(self) -> Event:
        if self.customer_id is None and not self.identities:
            raise ValueError("customer_id or identities is required: say who the event is about")
        if self.type == "survey.response":
            present = [name for name in SCORE_RANGES if self.properties.get(name) is not None]
            if not present:
                raise ValueError(
                    "a survey.response needs properties.nps (0-10), properties.csat (1-5) or properties.ces (1-7)"
                )
            for name in present:
                low, high = SCORE_RANGES[name]
                score = self.properties[name]
                if isinstance(score, bool) or not isinstance(score, int | float) or score != int(score):
                    raise ValueError(f"properties.{name} must be a whole number from {low} to {high}, got {score!r}")
                if not low <= score <= high:
                    raise ValueError(f"properties.{name} must be from {low} to {high}, got {score!r}")
        return self

    def score(self, name: str) -> int | None:
        """The survey score ``name`` (nps, csat, ces) as an int, or None."""
        value = self.properties.get(name) if self.type == "survey.response" else None
        return None if value is None else int(value)

    def to_json_dict(self) -> dict[str, Any]:
        """The canonical JSON form (timestamps in RFC 3339, UTC)."""
        data = self.model_dump(exclude_none=True)
        data["occurred_at"] = self.occurred_at.isoformat()
        if not self.identities:
            data.pop("identities", None)
        if not self.properties:
            data.pop("properties", None)
        return data


def derive_event_id(data: dict[str, Any]) -> str:
    """A deterministic id from an event's content, for events sent without one.

    The same content always gives the same id, so a re-sent event is a duplicate.
    """
    content = {key: value for key, value in data.items() if key not in {"event_id", "received_at"}}
    digest = hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return f"ev_{digest[:32]}"
