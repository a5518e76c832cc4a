"""``metric_tree:``: NPS (or CSAT, CES) at the root, journeys or stages below,
touchpoints below those, operational KPIs at the leaves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from cxloop.model.touchpoint import Label, Slug

__all__ = ["KpiConfig", "MetricTreeConfig", "TreeNodeConfig"]

Expression = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
EventType = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_\-]*(\.[a-z0-9_\-]+)*$")
]
PropertyName = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class KpiConfig(_Strict):
    """An operational KPI read from events: the mean, 90th percentile or share true of one property."""

    name: Slug = Field(description="the KPI's name, such as delivery_delay")
    label: Label | None = Field(default=None, description="optional display name")
    event: EventType = Field(description="the event type carrying the property, such as delivery.delivered")
    property: PropertyName = Field(description="the numeric or true/false property, such as delay_days")
    aggregate: Literal["mean", "p90", "share_true"] = Field(default="mean", description="mean, p90 or share_true")
    better: Literal["lower", "higher"] = Field(default="lower", description="which direction is an improvement")
    target: float | None = Field(default=None, description="optional target value")


class TreeNodeConfig(_Strict):
    """A node: the answers its ``where`` selects (within its parent's), its children and KPIs."""

    name: Slug = Field(description="the node's name, unique in the tree")
    label: Label | None = Field(default=None, description="optional display name")
    where: Expression | None = Field(
        default=None, description="which answers belong here, in --where syntax, such as: survey = post_delivery"
    )
    target: float | None = Field(default=None, description="optional target for the metric at this node")
    children: list[TreeNodeConfig] = Field(default_factory=list, description="nodes below this one")
    kpis: list[KpiConfig] = Field(default_factory=list, description="operational KPIs at this node")


class MetricTreeConfig(_Strict):
    """The metric tree: the root metric and its nodes."""

    metric: Literal["nps", "csat", "ces"] = Field(default="nps", description="the root metric: nps, csat or ces")
    label: Label | None = Field(default=None, description="optional display name of the root")
    target: float | None = Field(default=None, description="optional target for the root")
    nodes: list[TreeNodeConfig] = Field(default_factory=list, description="the nodes below the root")

    @model_validator(mode="after")
    def _unique_names(self) -> MetricTreeConfig:
        seen: set[str] = set()
        for node in self.walk():
            if node.name in seen:
                raise ValueError(f"node name {node.name!r} is used twice; names are unique across the tree")
            seen.add(node.name)
        return self

    def walk(self) -> Iterator[TreeNodeConfig]:
        """Every node, depth first."""
        stack = list(reversed(self.nodes))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))
