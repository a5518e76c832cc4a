"""``text:``: PII redaction at ingest and text analysis of what customers write."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

__all__ = ["TextConfig"]

PiiKind = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=32)]


class TextConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    redact: bool = Field(
        default=True,
        description="replace e-mails, phone numbers, card numbers and your patterns before anything is stored",
    )
    patterns: dict[PiiKind, str] = Field(
        default_factory=dict, description="more PII to redact: KIND: regex, replaced by [KIND]"
    )
    thresholds: dict[Literal["negative", "churn_intent", "complaint", "praise"], float] = Field(
        default_factory=dict,
        description="per signal, the model score (0 to 1) from which it is present; default: the model's own",
    )
    analyze: bool = Field(
        default=True, description="add text_language, text_negative, text_signals, text_themes to events with text"
    )

    @field_validator("thresholds")
    @classmethod
    def _probabilities(cls, value: dict[str, float]) -> dict[str, float]:
        for signal, threshold in value.items():
            if not 0.0 < threshold < 1.0:
                raise ValueError(f"the threshold for {signal} must lie between 0 and 1, got {threshold}")
        return value

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: dict[str, str]) -> dict[str, str]:
        for kind, pattern in value.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"the pattern for {kind} is not a regular expression: {exc}") from None
        return value
