"""The models of ``cxloop.yaml``, the workspace's "CX as code" file.

Every model forbids unknown keys, so a typo is an error rather than a setting
silently ignored, and validates strictly: YAML already gives typed values, so a
quoted number or a bare ``yes`` where text is expected is reported, not coerced.
Cross-references (a source's purpose, a touchpoint's channel, the defaults) must
name declared entries, and names are unique within each list.
"""

from __future__ import annotations

import zoneinfo
from difflib import get_close_matches
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from cxloop.config._references import field_path, reference_problems
from cxloop.config.engine import (
    BlueprintEntry,
    CaseTypeConfig,
    DeliveryConfig,
    DetectorConfig,
    EngineConfig,
    GoalConfig,
    TeamConfig,
)
from cxloop.config.policy import ContactPolicyConfig
from cxloop.config.rules import RuleConfig
from cxloop.config.text import TextConfig
from cxloop.config.tree import MetricTreeConfig
from cxloop.model.touchpoint import SLUG_PATTERN, Channel, ChannelKind, Label, Slug, Touchpoint

__all__ = [
    "KNOWN_VERSIONS",
    "SLUG_PATTERN",
    "STORE_SCHEMES",
    "Basis",
    "ChannelConfig",
    "ChannelKind",
    "DefaultsConfig",
    "PurposeConfig",
    "SegmentConfig",
    "Slug",
    "SourceConfig",
    "SourceKind",
    "TouchpointConfig",
    "WorkspaceConfig",
    "WorkspaceSection",
]

#: The ``version:`` values this cxloop reads.
KNOWN_VERSIONS = (1,)
#: URL prefixes that ``store:`` may start with.
STORE_SCHEMES = ("duckdb://", "postgresql://", "postgres://")

Description = Annotated[str, StringConstraints(max_length=2000)]

