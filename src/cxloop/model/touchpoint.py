"""Where interactions happen: channels (the medium) and touchpoints (the place in
the journey). A workspace declares them in ``cxloop.yaml``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["SLUG_PATTERN", "Channel", "ChannelKind", "Slug", "Touchpoint"]

#: Names of purposes, sources, channels, touchpoints, segments and stages.
SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"

Slug = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=SLUG_PATTERN)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ChannelKind = Literal["digital", "assisted", "physical", "social", "messaging"]


class _Declared(BaseModel):
    # Strict and closed: declared in YAML, where a typo must be an error.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Channel(_Declared):
    """A medium through which customers interact (web, app, phone, store, ...)."""

    name: Slug = Field(description="the channel's name, such as web or phone")
    kind: ChannelKind = Field(description="digital, assisted, physical, social or messaging")
    label: Label | None = Field(default=None, description="optional display name")


class Touchpoint(_Declared):
    """A place in the journey where an interaction happens (checkout, delivery, ...)."""

    name: Slug = Field(description="the touchpoint's name, which events carry in their touchpoint field")
    channel: Slug | None = Field(default=None, description="optional declared channel it happens on")
    stage: Slug | None = Field(default=None, description="optional journey stage, such as buy or use")
    label: Label | None = Field(default=None, description="optional display name")