Basis = Literal["contract", "consent", "legitimate_interest", "legal_obligation"]
SourceKind = Literal["http", "file", "sdk", "connector", "survey", "social", "demo"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class WorkspaceSection(_Section):
    """``workspace:``: who the workspace is for."""

    name: Label = Field(description="the workspace's display name, such as 'Acme retail'")
    timezone: str = Field(
        default="UTC",
        description="the IANA time zone your customers live in (days and hours are counted in it)",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            close = get_close_matches(value, sorted(zoneinfo.available_timezones()), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ValueError(
                f"{value!r} is not an IANA time zone; {hint}use a name such as UTC, Europe/Paris or America/New_York"
            ) from None
        return value


class PurposeConfig(_Section):
    """One entry of ``purposes:``: why data is held (the data-use cycle)."""

    name: Slug = Field(description="the purpose's name, such as service or analytics")
    description: Description = Field(description="what the data is used for, in words a customer would read")
    basis: Basis = Field(
        description="the legal basis for holding the data: contract, consent, legitimate_interest or legal_obligation"
    )
    retention_days: int = Field(gt=0, description="how many days data held for this purpose is kept")


class SourceConfig(_Section):
    """One entry of ``sources:``: where data comes from."""

    name: Slug = Field(description="the source's name, which events carry in their source field")
    kind: SourceKind = Field(description="how data arrives: http, file, sdk, connector, survey, social or demo")
    purpose: Slug = Field(description="the declared purpose that events from this source are held for")
    description: Description | None = Field(default=None, description="optional notes on the source")


# Channels and touchpoints are domain types; the YAML declares them as they are.
ChannelConfig = Channel
TouchpointConfig = Touchpoint


class SegmentConfig(_Section):
    """One entry of ``segments:``: a group of customers served differently."""

    name: Slug = Field(description="the segment's name, such as vip")
    description: Description | None = Field(default=None, description="optional: who belongs to it")


class DefaultsConfig(_Section):
    """``defaults:``: sources used when an event names none."""

    source: Slug | None = Field(default=None, description="declared source for HTTP/API events that name no source")
    file_source: Slug | None = Field(default=None, description="declared source for `cxloop ingest` without --source")


class WorkspaceConfig(_Section):
    """The whole of ``cxloop.yaml``, validated, cross-references included.

    >>> cfg = WorkspaceConfig.model_validate({
    ...     "version": 1,
    ...     "workspace": {"name": "Demo"},
    ...     "purposes": [{"name": "service", "description": "Serve orders",
    ...                   "basis": "contract", "retention_days": 30}],
    ...     "sources": [{"name": "http", "kind": "http", "purpose": "service"}],
    ... })
    >>> cfg.default_purpose_for("http"), cfg.default_purpose_for("fax")
    ('service', None)
    """

    version: Literal[1] = Field(description="the file format's version; this cxloop reads version: 1")
    workspace: WorkspaceSection = Field(description="the workspace's name and time zone")
    purposes: list[PurposeConfig] = Field(min_length=1, description="why data is held (the data-use cycle)")
    sources: list[SourceConfig] = Field(min_length=1, description="where data comes from")
    channels: list[ChannelConfig] = Field(default_factory=list, description="media customers use")
    touchpoints: list[TouchpointConfig] = Field(default_factory=list, description="journey touchpoints")
    segments: list[SegmentConfig] = Field(default_factory=list, description="customer segments")
    defaults: DefaultsConfig = Field(default_factory=DefaultsConfig, description="default sources")
    metric_tree: MetricTreeConfig | None = Field(default=None, description="NPS-centred metric tree")
    rules: list[RuleConfig] = Field(default_factory=list, description="event -> decision -> action rules")
    contact_policy: ContactPolicyConfig = Field(
        default_factory=ContactPolicyConfig, description="when and how customers may be asked for feedback"
    )
    blueprint: list[BlueprintEntry] = Field(default_factory=list, description="touchpoint -> process -> team")
    teams: list[TeamConfig] = Field(default_factory=list, description="teams that own cases and receive alerts")
    case_types: list[CaseTypeConfig] = Field(default_factory=list, description="case types and their SLAs")
    goals: list[GoalConfig] = Field(default_factory=list, description="goals whose delay makes a customer stuck")
    detectors: list[DetectorConfig] = Field(default_factory=list, description="custom binary detectors")
    engine: EngineConfig = Field(default_factory=EngineConfig, description="event time and engine defaults")
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig, description="webhook delivery")
    text: TextConfig = Field(default_factory=TextConfig, description="PII redaction and text analysis at ingest")
    store: str | None = Field(
        default=None,
        description="optional store URL (duckdb:///path or postgresql://...); CXLOOP_STORE overrides it",
    )

    @field_validator("store")
    @classmethod
    def _known_store(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(STORE_SCHEMES):
            raise ValueError(
                f"{value!r} is not a store URL cxloop knows; use duckdb:///path/to/cx.duckdb or "
                "postgresql://user@host/database, or null for the DuckDB file inside the workspace"
            )
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> WorkspaceConfig:
        problems = reference_problems(self.model_dump())
        if problems:
            lines = "\n".join(f"{field_path(loc)}: {message}" for loc, message in problems)
            raise PydanticCustomError("config_reference", "{problems}", {"problems": lines})
        return self

    def purpose_names(self) -> list[str]:
        """The declared purposes' names, in declaration order."""
        return [purpose.name for purpose in self.purposes]

    def source_names(self) -> list[str]:
        """The declared sources' names, in declaration order."""
        return [source.name for source in self.sources]

    def purpose(self, name: str) -> PurposeConfig | None:
        """The purpose called ``name``, or ``None`` when none is declared."""
        return next((purpose for purpose in self.purposes if purpose.name == name), None)

    def source(self, name: str) -> SourceConfig | None:
        """The source called ``name``, or ``None`` when none is declared."""
        return next((source for source in self.sources if source.name == name), None)

    def default_purpose_for(self, source_name: str) -> str | None:
        """The purpose events from ``source_name`` are held for, or ``None`` for an undeclared source."""
        source = self.source(source_name)
        return source.purpose if source is not None else None

    def channel(self, name: str) -> ChannelConfig | None:
        """The channel called ``name``, or ``None`` when none is declared."""
        return next((channel for channel in self.channels if channel.name == name), None)

    def touchpoint(self, name: str) -> TouchpointConfig | None:
        """The touchpoint called ``name``, or ``None`` when none is declared."""
        return next((touchpoint for touchpoint in self.touchpoints if touchpoint.name == name), None)

    def owner_of(self, touchpoint: str | None, case_type: str | None = None) -> str:
        """The team that owns a case of ``case_type`` raised at ``touchpoint`` (blueprint, then default)."""
        declared = next((c for c in self.case_types if c.name == case_type), None)
        if declared is not None and declared.owner is not None:
            return declared.owner
        entry = next((b for b in self.blueprint if b.touchpoint == touchpoint), None)
        return entry.team if entry is not None else self.engine.default_team

    def sla_hours(self, case_type: str) -> float:
        declared = next((c for c in self.case_types if c.name == case_type), None)
        return declared.sla_hours if declared is not None else self.engine.default_sla_hours

    def team(self, name: str) -> TeamConfig | None:
        return next((team for team in self.teams if team.name == name), None)

    def segment(self, name: str) -> SegmentConfig | None:
        """The segment called ``name``, or ``None`` when none is declared."""
        return next((segment for segment in self.segments if segment.name == name), None)
